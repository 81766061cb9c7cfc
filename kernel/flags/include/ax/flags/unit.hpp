// The unit a flag is evaluated for when the user names none: stable across runs, anonymous.
#pragma once
#include <filesystem>
#include <string>

namespace ax::flags {

struct Unit {
  std::string id;
  std::string source;  // "install id", "repository id" (or "--user", set by the caller)
};

// The anonymous install id of the telemetry store when one exists (never creating it), else a
// hash of `repository_root` (the working directory outside a repository).
Unit default_unit(const std::filesystem::path& repository_root);

}  // namespace ax::flags
