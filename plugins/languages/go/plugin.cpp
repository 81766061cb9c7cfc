#include <ax/sdk/plugin.hpp>

#include "go_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "go", "1.0.0",
          "Go: packages, functions, methods, structs, interfaces, types, constants, variables, imports", nullptr,
          ax::lang::GoLanguage)
