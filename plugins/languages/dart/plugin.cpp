#include <ax/sdk/plugin.hpp>

#include "dart_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "dart", "1.0.0",
          "Dart: classes, mixins, extensions, enums, typedefs, functions, methods, accessors, constructors, fields, "
          "imports",
          nullptr, ax::lang::DartLanguage)
