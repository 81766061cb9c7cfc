// Small, allocation-free tests on the head of a file for the language plugins' content checks
// (LanguagePlugin::check_content): the questions they ask when an extension is shared with another
// language (".ex": Elixir or Euphoria, ".sc": Scala or SuperCollider). Line-based on purpose: they run
// for every file with such an extension, so no regular expressions.
#pragma once
#include <initializer_list>
#include <string_view>

namespace ax::lang::content {

// Whether `path` ends with `suffix`, ignoring ASCII case (".EX" is ".ex").
bool has_suffix(std::string_view path, std::string_view suffix);
bool has_any_suffix(std::string_view path, std::initializer_list<std::string_view> suffixes);

// The line without leading and trailing blanks (spaces, tabs, CR).
std::string_view trimmed(std::string_view line);

// Whether `line` (already trimmed) begins with `word` as a whole word: "def f" and "def(" begin with
// "def", "default" does not. A `word` ending in a non-identifier character ("#include", "^this.")
// is matched as a plain prefix.
bool starts_with_word(std::string_view line, std::string_view word);
bool starts_with_any_word(std::string_view line, std::initializer_list<std::string_view> words);

// Whether `text` contains `word` as a whole word anywhere.
bool contains_word(std::string_view text, std::string_view word);

// Calls `visit(trimmed_line)` for each line of `head` until it returns true; true when one did.
// The last line is skipped when `head` does not end it (it may be cut in the middle of a word).
template <typename Visit>
bool any_line(std::string_view head, Visit visit) {
  while (!head.empty()) {
    std::size_t eol = head.find('\n');
    if (eol == std::string_view::npos) return false;
    if (visit(trimmed(head.substr(0, eol)))) return true;
    head.remove_prefix(eol + 1);
  }
  return false;
}

// Whether any line begins with one of `words` (see starts_with_word).
bool any_line_starts_with(std::string_view head, std::initializer_list<std::string_view> words);

// The first line that is not blank, after a UTF-8 byte-order mark; empty when there is none.
std::string_view first_significant_line(std::string_view head);

// The interpreter line "#!…" without "#!", or empty when the file has none.
std::string_view shebang_line(std::string_view head);

// Whether the file has a shebang and none of its words names one of `interpreters` (by base name,
// with or without a version suffix: "python3.12" names "python3" and "python"). A script for another
// interpreter ("#!/usr/bin/perl" on a ".cgi") is declined by the language owning the extension.
bool has_foreign_shebang(std::string_view head, std::initializer_list<std::string_view> interpreters);

// Whether the text starts like XML (after a byte-order mark and blank space): "<?xml" or a tag.
bool starts_like_xml(std::string_view head);

// Whether any line is a C preprocessor directive such as "#include <…>", "# define X", "#pragma …".
bool has_c_preprocessor_line(std::string_view head);

}  // namespace ax::lang::content
