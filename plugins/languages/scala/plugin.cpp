#include <ax/sdk/plugin.hpp>

#include "scala_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "scala", "1.0.0",
          "Scala 2 and 3: packages, classes, objects, traits, enums, defs, vals, givens, extensions, imports", nullptr,
          ax::lang::ScalaLanguage)
