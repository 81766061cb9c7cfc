#pragma once
#include "config_support.hpp"

namespace ax::lang {

// JSON, with comments and trailing commas tolerated (tsconfig.json, .vscode/*.json): every object
// key is a `key` symbol named by its dotted path; package.json scripts and dependencies get their
// own kinds (see README.md).
class JsonLanguage : public config::ConfigLanguage {
 public:
  JsonLanguage();
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  config::NestingSyntax nesting_syntax() const override;
};

}  // namespace ax::lang
