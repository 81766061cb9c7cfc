// One detector for every language plugin: exact file name, then extension, then shebang; when a
// name is claimed by several languages (".h": C and C++), their content checks decide, and a tie
// goes to the plugin found first (plugin precedence). When every claimant of an extension declines
// the content (".sc" holding SuperCollider), the shebang is still consulted. A file nothing claims
// is undetectable.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/language.hpp>

namespace ax::kernel {

class LanguageDetector {
 public:
  explicit LanguageDetector(const std::vector<sdk::LanguagePlugin*>& languages);
  // `head` is the start of the file (a few KiB) for shebangs and content checks.
  std::optional<std::string> detect(const std::filesystem::path& path, std::string_view head) const;

 private:
  std::optional<std::string> decide(const std::vector<sdk::LanguagePlugin*>& candidates,
                                    const std::filesystem::path& path, std::string_view head) const;
  std::map<std::string, std::vector<sdk::LanguagePlugin*>, std::less<>> by_file_name_;
  std::map<std::string, std::vector<sdk::LanguagePlugin*>, std::less<>> by_extension_;
  std::map<std::string, std::vector<sdk::LanguagePlugin*>, std::less<>> by_interpreter_;
};

// The interpreter named by a shebang line: "#!/usr/bin/env -S python3 -u" -> "python3". A UTF-8
// byte-order mark before "#!" is skipped. Launchers are looked through: `env` and its options,
// `npx tsx`, `poetry run python`, a `#!nix-shell -i python3` line, and a shell script that re-executes
// itself (`exec scala "$0" "$@"` in its first lines).
std::optional<std::string> shebang_interpreter(std::string_view head);

}  // namespace ax::kernel
