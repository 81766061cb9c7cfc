// A small argument parser so that every command treats flags alike: `--flag`, `--opt value`,
// `--opt=value`, `--` ending options; unknown flags (`--x` or `-x`) are usage errors naming the flag,
// with the closest known flag suggested.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ax/sdk/host.hpp"
#include "ax/sdk/text.hpp"
#include "ax/sdk/units.hpp"

namespace ax::sdk {

class Args {
 public:
  // Tells a positional word starting with a single dash from a mistyped flag; a query's negated
  // filter, `-lang:go`, is such a word. Without one, every `-x` that is not declared is an error.
  using DashWord = std::function<bool(const std::string&)>;

  // `switches` take no value; `options` take one.
  Args(const std::vector<std::string>& argv, std::set<std::string> switches, std::set<std::string> options,
       const DashWord& dash_word = {}) {
    bool only_positional = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
      const std::string& arg = argv[i];
      bool declared = switches.count(arg) > 0 || options.count(arg) > 0;
      bool word = arg.size() < 2 || arg[0] != '-' || (arg[1] != '-' && !declared && dash_word && dash_word(arg));
      if (only_positional || word) {
        positional_.push_back(arg);
        continue;
      }
      if (arg == "--") {
        only_positional = true;
        continue;
      }
      std::string name = arg;
      std::optional<std::string> inline_value;
      if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
      if (switches.count(name)) {
        if (inline_value) throw UsageError("flag " + name + " takes no value");
        switches_.insert(name);
      } else if (options.count(name)) {
        if (inline_value) {
          options_[name] = *inline_value;
        } else if (i + 1 < argv.size()) {
          options_[name] = argv[++i];
        } else {
          throw UsageError("flag " + name + " needs a value");
        }
      } else {
        throw UsageError(unknown_flag_message(name, switches, options));
      }
    }
  }

  bool has(const std::string& flag) const { return switches_.count(flag) > 0; }
  std::optional<std::string> get(const std::string& option) const {
    auto it = options_.find(option);
    if (it == options_.end()) return std::nullopt;
    return it->second;
  }
  // A non-negative integer option, or `fallback` when absent; anything else is a usage error.
  std::size_t get_count(const std::string& option, std::size_t fallback) const {
    auto value = get(option);
    if (!value) return fallback;
    auto result = parse_count(*value);
    if (!result) throw UsageError(option + " takes a whole number, not '" + *value + "'");
    return static_cast<std::size_t>(*result);
  }
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  static std::string unknown_flag_message(const std::string& flag, const std::set<std::string>& switches,
                                          const std::set<std::string>& options) {
    std::string message = "unknown flag " + flag;
    std::string best;
    std::size_t best_distance = flag.size() / 3 + 2;  // close enough to be a typo
    for (const auto* flags : {&switches, &options}) {
      for (const auto& known : *flags) {
        std::size_t distance = edit_distance(flag, known);
        if (flag.size() > 2 && known.rfind(flag, 0) == 0) distance = std::min<std::size_t>(distance, 1);
        if (distance < best_distance) {
          best_distance = distance;
          best = known;
        }
      }
    }
    if (!best.empty()) message += "; did you mean " + best + "?";
    return message;
  }

  std::set<std::string> switches_;
  std::map<std::string, std::string> options_;
  std::vector<std::string> positional_;
};

}  // namespace ax::sdk
