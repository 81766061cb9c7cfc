#include <ax/sdk/plugin.hpp>

#include "rust_language.hpp"

AX_PLUGIN(ax::sdk::PluginKind::language, "rust", "1.0.0",
          "Rust: modules, functions, structs, enums, traits, impls, macros, constants, use declarations", nullptr,
          ax::lang::RustLanguage)
