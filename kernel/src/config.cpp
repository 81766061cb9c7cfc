#include "config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include <yaml-cpp/yaml.h>
#include <ax/sdk/file.hpp>
#include <ax/sdk/units.hpp>

namespace ax::kernel {
namespace fs = std::filesystem;

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys{
      {"index.threads", ConfigType::integer, "0", "threads doing index work (1: all on one); 0 = one per core"},
      {"index.max_file_size", ConfigType::size, "2MiB", "files larger than this are skipped"},
      {"index.batch_size", ConfigType::integer, "4096", "at most this many files per write transaction"},
      {"index.batch_bytes", ConfigType::size, "4MiB",
       "a write transaction also ends once its files hold this much source (more: fewer rewrites, more memory)"},
      {"index.follow_symlinks", ConfigType::boolean, "false", "follow symbolic links inside the repository"},
      // 80, not 40: half the chunk documents cut a cold index's search-index CPU by a fifth and its
      // size by a sixth, and MRR@10 on scripts/bench/relevance held (0.612 -> 0.622).
      {"index.chunk_lines", ConfigType::integer, "80", "lines per text chunk in the search index"},
      {"index.search_buffer", ConfigType::size, "32MiB",
       "text an index run buffers for the search index before writing it (more: fewer rewrites, more memory)"},
      {"find.limit", ConfigType::integer, "20", "results shown by find and def"},
      // The ranking factors of `ax find` (ax find --explain shows them per result). Defaults: the
      // seed's (exact name 3, name 2, docstring 1.5, kind 1.2), then docstring, kind and path as tuned
      // on the tune split of scripts/bench/relevance.
      {"rank.mode", ConfigType::choice, "ax", "find's ranking: ax (factors, dedup) or bm25 (the index's BM25 alone)",
       "ax|bm25"},
      {"rank.exact_name", ConfigType::factor, "3", "a symbol whose name is the whole query"},
      {"rank.near_name", ConfigType::factor, "2", "a name the one-word query misspells (a typo or two)"},
      {"rank.name", ConfigType::factor, "2", "a name made of the query's words (scaled by the overlap)"},
      {"rank.docstring", ConfigType::factor, "2", "a doc comment holding the query's words (scaled by coverage)"},
      {"rank.kind", ConfigType::factor, "1.5", "a definition (function, method, type) rather than a field or key"},
      {"rank.path", ConfigType::factor, "1.5", "a file name made of the query's words (scaled by the overlap)"},
      {"rank.test", ConfigType::factor, "0.8", "a result in a test file"},
      {"rank.chunk", ConfigType::factor, "1", "a stretch of text rather than a symbol"},
      {"rank.coverage", ConfigType::factor, "1", "exponent of the share of query words a symbol holds"},
      // Semantic search (off by default; also the flag semantic-search): vectors made at index time.
      {"semantic.enabled", ConfigType::boolean, "false",
       "fuse find's ranking with symbol vectors trained at index time (else the semantic-search flag)"},
      {"semantic.model", ConfigType::string, "",
       "a model2vec directory to embed with instead of training (relative to the repository root)"},
      {"semantic.weight", ConfigType::factor, "0.25",
       "weight of the semantic ranking in the rank fusion (tuned on the relevance tune split)"},
      {"flow.stored_results", ConfigType::boolean, "true",
       "flow cycles and flow graph read the import cycles the index run stored (false: compute from every edge)"},
      {"storage.store", ConfigType::string, "lmdb", "storage plugin holding the symbol store"},
      {"storage.search", ConfigType::string, "xapian", "storage plugin holding the search index"},
      {"db.backup_keep", ConfigType::integer, "10", "backups kept in .ax/backups (older ones are deleted)"},
      {"db.hooks.before_migrate", ConfigType::string, "", "shell command run before each migration step"},
      {"db.hooks.after_migrate", ConfigType::string, "", "shell command run after each migration step"},
      {"db.hooks.on_error", ConfigType::string, "", "shell command run when a migration step fails"},
      {"log.level", ConfigType::choice, "warn", "least severe message shown", "debug|info|warn|error"},
      {"output.color", ConfigType::choice, "auto", "colour in terminal output", "auto|always|never"},
      {"telemetry.endpoint", ConfigType::string, "", "OTLP/HTTP base URL that ax telemetry submit posts to"},
      {"watch.debounce_ms", ConfigType::integer, "300",
       "ax watch: quiet milliseconds before a batch of changes is applied"},
      {"watch.quick_debounce_ms", ConfigType::integer, "30",
       "ax watch: ... or before a batch of at most 8 paths (a lone save) is applied"},
      {"watch.max_batch", ConfigType::integer, "1000",
       "ax watch: a batch changing more paths is a scan of the whole tree"},
      {"watch.poll_interval_ms", ConfigType::integer, "2000", "ax watch: milliseconds between scans when it polls"},
      {"watch.max_directories", ConfigType::integer, "0",
       "ax watch: directories watched at most (0: as the system allows); beyond, it polls"},
      // Feature flags (ax flags): the automatic rollback and the experiment statistics.
      {"flags.rollback_threshold", ConfigType::factor, "5",
       "percent: a flag rolls back when its error rate's 95% lower bound is above this"},
      {"flags.rollback_margin", ConfigType::factor, "2",
       "percentage points: ... or above the error rate of its control (off) plus this"},
      {"flags.rollback_window", ConfigType::integer, "24", "hours of runs the automatic rollback counts"},
      {"flags.min_sample", ConfigType::integer, "30",
       "runs a variant needs before the rollback may trip or ax flags stats compares it"},
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
    case ConfigType::factor:
      return sdk::parse_factor(value) ? std::string()
                                      : "expects a number from 0 to 100 like 1.5, not '" + std::string(value) + "'";
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
    // The rank.* factors are tuned by hand: a misspelt one would silently leave ranking unchanged.
    if (k == nullptr && key.rfind("rank.", 0) == 0)
      throw ConfigError(where + ": unknown ranking factor '" + key + "' (see ax config list)");
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

namespace {

std::string read_file_text(const fs::path& file) {
  sdk::FileContents contents = sdk::read_file(file);
  if (!contents.ok()) throw ConfigError(file.string() + ": cannot be read");
  return std::move(contents.bytes);
}

// Every known-or-not key of a configuration text with its scalar value (or its YAML for non-scalars).
std::map<std::string, std::string> flattened_values(const std::string& text) {
  std::map<std::string, std::string> out;
  YAML::Node root = YAML::Load(text);
  if (root.IsNull()) return out;
  if (!root.IsMap()) throw ConfigError("not a mapping of keys");
  static const fs::path kEdited("the edited configuration");
  Flattening flattening{kEdited, {}};
  flattening.add(root, "", 0);
  for (const auto& [key, node] : flattening.entries) {
    // As load_file refuses a key given twice, so must the check of an edit: a map would keep one.
    if (!out.emplace(key, node.IsScalar() ? node.Scalar() : YAML::Dump(node)).second)
      throw ConfigError(key + " would be set twice");
  }
  return out;
}

// The end of a one-line scalar starting at `begin`: the closing quote, or before a comment or the
// line's end (trailing blanks excluded).
std::size_t scalar_end(const std::string& text, std::size_t begin) {
  std::size_t line_end = text.find_first_of("\r\n", begin);
  if (line_end == std::string::npos) line_end = text.size();
  if (begin < line_end && (text[begin] == '"' || text[begin] == '\'')) {
    const char quote = text[begin];
    for (std::size_t i = begin + 1; i < line_end; ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < line_end && text[i + 1] == '\'') {
          ++i;
        } else {
          return i + 1;
        }
      }
    }
    return line_end;
  }
  std::size_t end = begin;
  for (std::size_t i = begin; i < line_end; ++i) {
    if (text[i] == '#' && i > begin && (text[i - 1] == ' ' || text[i - 1] == '\t')) break;
    if (text[i] != ' ' && text[i] != '\t') end = i + 1;
  }
  return end;
}

std::size_t line_start(const std::string& text, std::size_t line) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < line && pos != std::string::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  return pos == std::string::npos ? text.size() : pos;
}

// Where a new child line of the block mapping whose header is on `header_line` goes: after the
// block's last line that is neither blank nor a comment.
std::size_t end_of_block(const std::string& text, std::size_t header_line) {
  std::size_t insert_at = line_start(text, header_line + 1);
  for (std::size_t pos = insert_at; pos < text.size();) {
    std::size_t next = text.find('\n', pos);
    next = next == std::string::npos ? text.size() : next + 1;
    std::string_view line(text.data() + pos, next - pos);
    std::size_t first = line.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos) {
      if (first == 0) break;  // back at the top level: the block ended
      if (line[first] != '#') insert_at = next;
    }
    pos = next;
  }
  return insert_at;
}

}  // namespace

std::string edit_config_text(const std::string& text, std::string_view key, std::string_view value) {
  const auto dot = key.find('.');
  const std::string section(key.substr(0, dot));
  const std::string leaf(key.substr(dot + 1));
  YAML::Emitter emitter;
  emitter << std::string(value);
  const std::string scalar = emitter.c_str();
  const std::string newline = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";

  YAML::Node root = YAML::Load(text);
  if (!root.IsNull() && !root.IsMap()) throw ConfigError("expected a mapping of keys");
  if (!root.IsNull() && root.Style() == YAML::EmitterStyle::Flow)
    throw ConfigError("is written in YAML flow style ({...}); edit it by hand");

  std::string edited;
  auto replace_value = [&](const YAML::Node& node) {
    if (!node.IsScalar()) throw ConfigError(std::string(key) + " is not a single value");
    auto begin = static_cast<std::size_t>(node.Mark().pos);
    if (node.Mark().is_null() || begin > text.size() || text[begin] == '|' || text[begin] == '>')
      throw ConfigError(std::string(key) + " is not a one-line value; edit it by hand");
    edited = text.substr(0, begin) + scalar + text.substr(scalar_end(text, begin));
  };
  YAML::Node section_node, section_key;
  bool has_section = false;
  if (root.IsMap()) {
    for (const auto& item : root) {
      const std::string name = item.first.as<std::string>();
      if (name == key) {
        replace_value(item.second);  // the flat form, `index.threads: 4`
      } else if (name == section) {
        section_key = item.first;
        section_node = item.second;
        has_section = true;
      }
    }
  }
  if (edited.empty() && has_section && section_node.IsMap()) {
    if (section_node.Style() == YAML::EmitterStyle::Flow)
      throw ConfigError(section + " is written in YAML flow style ({...}); edit it by hand");
    for (const auto& item : section_node)
      if (item.first.as<std::string>() == leaf) replace_value(item.second);
    if (edited.empty()) {
      const auto indent = static_cast<std::size_t>(section_node.begin()->first.Mark().column);
      std::size_t at = end_of_block(text, static_cast<std::size_t>(section_key.Mark().line));
      std::string line = std::string(indent, ' ') + leaf + ": " + scalar + newline;
      if (at > 0 && text[at - 1] != '\n') line = newline + line;
      edited = text.substr(0, at) + line + text.substr(at);
    }
  } else if (edited.empty() && has_section && section_node.IsNull() && section_key.Mark().column == 0) {
    // `index:` with nothing under it yet.
    std::size_t at = line_start(text, static_cast<std::size_t>(section_key.Mark().line) + 1);
    std::string line = "  " + leaf + ": " + scalar + newline;
    if (at > 0 && text[at - 1] != '\n') line = newline + line;
    edited = text.substr(0, at) + line + text.substr(at);
  } else if (edited.empty() && has_section) {
    throw ConfigError(section + " is not a mapping of keys");
  } else if (edited.empty()) {
    edited = text;
    if (!edited.empty() && edited.back() != '\n') edited += newline;
    edited += section + ":" + newline + "  " + leaf + ": " + scalar + newline;
  }

  // The edit must change exactly this one value: anything else means the text was not what the
  // line-wise edit assumed, and the file is left alone.
  std::map<std::string, std::string> expected = flattened_values(text);
  expected[std::string(key)] = std::string(value);
  std::map<std::string, std::string> actual;
  try {
    actual = flattened_values(edited);
  } catch (const YAML::Exception&) {
  }
  if (actual != expected) throw ConfigError("cannot change " + std::string(key) + " in place; edit it by hand");
  return edited;
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
  std::error_code ec;
  // A symbolic link (a dotfiles checkout, say) stays one: the file it points to is what changes.
  if (fs::is_symlink(file, ec)) {
    fs::path target = fs::weakly_canonical(file, ec);
    if (!ec) file = target;
  }
  const bool exists = fs::exists(file, ec);
  const std::string text = exists ? read_file_text(file) : std::string();
  std::string edited;
  try {
    edited = edit_config_text(text, key, value);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(file.string() + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": " + e.msg);
  } catch (const ConfigError& e) {
    throw ConfigError(file.string() + ": " + e.what());
  }
  if (std::string error = sdk::write_file_atomically(file, edited); !error.empty()) throw sdk::UserError(error);
  values_[std::string(key)] = {std::string(key), std::string(value), file.string()};
}

}  // namespace ax::kernel
