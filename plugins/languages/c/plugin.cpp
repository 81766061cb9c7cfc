#include <ax/sdk/plugin.hpp>

#include "c_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "c", "1.0.0",
          "C: functions, structs, unions, enums, typedefs, globals, macros, fields, includes", nullptr,
          ax::lang::CLanguage)
