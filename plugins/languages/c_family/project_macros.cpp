#include "project_macros.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <ax/sdk/hash.hpp>

#include "c_tokens.hpp"
#include "macro_blanking.hpp"
#include "source_chars.hpp"

namespace ax::lang {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

std::size_t skip_blanks(std::string_view text, std::size_t i) {
  while (i < text.size() && is_blank(text[i])) ++i;
  return i;
}

std::string_view identifier_at(std::string_view text, std::size_t i) {
  if (i >= text.size() || !is_identifier_start(text[i])) return {};
  std::size_t end = i + 1;
  while (end < text.size() && is_identifier_char(text[end])) ++end;
  return text.substr(i, end - i);
}

// Past the literal opening at `i` (a quote), escapes honoured; the end of `text` if unclosed.
std::size_t skip_literal(std::string_view text, std::size_t i) {
  const char quote = text[i];
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == quote || text[i] == '\n') {
      return i + 1;
    }
  }
  return text.size();
}

// Past the bracketed group opening at `i` (`(` or `[`), nested brackets counted; npos if unclosed.
std::size_t skip_group(std::string_view text, std::size_t i) {
  int depth = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = skip_literal(text, i) - 1;
    } else if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// The index of the token closing the bracket token `open` (`(` or `[`, nested brackets of either
// kind counted, as skip_group does); 0 if unclosed.
std::size_t closing_bracket(std::string_view code, const std::vector<CToken>& tokens, std::size_t open) {
  int depth = 0;
  for (std::size_t t = open; t < tokens.size(); ++t) {
    if (tokens[t].kind != CTokenKind::punctuation) continue;
    const char c = code[tokens[t].begin];
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && --depth == 0) {
      return t;
    }
  }
  return 0;
}

// The argument separators of the macro use whose `(` is the token `open`, as the preprocessor reads
// them: the indices of the commas outside nested parentheses, then of the closing `)`. Empty when
// the list is unclosed or a directive lies within it (its arguments are not plain text in place).
std::vector<std::size_t> argument_separators(std::string_view code, const std::vector<CToken>& tokens,
                                             std::size_t open) {
  std::vector<std::size_t> separators;
  int depth = 0;
  for (std::size_t t = open; t < tokens.size(); ++t) {
    if (t > open && tokens[t].after_directive) return {};
    if (tokens[t].kind != CTokenKind::punctuation) continue;
    const char c = code[tokens[t].begin];
    if (c == '(') {
      ++depth;
    } else if (c == ',' && depth == 1) {
      separators.push_back(t);
    } else if (c == ')' && --depth == 0) {
      separators.push_back(t);
      return separators;
    }
  }
  return {};
}

// The directive's logical line from `i` on: `\` continuations joined, comments replaced by a
// space (a block comment may run over several lines), literals kept. Returns where it ends.
std::size_t read_logical_line(std::string_view text, std::size_t i, std::string& out) {
  out.clear();
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') break;
    if (c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n'))) {
      i += text[i + 1] == '\n' ? 2 : 3;
      out += ' ';
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const std::size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
      out += ' ';
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const std::size_t end = skip_literal(text, i);
      out.append(text.substr(i, end - i));
      i = end;
    } else {
      out += c;
      ++i;
    }
  }
  return i;
}

bool is_one_of(std::string_view word, const auto& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// Words a declaration can lose without changing its shape: storage and function specifiers,
// cv-qualifiers, calling conventions.
constexpr std::array<std::string_view, 36> kSpecifiers = {
    "static",        "extern",       "inline",        "__inline",   "__inline__",   "__forceinline",
    "_Noreturn",     "constexpr",    "consteval",     "constinit",  "virtual",      "explicit",
    "register",      "thread_local", "_Thread_local", "__thread",   "const",        "volatile",
    "__const",       "__volatile__", "__volatile",    "restrict",   "__restrict",   "__restrict__",
    "__extension__", "__cdecl",      "__stdcall",     "__fastcall", "__vectorcall", "__thiscall",
    "__clrcall",     "_cdecl",       "_stdcall",      "_fastcall",  "override",     "final"};
// Words that must be followed by a parenthesized group, blanked with them.
constexpr std::array<std::string_view, 11> kGroupWords = {"__attribute__", "__attribute", "__declspec", "alignas",
                                                          "_Alignas",      "__asm__",     "__asm",      "asm",
                                                          "_Pragma",       "__pragma",    "throw"};

// What a use of a macro with this definition can be rewritten to, same length: blanked whole
// (MacroForm::object or function, as `function_like`), its arguments kept in place
// (MacroForm::wrapper) when the body is made of blankable parts and the `parameters`, each once and
// in order outside attribute groups, or nullopt. The macros the body uses (which must be blankable
// too) are added to `depends_on`.
std::optional<MacroForm> body_form(std::string_view body, bool function_like,
                                   const std::vector<std::string_view>& parameters,
                                   std::vector<std::pair<std::string, MacroForm>>& depends_on) {
  std::size_t parameters_used = 0;    // in order: the next one expected is parameters[parameters_used]
  bool after_extern_linkage = false;  // `extern "C"` just read: a `{` may follow
  for (std::size_t i = skip_blanks(body, 0); i < body.size(); i = skip_blanks(body, i)) {
    const char c = body[i];
    const bool linkage = after_extern_linkage;
    after_extern_linkage = false;
    if (is_identifier_start(c)) {
      const std::string_view word = identifier_at(body, i);
      i += word.size();
      if (word == "__VA_ARGS__" || word == "__VA_OPT__") return std::nullopt;
      if (is_one_of(word, parameters)) {
        if (parameters_used == parameters.size() || word != parameters[parameters_used]) return std::nullopt;
        ++parameters_used;
        continue;
      }
      if (word == "extern") {
        const std::size_t next = skip_blanks(body, i);
        if (next < body.size() && body[next] == '"') {
          i = skip_literal(body, next);
          after_extern_linkage = true;
        }
        continue;
      }
      if (is_one_of(word, kSpecifiers)) continue;
      const std::size_t next = skip_blanks(body, i);
      const bool call = next < body.size() && body[next] == '(';
      if (is_one_of(word, kGroupWords) || word == "noexcept") {
        if (!call) {
          if (word == "noexcept") continue;
          return std::nullopt;
        }
        i = skip_group(body, next);
        if (i == std::string_view::npos) return std::nullopt;
        continue;
      }
      // Another macro: blankable only if it is, in the form it is used in.
      depends_on.emplace_back(std::string(word), call ? MacroForm::function : MacroForm::object);
      if (call) {
        i = skip_group(body, next);
        if (i == std::string_view::npos) return std::nullopt;
      }
      continue;
    }
    if (c == '[' && i + 1 < body.size() && body[i + 1] == '[') {
      i = skip_group(body, i);
      if (i == std::string_view::npos) return std::nullopt;
      continue;
    }
    if ((c == '{' && linkage) || c == '}') {
      ++i;
      continue;
    }
    return std::nullopt;
  }
  if (parameters_used == 0) return function_like ? MacroForm::function : MacroForm::object;
  if (parameters_used == parameters.size()) return MacroForm::wrapper;
  return std::nullopt;
}

std::uint64_t name_hash(std::string_view name) { return sdk::fnv1a64(name); }

}  // namespace

void MacroDefinitions::add_file(std::string_view text) {
  std::string_view guard;  // the name an `#ifndef` just tested, until the next directive
  std::size_t pos = 0;
  while (pos < text.size()) {
    const void* hit = std::memchr(text.data() + pos, '#', text.size() - pos);
    if (hit == nullptr) break;
    const std::size_t sharp = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    pos = sharp + 1;
    std::size_t before = sharp;
    while (before > 0 && is_blank(text[before - 1])) --before;
    if (before > 0 && text[before - 1] != '\n') continue;  // not a directive: `#` inside a line
    std::size_t i = skip_blanks(text, sharp + 1);
    const std::string_view directive = identifier_at(text, i);
    i += directive.size();
    if (directive == "define") {
      pos = read_logical_line(text, i, line_);
      add_definition(line_, guard);
      guard = {};
    } else if (directive == "ifndef") {
      guard = identifier_at(text, skip_blanks(text, i));
    } else if (directive == "if") {
      // `#if !defined(X)` / `#if !defined X`, the other spelling of a guard
      i = skip_blanks(text, i);
      guard = {};
      if (i < text.size() && text[i] == '!') {
        i = skip_blanks(text, i + 1);
        if (identifier_at(text, i) == "defined") {
          i = skip_blanks(text, i + 7);
          if (i < text.size() && text[i] == '(') i = skip_blanks(text, i + 1);
          guard = identifier_at(text, i);
        }
      }
    } else {
      guard = {};
    }
  }
}

void MacroDefinitions::add_definition(std::string_view line, std::string_view guard) {
  std::size_t i = skip_blanks(line, 0);
  const std::string_view name = identifier_at(line, i);
  if (name.empty()) return;
  ++definitions_;
  i += name.size();
  std::vector<std::string_view> parameters;
  const bool function_like = i < line.size() && line[i] == '(';  // no space before the `(`
  if (function_like) {
    const std::size_t close = line.find(')', i);
    if (close == std::string_view::npos) return;
    for (std::size_t p = i + 1; p < close;) {
      p = skip_blanks(line, p);
      const std::string_view parameter = identifier_at(line, p);
      if (!parameter.empty()) {
        parameters.push_back(parameter);
        p += parameter.size();
      } else {
        ++p;  // `,` and the dots of `...`
      }
    }
    i = close + 1;
  }
  const std::string_view body = line.substr(i);
  if (!function_like && name == guard && skip_blanks(body, 0) == body.size()) return;  // an include guard
  const std::uint64_t hash = name_hash(name);
  defined_.insert(hash);
  if (rejected_.count(hash) != 0) return;
  std::vector<std::pair<std::string, MacroForm>> depends_on;
  const auto it = candidates_.find(std::string(name));
  const std::optional<MacroForm> form = body_form(body, function_like, parameters, depends_on);
  if (!form || (it != candidates_.end() && it->second.form != *form)) {
    rejected_.insert(hash);
    if (it != candidates_.end()) candidates_.erase(it);
    return;
  }
  if (it == candidates_.end()) {
    if (candidates_.size() >= kMaxNames) return;
    candidates_.emplace(std::string(name), Candidate{*form, std::move(depends_on)});
    return;
  }
  auto& known = it->second.depends_on;
  for (auto& dependency : depends_on)
    if (std::find(known.begin(), known.end(), dependency) == known.end()) known.push_back(std::move(dependency));
}

HeaderMacros MacroDefinitions::contribution() const {
  HeaderMacros out;
  out.candidates.reserve(candidates_.size());
  for (const auto& [name, candidate] : candidates_) {
    auto depends_on = candidate.depends_on;
    std::sort(depends_on.begin(), depends_on.end());
    out.candidates.push_back({name, candidate.form, std::move(depends_on)});
  }
  std::sort(out.candidates.begin(), out.candidates.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  out.rejected.assign(rejected_.begin(), rejected_.end());
  std::sort(out.rejected.begin(), out.rejected.end());
  return out;
}

MacroDefinitions MacroDefinitions::combine(const std::vector<const HeaderMacros*>& files) {
  MacroDefinitions out;
  // Every rejection first: a name rejected by any file is never a candidate, whatever the order.
  for (const HeaderMacros* file : files) out.rejected_.insert(file->rejected.begin(), file->rejected.end());
  for (const HeaderMacros* file : files) {
    for (const auto& candidate : file->candidates) {
      const std::uint64_t hash = name_hash(candidate.name);
      if (out.rejected_.count(hash) != 0) continue;
      const auto it = out.candidates_.find(candidate.name);
      if (it == out.candidates_.end()) {
        if (out.candidates_.size() < kMaxNames)
          out.candidates_.emplace(candidate.name, Candidate{candidate.form, candidate.depends_on});
        continue;
      }
      if (it->second.form != candidate.form) {  // defined in both forms
        out.rejected_.insert(hash);
        out.candidates_.erase(it);
        continue;
      }
      auto& known = it->second.depends_on;
      for (const auto& dependency : candidate.depends_on)
        if (std::find(known.begin(), known.end(), dependency) == known.end()) known.push_back(dependency);
    }
  }
  out.defined_ = out.rejected_;
  for (const auto& entry : out.candidates_) out.defined_.insert(name_hash(entry.first));
  return out;
}

bool MacroDefinitions::defines(std::string_view name) const { return defined_.count(name_hash(name)) != 0; }

MacroTable MacroDefinitions::classify(const MacroTable* outer) const {
  // A candidate holds once every macro its bodies use holds (or the outer table has it): repeated
  // until nothing changes, so that chains of macros defined by macros resolve, and cycles (which
  // the preprocessor leaves unexpanded) never do.
  std::unordered_map<std::string_view, bool> holds;
  holds.reserve(candidates_.size());
  for (const auto& [name, candidate] : candidates_) holds.emplace(name, false);
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [name, candidate] : candidates_) {
      bool& ok = holds.find(name)->second;
      if (ok) continue;
      const bool all_hold = std::all_of(candidate.depends_on.begin(), candidate.depends_on.end(), [&](const auto& use) {
        const auto& [dependency, form] = use;
        if (const auto it = candidates_.find(dependency); it != candidates_.end())
          return it->second.form == form && holds.find(dependency)->second;
        return !defines(dependency) && outer != nullptr && outer->find(dependency) == form;
      });
      if (all_hold) {
        ok = true;
        changed = true;
      }
    }
  }
  MacroTable table;
  for (const auto& [name, candidate] : candidates_)
    if (holds.find(name)->second) table.names_.emplace(name, candidate.form);
  return table;
}

std::optional<std::string> blank_project_macros(std::string_view source, const MacroTable* project) {
  MacroDefinitions own;
  own.add_file(source);
  const MacroTable local = own.classify(project);
  if (local.empty() && (project == nullptr || project->empty())) return std::nullopt;
  const auto form_of = [&](std::string_view name) -> std::optional<MacroForm> {
    if (auto form = local.find(name)) return form;
    if (project == nullptr || own.defines(name)) return std::nullopt;  // the file's own definition rules
    return project->find(name);
  };
  const std::string code = code_only(source);
  const std::vector<CToken> tokens = tokenize_c(code).tokens;  // directives are no tokens: left alone
  std::optional<std::string> out;
  const auto blank = [&](std::size_t from, std::size_t to) {
    if (!out) out.emplace(source);
    for (std::size_t p = from; p < to; ++p)
      if ((*out)[p] != '\n' && (*out)[p] != '\r') (*out)[p] = ' ';
  };
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    const CToken& token = tokens[t];
    if (token.kind != CTokenKind::identifier) continue;
    const std::optional<MacroForm> form = form_of(token_text(code, token));
    if (form == MacroForm::object) {
      blank(token.begin, token.end);
    } else if (form == MacroForm::function && t + 1 < tokens.size() && !tokens[t + 1].after_directive &&
               token_text(code, tokens[t + 1]) == "(") {
      // Blanked from the name to the closing bracket, directives within included.
      if (const std::size_t close = closing_bracket(code, tokens, t + 1); close != 0) {
        blank(token.begin, tokens[close].end);
        t = close;
      }
    } else if (form == MacroForm::wrapper && t + 1 < tokens.size() && !tokens[t + 1].after_directive &&
               token_text(code, tokens[t + 1]) == "(") {
      // The expansion keeps the arguments in order: the name, the parentheses and the commas go,
      // the argument text stays where it is (macros within it are read next).
      const std::vector<std::size_t> separators = argument_separators(code, tokens, t + 1);
      if (separators.empty()) continue;
      blank(token.begin, tokens[t + 1].end);
      for (const std::size_t separator : separators) blank(tokens[separator].begin, tokens[separator].end);
      ++t;
    }
  }
  return out;
}

bool is_macro_header_path(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  std::string extension(path.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 8> kHeaders = {"h", "hh", "hpp", "hxx", "h++", "inl", "ipp", "tcc"};
  return is_one_of(std::string_view(extension), kHeaders);
}

}  // namespace ax::lang
