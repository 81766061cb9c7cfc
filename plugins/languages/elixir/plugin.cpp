#include <ax/sdk/plugin.hpp>

#include "elixir_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "elixir", "1.0.0",
          "Elixir: modules, protocols, implementations, functions, macros, structs, types, attributes, aliases",
          nullptr, ax::lang::ElixirLanguage)
