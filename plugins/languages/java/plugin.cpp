#include <ax/sdk/plugin.hpp>

#include "java_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "java", "1.0.0",
          "Java: packages, classes, interfaces, enums, records, annotations, methods, fields, imports", nullptr,
          ax::lang::JavaLanguage)
