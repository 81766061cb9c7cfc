#include "config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>

#include <yaml-cpp/yaml.h>
#include <ax/sdk/units.hpp>

namespace ax::kernel {
namespace fs = std::filesystem;

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys{
      {"index.threads", ConfigType::integer, "0", "parser threads; 0 = one per core"},
      {"index.max_file_size", ConfigType::size, "2MiB", "files larger than this are skipped"},
      {"index.batch_size", ConfigType::integer, "256", "files per write transaction"},
      {"index.follow_symlinks", ConfigType::boolean, "false", "follow symbolic links inside the repository"},
      {"index.chunk_lines", ConfigType::integer, "40", "lines per text chunk in the search index"},
      {"find.limit", ConfigType::integer, "20", "results shown by find and def"},
      {"storage.store", ConfigType::string, "lmdb", "storage plugin holding the symbol store"},
      {"storage.search", ConfigType::string, "xapian", "storage plugin holding the search index"},
      {"log.level", ConfigType::choice, "warn", "least severe message shown", "debug|info|warn|error"},
      {"output.color", ConfigType::choice, "auto", "colour in terminal output", "auto|always|never"},
  };
  return keys;
}

const ConfigKey* find_config_key(std::string_view key) {
  for (const auto& k : config_keys())
    if (k.key == key) return &k;
  return nullptr;
}

std::string config_env_name(std::string_view key) {
  std::string name = "AX_";
  for (char c : key)
    name += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string validate_config_value(const ConfigKey& key, std::string_view value) {
  switch (key.type) {
    case ConfigType::integer: {
      if (!sdk::parse_count(value)) return "expects a non-negative whole number, not '" + std::string(value) + "'";
      return {};
    }
    case ConfigType::size:
      return sdk::parse_size(value) ? std::string()
                                    : "expects a size like 2MiB or 500000, not '" + std::string(value) + "'";
    case ConfigType::boolean:
      return value == "true" || value == "false" ? std::string()
                                                 : "expects true or false, not '" + std::string(value) + "'";
    case ConfigType::choice: {
      std::string_view rest = key.choices;
      while (!rest.empty()) {
        auto bar = rest.find('|');
        if (rest.substr(0, bar) == value) return {};
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      return "expects one of " + std::string(key.choices) + ", not '" + std::string(value) + "'";
    }
    case ConfigType::string:
      return value.empty() ? "expects a non-empty value" : std::string();
  }
  return {};
}

Config::Config(fs::path user_file, std::optional<fs::path> repository_file,
               const std::vector<std::pair<std::string, std::string>>& flags)
    : user_file_(std::move(user_file)), repository_file_(std::move(repository_file)) {
  for (const auto& k : config_keys())
    values_[std::string(k.key)] = {std::string(k.key), std::string(k.default_value), "default"};
  load_file(user_file_);
  if (repository_file_) load_file(*repository_file_);
  for (const auto& k : config_keys()) {
    std::string env = config_env_name(k.key);
    if (const char* v = std::getenv(env.c_str()); v != nullptr) {
      if (auto problem = validate_config_value(k, v); !problem.empty())
        throw ConfigError("environment " + env + ": " + std::string(k.key) + " " + problem);
      values_[std::string(k.key)] = {std::string(k.key), v, "env " + env};
    }
  }
  for (const auto& [key, value] : flags) {
    const ConfigKey* k = find_config_key(key);
    if (k == nullptr) throw sdk::UsageError("unknown configuration key '" + key + "' (see ax config list)");
    if (auto problem = validate_config_value(*k, value); !problem.empty())
      throw sdk::UsageError("-c " + key + ": " + problem);
    values_[key] = {key, value, "flag"};
  }
}

namespace {

// Known keys are two levels deep. Deeper nesting, or a file of thousands of nodes, comes from a
// mistake or from aliases: one that contains itself (`a: &a {b: *a}`) would recurse forever, and
// nested aliases expand exponentially.
constexpr int kMaxConfigDepth = 16;
constexpr std::size_t kMaxConfigNodes = 10000;

struct Flattening {
  const fs::path& file;
  std::vector<std::tuple<std::string, YAML::Node>> entries;
  std::size_t nodes = 0;

  std::string where(const YAML::Node& node) const { return file.string() + ":" + std::to_string(node.Mark().line + 1); }

  // Flattens nested maps into dotted keys, remembering each scalar's line.
  void add(const YAML::Node& node, const std::string& prefix, int depth) {
    if (++nodes > kMaxConfigNodes)
      throw ConfigError(file.string() + ": more than " + std::to_string(kMaxConfigNodes) +
                        " values (aliases expanding?)");
    if (!node.IsMap()) {
      entries.emplace_back(prefix, node);
      return;
    }
    if (depth == kMaxConfigDepth)
      throw ConfigError(where(node) + ": nested more than " + std::to_string(kMaxConfigDepth) +
                        " levels deep (an alias that contains itself?)");
    for (const auto& item : node) {
      if (item.first.IsMap() || item.first.IsSequence())
        throw ConfigError(where(item.first) + ": a key must be a plain name");
      const std::string key = item.first.as<std::string>();  // a null key reads "null"
      add(item.second, prefix.empty() ? key : prefix + "." + key, depth + 1);
    }
  }
};

}  // namespace

void Config::load_file(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return;
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(file.string() + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  } catch (const YAML::BadFile&) {
    throw ConfigError(file.string() + ": cannot be read");
  }
  if (root.IsNull()) return;
  if (!root.IsMap())
    throw ConfigError(file.string() + ":" + std::to_string(root.Mark().line + 1) + ": expected a mapping of keys");
  Flattening flattening{file, {}};
  flattening.add(root, "", 0);
  // A key given twice (`find: {limit: 1}` and later `find.limit: 2`, or a repeated section) is
  // ambiguous, and `config set` could only update one of them.
  std::map<std::string, int, std::less<>> first_line;
  for (const auto& [key, node] : flattening.entries) {
    const int line = node.Mark().line + 1;
    std::string where = file.string() + ":" + std::to_string(line);
    if (const auto [it, first] = first_line.emplace(key, line); !first)
      throw ConfigError(where + ": " + key + " is set twice (also on line " + std::to_string(it->second) + ")");
    const ConfigKey* k = find_config_key(key);
    if (k == nullptr) {
      warnings_.push_back(where + ": unknown key '" + key + "' ignored");
      continue;
    }
    if (!node.IsScalar()) throw ConfigError(where + ": " + key + " expects a single value");
    std::string value = node.Scalar();
    if (auto problem = validate_config_value(*k, value); !problem.empty())
      throw ConfigError(where + ": " + key + " " + problem);
    values_[key] = {key, value, file.string()};
  }
}

std::optional<std::string> Config::get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second.value;
}

std::vector<sdk::ConfigValue> Config::values() const {
  std::vector<sdk::ConfigValue> out;
  for (const auto& [_, v] : values_) out.push_back(v);
  return out;
}

void Config::set(std::string_view key, std::string_view value, sdk::ConfigScope scope) {
  const ConfigKey* k = find_config_key(key);
  if (k == nullptr) throw sdk::UserError("unknown configuration key '" + std::string(key) + "' (see ax config list)");
  if (auto problem = validate_config_value(*k, value); !problem.empty())
    throw sdk::UserError(std::string(key) + " " + problem);
  fs::path file;
  if (scope == sdk::ConfigScope::user) {
    file = user_file_;
  } else {
    if (!repository_file_) throw sdk::UserError("not inside an indexed repository; use --user or run ax index first");
    file = *repository_file_;
  }
  YAML::Node root;
  std::error_code ec;
  if (fs::exists(file, ec)) {
    try {
      root = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
      throw ConfigError(file.string() + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
    }
  }
  if (!root.IsMap()) root = YAML::Node(YAML::NodeType::Map);
  // Nested form: index.threads -> index: {threads: ...}
  std::string section(key.substr(0, key.find('.')));
  std::string leaf(key.substr(key.find('.') + 1));
  if (!root[section].IsMap()) root[section] = YAML::Node(YAML::NodeType::Map);
  root[section][leaf] = std::string(value);
  fs::create_directories(file.parent_path(), ec);
  fs::path temp = file;
  temp += ".tmp";
  {
    std::ofstream out(temp);
    out << YAML::Dump(root) << "\n";
    if (!out) throw sdk::UserError("cannot write " + temp.string());
  }
  fs::rename(temp, file, ec);
  if (ec) throw sdk::UserError("cannot write " + file.string() + ": " + ec.message());
  values_[std::string(key)] = {std::string(key), std::string(value), file.string()};
}

}  // namespace ax::kernel
