#include <ax/sdk/plugin.hpp>

#include "json_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "json", "1.0.0",
          "JSON and JSON with comments: keys by dotted path, package.json scripts and dependencies", nullptr,
          ax::lang::JsonLanguage)
