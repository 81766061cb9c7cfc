#include "config_support.hpp"

#include <algorithm>
#include <optional>

#include <ax/lang/unicode.hpp>
#include <ax/sdk/text.hpp>

namespace ax::lang::config {
namespace {

constexpr std::string_view kEllipsis = "…";

using sdk::is_space;
using sdk::trim;

// Where the line holding `pos` begins, if only blanks precede `pos` on it.
std::optional<std::uint32_t> line_start_if_first(std::string_view source, std::uint32_t pos) {
  while (pos > 0 && (source[pos - 1] == ' ' || source[pos - 1] == '\t')) --pos;
  if (pos == 0 || source[pos - 1] == '\n') return pos;
  return std::nullopt;
}

}  // namespace

std::string preview(std::string_view text) {
  text = trim(text);
  std::size_t eol = text.find('\n');
  bool cut = eol != std::string_view::npos;
  std::string_view line = trim(text.substr(0, eol));
  if (line.size() > kPreviewLimit) {
    std::size_t end = kPreviewLimit;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    line = trim(line.substr(0, end));
    cut = true;
  }
  std::string out(line);
  if (cut) out += kEllipsis;
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 == text.size()) {
      out += c;
      continue;
    }
    char e = text[i + 1];
    std::size_t hex_digits = e == 'u' ? 4 : e == 'U' ? 8 : e == 'x' ? 2 : 0;
    if (hex_digits > 0) {
      auto code = i + 2 + hex_digits <= text.size() ? hex_code_point(text.substr(i + 2, hex_digits)) : std::nullopt;
      std::size_t consumed = 1 + hex_digits;
      // JSON spells a character beyond the BMP as a UTF-16 surrogate pair: \ud83d\ude00.
      if (code && *code >= 0xD800 && *code <= 0xDBFF && text.substr(i + 2 + hex_digits, 2) == "\\u") {
        auto low =
            i + 10 + hex_digits <= text.size() ? hex_code_point(text.substr(i + 4 + hex_digits, 4)) : std::nullopt;
        if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
          code = 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00);
          consumed += 6;
        }
      }
      if (code && *code >= 0xD800 && *code <= 0xDFFF) code = 0xFFFD;  // half a pair: not a character
      if (code && *code <= 0x10FFFF) {
        append_utf8(out, *code);
        i += consumed;
      } else {
        out += c;  // malformed: keep the backslash and read on
      }
      continue;
    }
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'e':
        out += '\x1b';
        break;
      case '0':
        out += '\0';
        break;
      default:
        out += c;
        out += e;
        break;
    }
    ++i;
  }
  return out;
}

std::string unquote_key(std::string_view key) {
  key = trim(key);
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') return unescape(key.substr(1, key.size() - 2));
  if (key.size() >= 2 && key.front() == '\'' && key.back() == '\'') {
    std::string out;
    std::string_view inner = key.substr(1, key.size() - 2);
    for (std::size_t i = 0; i < inner.size(); ++i) {
      out += inner[i];
      if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
    }
    return out;
  }
  return std::string(key);
}

std::string join(const std::vector<std::string>& segments, std::string_view separator) {
  std::string out;
  for (const auto& segment : segments) {
    if (!out.empty()) out += separator;
    out += segment;
  }
  return out;
}

// The end of a node's text without trailing blanks (a block scalar keeps the blank lines after
// it).
TSPoint end_without_blanks(TSNode node, std::string_view source) {
  TSPoint end = ts_node_end_point(node);
  uint32_t start_byte = ts_node_start_byte(node);
  uint32_t end_byte = ts_node_end_byte(node);
  if (end_byte > source.size()) return end;
  uint32_t last = end_byte;
  while (last > start_byte && is_space(source[last - 1])) --last;
  if (last == end_byte || last == start_byte) return end;
  auto line_breaks = static_cast<uint32_t>(std::count(source.begin() + last, source.begin() + end_byte, '\n'));
  if (line_breaks == 0) return {end.row, end.column - (end_byte - last)};
  std::size_t line_start = source.rfind('\n', last - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  return {end.row - line_breaks, static_cast<uint32_t>(last - line_start)};
}

TSPoint content_end(TSNode node, std::string_view source) {
  auto blank = [&](uint32_t from, uint32_t to) {
    if (to > source.size() || from > to) return false;
    return source.substr(from, to - from).find_first_not_of(" \t\r\n") == std::string_view::npos;
  };
  while (true) {
    // The last child with content; it holds the node's end when only blanks and comments follow it
    // (a YAML block scalar's text, for one, is not a child of its node).
    uint32_t count = ts_node_child_count(node);
    uint32_t last_index = count;
    for (uint32_t i = count; i-- > 0;) {
      TSNode child = ts_node_child(node, i);
      if (ts_node_end_byte(child) == ts_node_start_byte(child)) continue;  // missing or empty token
      if (std::string_view(ts_node_type(child)) == "comment") continue;
      last_index = i;
      break;
    }
    if (last_index == count) return end_without_blanks(node, source);
    TSNode last = ts_node_child(node, last_index);
    uint32_t position = ts_node_end_byte(last);
    for (uint32_t i = last_index + 1; i < count; ++i) {
      TSNode trailing = ts_node_child(node, i);
      if (!blank(position, ts_node_start_byte(trailing))) return end_without_blanks(node, source);
      position = std::max(position, ts_node_end_byte(trailing));
    }
    if (!blank(position, ts_node_end_byte(node))) return end_without_blanks(node, source);
    node = last;
  }
}

void end_at_content(sdk::Span& span, TSNode node, std::string_view source) {
  TSPoint end = content_end(node, source);
  span.end_line = end.row + 1;
  span.end_column = end.column + 1;
}

DefinitionIndex::DefinitionIndex(const std::vector<sdk::Symbol>& symbols) : symbols_(symbols) {
  starts_.reserve(symbols.size());
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const sdk::Span& span = symbols[i].span;
    TSPoint start{span.start_line - 1, span.start_column - 1};
    starts_.emplace_back(point_key(start), static_cast<std::int32_t>(i));
  }
  // Already in document order when it comes from the extractor; sorting keeps lookups correct after
  // any rearrangement.
  std::stable_sort(starts_.begin(), starts_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
}

std::vector<std::int32_t> DefinitionIndex::at(TSNode node) const {
  std::vector<std::int32_t> out;
  std::uint64_t start = point_key(ts_node_start_point(node));
  TSPoint end = ts_node_end_point(node);
  auto it = std::lower_bound(starts_.begin(), starts_.end(), start,
                             [](const auto& entry, std::uint64_t key) { return entry.first < key; });
  for (; it != starts_.end() && it->first == start; ++it) {
    const sdk::Span& span = symbols_[it->second].span;
    if (span.end_line == end.row + 1 && span.end_column == end.column + 1) out.push_back(it->second);
  }
  return out;
}

namespace {

// Calls on_bracket(offset, depth after it) for each bracket outside strings and comments, until it
// returns false or the text ends (or an unterminated string or comment does).
template <class OnBracket>
void scan_brackets(std::string_view source, const NestingSyntax& syntax, OnBracket&& on_bracket) {
  std::size_t depth = 0;
  auto token_start = [&](std::size_t i) {
    if (!syntax.quotes_start_tokens || i == 0) return true;
    char before = source[i - 1];
    return is_space(before) || before == '[' || before == '{' || before == ',' || before == ':' || before == '-';
  };
  std::size_t i = 0;
  while (i < source.size()) {
    char c = source[i];
    std::string_view rest = source.substr(i);
    if (syntax.triple_quotes && (rest.substr(0, 3) == "\"\"\"" || rest.substr(0, 3) == "'''")) {
      std::size_t close = source.find(rest.substr(0, 3), i + 3);
      if (close == std::string_view::npos) return;
      i = close + 3;
    } else if (c == '"' && token_start(i)) {
      ++i;
      while (i < source.size() && source[i] != '"' && source[i] != '\n') i += source[i] == '\\' ? 2 : 1;
      ++i;
    } else if (c == '\'' && syntax.single_quotes && token_start(i)) {
      std::size_t close = source.find('\'', i + 1);
      if (close == std::string_view::npos) return;
      i = close + 1;
    } else if ((syntax.hash_comments && c == '#' && token_start(i)) ||
               (syntax.slash_comments && rest.substr(0, 2) == "//")) {
      i = source.find('\n', i);
      if (i == std::string_view::npos) return;
    } else if (syntax.slash_comments && rest.substr(0, 2) == "/*") {
      i = source.find("*/", i + 2);
      if (i == std::string_view::npos) return;
      i += 2;
    } else {
      if (c == '{' || c == '[') {
        if (!on_bracket(i, ++depth)) return;
      } else if ((c == '}' || c == ']') && depth > 0) {
        if (!on_bracket(i, --depth)) return;
      }
      ++i;
    }
  }
}

}  // namespace

std::size_t nesting_cut(std::string_view source, const NestingSyntax& syntax) {
  std::size_t cut = std::string_view::npos;
  scan_brackets(source, syntax, [&](std::size_t offset, std::size_t depth) {
    if (depth <= kMaxNesting) return true;
    cut = offset;
    return false;
  });
  return cut;
}

std::size_t blank_deep_nesting(std::string& text, const NestingSyntax& syntax) {
  std::size_t blanked = 0;
  std::size_t deep_from = std::string::npos;  // just after the bracket that went too deep
  auto blank = [&](std::size_t end) {
    for (std::size_t i = deep_from; i < end; ++i)
      if (text[i] != '\n') text[i] = ' ';
    ++blanked;
  };
  // The scan reads a copy: blanking changes what lies ahead of it only after it has passed.
  std::string original = text;
  scan_brackets(original, syntax, [&](std::size_t offset, std::size_t depth) {
    if (deep_from == std::string::npos && depth == kMaxNesting + 1) {
      deep_from = offset + 1;
    } else if (deep_from != std::string::npos && depth == kMaxNesting) {
      blank(offset);
      deep_from = std::string::npos;
    }
    return true;
  });
  if (deep_from != std::string::npos) blank(text.size());  // never closed
  return blanked;
}

namespace {

// Appends the result of a piece that starts `line_offset` lines into the file.
void append_piece(sdk::ParseResult& whole, sdk::ParseResult piece, std::uint32_t line_offset) {
  auto base = static_cast<std::int32_t>(whole.symbols.size());
  for (auto& symbol : piece.symbols) {
    symbol.span.start_line += line_offset;
    symbol.span.end_line += line_offset;
    if (symbol.parent >= 0) symbol.parent += base;
    whole.symbols.push_back(std::move(symbol));
  }
  for (auto& reference : piece.references) {
    reference.line += line_offset;
    if (reference.enclosing >= 0) reference.enclosing += base;
    whole.references.push_back(std::move(reference));
  }
  for (auto& import : piece.imports) {
    import.line += line_offset;
    whole.imports.push_back(std::move(import));
  }
  whole.had_syntax_errors = whole.had_syntax_errors || piece.had_syntax_errors;
}

// Parses what comes before the cut the language asks for, in the pieces it asks for.
class GuardedParser final : public sdk::SourceParser, public sdk::CancellableParser {
 public:
  GuardedParser(const ConfigLanguage& language, std::unique_ptr<sdk::SourceParser> inner)
      : language_(language),
        inner_(std::move(inner)),
        inner_cancellable_(dynamic_cast<sdk::CancellableParser*>(inner_.get())) {}

  void set_cancel_flag(const std::atomic<bool>* flag) override {
    if (inner_cancellable_ != nullptr) inner_cancellable_->set_cancel_flag(flag);
  }
  std::string_view partial_reason() const override { return partial_reason_; }

  sdk::ParseResult parse(std::string_view source, std::string_view path) override {
    partial_reason_.clear();
    // Brackets nested too deep are blanked out, the outer ones kept: the symbols around the deep
    // part survive, and the text stays valid (`{"a": {   }}`) with its offsets and lines.
    std::string shallow;
    if (nesting_cut(source, language_.nesting_syntax()) != std::string_view::npos) {
      shallow = std::string(source);
      blank_deep_nesting(shallow, language_.nesting_syntax());
      source = shallow;
      add_reason("brackets nested deeper than " + std::to_string(kMaxNesting) + " levels left out");
    }
    std::size_t cut = language_.cut_offset(source);
    std::string_view text = cut == std::string_view::npos ? source : source.substr(0, cut);
    std::vector<std::size_t> splits = language_.split_offsets(text);
    sdk::ParseResult result;
    if (splits.empty()) {
      result = inner_->parse(text, path);
    } else {
      std::size_t begin = 0;
      std::uint32_t line = 0;
      splits.push_back(text.size());
      for (std::size_t end : splits) {
        if (end <= begin || end > text.size()) continue;
        std::string_view piece = text.substr(begin, end - begin);
        append_piece(result, inner_->parse(piece, path), line);
        add_inner_reason();
        line += static_cast<std::uint32_t>(std::count(piece.begin(), piece.end(), '\n'));
        begin = end;
      }
    }
    if (splits.empty()) add_inner_reason();
    if (cut != std::string_view::npos) result.had_syntax_errors = true;
    return result;
  }

 private:
  void add_reason(const std::string& reason) {
    if (reason.empty() || partial_reason_.find(reason) != std::string::npos) return;
    if (!partial_reason_.empty()) partial_reason_ += "; ";
    partial_reason_ += reason;
  }
  void add_inner_reason() {
    if (inner_cancellable_ != nullptr) add_reason(std::string(inner_cancellable_->partial_reason()));
  }

  const ConfigLanguage& language_;
  std::unique_ptr<sdk::SourceParser> inner_;
  sdk::CancellableParser* inner_cancellable_;
  std::string partial_reason_;
};

}  // namespace

std::unique_ptr<sdk::SourceParser> ConfigLanguage::make_parser() const {
  return std::make_unique<GuardedParser>(*this, TreeSitterLanguage::make_parser());
}

void CommentIndex::add(TSNode comment) { ranges_.emplace_back(ts_node_start_byte(comment), ts_node_end_byte(comment)); }

std::string CommentIndex::doc_above(std::uint32_t start_byte, std::string_view source) const {
  if (ranges_.empty() || start_byte > source.size()) return {};
  auto line_begin = line_start_if_first(source, start_byte);
  if (!line_begin) return {};              // something precedes the definition on its line ("- name:", "{ a: 1")
  std::vector<std::string_view> comments;  // nearest first
  std::uint32_t begin = *line_begin;
  while (begin > 0) {
    // The last character of the previous line; a blank line ends the doc comment.
    std::uint32_t end = begin - 1;  // its line break
    while (end > 0 && (source[end - 1] == ' ' || source[end - 1] == '\t' || source[end - 1] == '\r')) --end;
    if (end == 0 || source[end - 1] == '\n') break;
    std::uint32_t last = end - 1;
    auto after = std::upper_bound(ranges_.begin(), ranges_.end(), last,
                                  [](std::uint32_t pos, const auto& range) { return pos < range.first; });
    if (after == ranges_.begin()) break;
    const auto& [comment_start, comment_end] = *std::prev(after);
    if (last >= comment_end) break;  // the previous line ends in code, not in a comment
    auto comment_line = line_start_if_first(source, comment_start);
    if (!comment_line) break;  // a trailing comment belongs to the code before it
    comments.push_back(source.substr(comment_start, comment_end - comment_start));
    begin = *comment_line;
  }
  return doc_from_comments(comments);
}

void requalify(sdk::ParseResult& result, std::string_view separator) {
  auto& symbols = result.symbols;
  for (auto& symbol : symbols) {
    if (symbol.kind == sdk::SymbolKind::resource) continue;
    if (symbol.parent < 0) {
      symbol.qualified_name = symbol.name;
    } else {
      const std::string& base = symbols[static_cast<std::size_t>(symbol.parent)].qualified_name;
      symbol.qualified_name.clear();
      symbol.qualified_name.reserve(base.size() + separator.size() + symbol.name.size());
      symbol.qualified_name.append(base).append(separator).append(symbol.name);
    }
  }
}

}  // namespace ax::lang::config
