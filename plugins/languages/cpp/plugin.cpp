#include <ax/sdk/plugin.hpp>

#include "cpp_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "cpp", "1.0.0",
          "C++: namespaces, classes, methods, constructors, operators, templates, enums, aliases, fields, "
          "macros, includes",
          nullptr, ax::lang::CppLanguage)
