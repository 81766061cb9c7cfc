#include <catch2/catch.hpp>

#include <map>
#include <random>

#include <xapian.h>

#include "terms.hpp"

using namespace ax::storage::xapian;

TEST_CASE("split_identifiers breaks camelCase, PascalCase and acronyms", "[terms]") {
  CHECK(split_identifiers("parseHttpRequest").text == "parse Http Request");
  CHECK(split_identifiers("HTTPServer").text == "HTTP Server");
  CHECK(split_identifiers("IOError").text == "IO Error");
  CHECK(split_identifiers("utf8Decode").text == "utf8 Decode");
  CHECK(split_identifiers("base64").text == "base64");
  CHECK(split_identifiers("plain words stay").text == "plain words stay");
}

TEST_CASE("split_identifiers breaks snake_case and leaves punctuation alone", "[terms]") {
  CHECK(split_identifiers("MAX_LINE_LEN").text == "MAX LINE LEN");
  CHECK(split_identifiers("self.parse_http(buf)").text == "self.parse http(buf)");
  CHECK(split_identifiers("kebab-case-name").text == "kebab-case-name");
  CHECK(split_identifiers("__init__").text == "  init  ");
}

TEST_CASE("split_identifiers handles non-ASCII letters", "[terms]") {
  CHECK(split_identifiers("größeÄndern").text == "größe Ändern");
  CHECK(split_identifiers("naïve café").text == "naïve café");
}

TEST_CASE("split_identifiers splits ASCII text as it splits the same text beside non-ASCII", "[terms]") {
  // All-ASCII text skips Xapian's character tables; a non-ASCII word after it makes them classify
  // every character, so both ways must agree on every ASCII character.
  std::string every_ascii;
  for (int c = 1; c < 0x80; ++c) every_ascii += static_cast<char>(c);
  for (const std::string& text : {every_ascii, std::string("parseHTTPRequest2_x9Y MAX_LEN __a__ b-c x.y")}) {
    const SplitText ascii = split_identifiers(text);
    const SplitText mixed = split_identifiers(text + " é");
    CHECK(mixed.text == ascii.text + " é");
    CHECK(mixed.compounds == ascii.compounds);
  }
  CHECK(split_identifiers("ÄnderungsZähler_MAX").compounds == std::vector<std::string>{"änderungszähler_max"});
  // Every short string over the characters that decide where an identifier breaks, at random.
  const std::string alphabet = "aAzZ09_ .-(";
  std::mt19937 random(9);
  std::uniform_int_distribution<std::size_t> length(0, 24), pick(0, alphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n) text += alphabet[pick(random)];
    INFO(text);
    const SplitText ascii = split_identifiers(text);
    const SplitText mixed = split_identifiers(text + " é");
    REQUIRE(mixed.text == ascii.text + " é");
    REQUIRE(mixed.compounds == ascii.compounds);
  }
}

TEST_CASE("split_identifiers reports the compounds it broke, lower-cased, once each", "[terms]") {
  const SplitText split = split_identifiers("parseHttpRequest(req); parseHttpRequest(x); MAX_LEN = word");
  CHECK(split.compounds == std::vector<std::string>{"parsehttprequest", "max_len"});
  CHECK(split_identifiers("just words").compounds.empty());
  CHECK(split_identifiers("___").compounds.empty());
  const std::string long_identifier = "a" + std::string(40, 'b') + "C" + std::string(40, 'd');
  CHECK(split_identifiers(long_identifier).compounds.empty());
  // Skipped, the same text and no compounds.
  const SplitText skipped = split_identifiers("parseHttpRequest(req); MAX_LEN", Compounds::skipped);
  CHECK(skipped.text == "parse Http Request(req); MAX LEN");
  CHECK(skipped.compounds.empty());
}

TEST_CASE("lower_case folds Unicode", "[terms]") {
  CHECK(lower_case("ParseHTTP") == "parsehttp");
  CHECK(lower_case("ÄÖÜ") == "äöü");
  CHECK(lower_case("Straße_ÉTÉ x") == "straße_été x");  // ASCII beside other text
  // ASCII text (lowered byte by byte) comes out as Xapian's tables lower it, every byte below 0x80.
  std::string ascii;
  for (int ch = 1; ch < 0x80; ++ch) ascii += static_cast<char>(ch);
  CHECK(lower_case(ascii) == Xapian::Unicode::tolower(ascii));
}

TEST_CASE("bounded_term keeps short terms and shortens long ones deterministically", "[terms]") {
  CHECK(bounded_term("XP", "src/a.cpp") == "XPsrc/a.cpp");
  CHECK_FALSE(is_shortened_term(bounded_term("XP", "src/a.cpp")));

  const std::string long_path = std::string(300, 'a') + "/x.cpp";
  const std::string other_long_path = std::string(300, 'a') + "/y.cpp";
  const std::string term = bounded_term("XP", long_path);
  CHECK(term.size() == kMaxTermBytes);
  CHECK(term.starts_with("XPaaaa"));
  CHECK(is_shortened_term(term));
  CHECK(term == bounded_term("XP", long_path));
  CHECK(term != bounded_term("XP", other_long_path));
}

TEST_CASE("split_path names directories, segments, base name and extension", "[terms]") {
  const PathParts parts = split_path("src/kernel/store.test.cpp");
  CHECK(parts.directories == std::vector<std::string_view>{"src", "src/kernel"});
  CHECK(parts.segments == std::vector<std::string_view>{"src", "kernel"});
  CHECK(parts.base_name == "store.test.cpp");
  CHECK(parts.extension == "cpp");

  const PathParts top = split_path("Makefile");
  CHECK(top.directories.empty());
  CHECK(top.base_name == "Makefile");
  CHECK(top.extension.empty());
}

TEST_CASE("path_terms lists the whole path and the extension", "[terms]") {
  CHECK(path_terms("src/kernel/store.cpp") == std::vector<std::string>{"XPsrc/kernel/store.cpp", "XEcpp"});
  CHECK(path_terms("src/Makefile") == std::vector<std::string>{"XPsrc/Makefile"});
}

namespace {

using WordCounts = std::map<std::string, Xapian::termcount>;

WordCounts term_generator_words(const std::string& text) {
  Xapian::Document document;
  Xapian::TermGenerator generator;
  generator.set_document(document);
  generator.set_max_word_length(kMaxWordBytes);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator.index_text_without_positions(text);
  WordCounts words;
  for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) words[*it] = it.get_wdf();
  return words;
}

WordCounts ascii_words(const std::string& text) {
  WordCounts words;
  CHECK(for_each_ascii_word(text, [&](const std::string& word) { ++words[word]; }));
  return words;
}

}  // namespace

TEST_CASE("for_each_ascii_word makes the TermGenerator's terms of ASCII text", "[terms]") {
  for (const std::string& text : std::vector<std::string>{
           "", "  ", "parse Http Request(buf)", "AT&T don't 3.14 1,000 1;2 a.b a,b", "U.S.A. U.S.A U.S.a U. P.T.O",
           "c++ c# c+++ c++++ fish+chips x#y a+ +", "MAX LINE LEN __init__ x_y", "I.B.M's end.", "&a& 'x' 1.2.3 1..2",
           std::string(70, 'a') + " " + std::string(64, 'b'), "A.B.C.D.E.F", "a&&b a''b 9.x x.9 9,,9"}) {
    INFO(text);
    CHECK(ascii_words(text) == term_generator_words(text));
  }
  // Every short string over the characters that decide where a term ends, at random.
  const std::string alphabet = "aZb9_0.,;'&+# -U.S";
  std::mt19937 random(8);
  std::uniform_int_distribution<std::size_t> length(0, 24), pick(0, alphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = length(random); n > 0; --n) text += alphabet[pick(random)];
    INFO(text);
    REQUIRE(ascii_words(text) == term_generator_words(text));
  }
}

TEST_CASE("for_each_ascii_word leaves text with non-ASCII characters to the TermGenerator", "[terms]") {
  bool called = false;
  CHECK_FALSE(for_each_ascii_word("naïve café", [&](const std::string&) { called = true; }));
  CHECK_FALSE(called);
}
