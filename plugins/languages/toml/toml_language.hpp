#pragma once
#include "config_support.hpp"

namespace ax::lang {

// TOML: [tables], [[array tables]] and keys named by their dotted path; Cargo, Poetry, Pipfile and
// pyproject.toml dependencies get their own kind (see README.md).
class TomlLanguage : public config::ConfigLanguage {
 public:
  TomlLanguage();
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  config::NestingSyntax nesting_syntax() const override;
};

}  // namespace ax::lang
