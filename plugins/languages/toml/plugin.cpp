#include <ax/sdk/plugin.hpp>

#include "toml_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "toml", "1.0.0",
          "TOML: tables, array tables and keys by dotted path; Cargo, Poetry and pyproject dependencies", nullptr,
          ax::lang::TomlLanguage)
