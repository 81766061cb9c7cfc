#pragma once
#include "config_support.hpp"

namespace ax::lang {

// YAML: every mapping key is a `key` symbol named by its dotted path; CI jobs and steps, compose
// services and Kubernetes resources get their own kinds (see README.md).
class YamlLanguage : public config::ConfigLanguage {
 public:
  YamlLanguage();
  // Declines MiniYAML (tab-indented keys, which YAML forbids) and Mirah files named .mir.
  sdk::Confidence check_content(std::string_view path, std::string_view head) const override;
  std::string signature(TSNode definition, std::string_view source) const override;
  void post_process(sdk::ParseResult& result, TSNode root, std::string_view source) const override;
  config::NestingSyntax nesting_syntax() const override;
  std::size_t cut_offset(std::string_view source) const override;
  std::vector<std::size_t> split_offsets(std::string_view source) const override;
};

}  // namespace ax::lang
