#include <ax/sdk/plugin.hpp>

#include "yaml_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "yaml", "1.0.0",
          "YAML: keys by dotted path, Kubernetes resources, CI jobs and steps, compose services", nullptr,
          ax::lang::YamlLanguage)
