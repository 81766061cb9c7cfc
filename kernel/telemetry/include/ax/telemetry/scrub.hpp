// Error messages leave the process only scrubbed: paths, quoted names, identifiers and numbers are
// replaced, so what is kept says what went wrong, not where or with what.
#pragma once
#include <string>
#include <string_view>

namespace ax::telemetry {

// "cannot read '/home/a/x.cpp': Permission denied" -> "cannot read <name>: permission denied".
// Keeps plain lower-case words; replaces quoted text with <name>, words holding a '/' or a file
// extension with <path>, words with digits with <n>, and other identifiers with <name>. At most
// 200 characters.
std::string scrub_message(std::string_view message);

}  // namespace ax::telemetry
