#include <ax/sdk/plugin.hpp>

#include "python_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "python", "1.0.0", "Python: functions, classes, methods, constants, imports",
          nullptr, ax::lang::PythonLanguage)
