#include <ax/sdk/plugin.hpp>

#include "python_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "python", "1.0.0",
          "Python: classes, enums, protocols, functions, methods, constructors, properties, fields, constants, "
          "type aliases, imports",
          nullptr, ax::lang::PythonLanguage)
