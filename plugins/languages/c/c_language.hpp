#pragma once
#include "c_family.hpp"
#include "c_tags_walk.hpp"

namespace ax::lang {

// C: functions (definitions, and prototypes the file does not define), structs, unions, enums and
// their enumerators, typedefs, globals, macros, struct fields; #include as imports.
class CLanguage : public CFamilyLanguage {
 public:
  CLanguage();
  // ".h" is claimed by C and C++: plain C headers are likely C; others are left to C++, and
  // Objective-C headers are vetoed (no supported language parses them).
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  bool walk_tags(std::size_t grammar, TSNode root, std::string_view source, TagMatches& matches) const override;

 private:
  CTagWalker walker_;
};

}  // namespace ax::lang
