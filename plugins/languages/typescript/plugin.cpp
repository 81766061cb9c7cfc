#include <ax/sdk/plugin.hpp>

#include "typescript_language.hpp"

AX_PLUGIN(
    ax::sdk::PluginKind::language, "typescript", "1.0.0",
    "TypeScript and TSX: functions, classes, interfaces, types, enums, namespaces, imports, calls, type references",
    nullptr, ax::lang::TypeScriptLanguage)
