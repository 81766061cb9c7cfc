#include <ax/sdk/plugin.hpp>

#include "javascript_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "javascript", "1.0.0",
          "JavaScript and JSX: functions, classes, methods, constants, imports, calls", nullptr,
          ax::lang::JavaScriptLanguage)
