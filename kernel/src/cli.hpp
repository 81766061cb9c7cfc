// The command line: global options, dispatch to command plugins, help, errors and exit codes.
#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace ax::kernel {

// Runs `ax` with `args` (without the program name); returns the exit code.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The closest of `candidates` to `word` if it is close enough to be a plausible typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace ax::kernel
