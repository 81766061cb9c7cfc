#include <catch2/catch.hpp>

#include <ax/sdk/text.hpp>

using ax::sdk::printable;

TEST_CASE("printable: ordinary names, UTF-8 included, are left alone") {
  CHECK(printable("src/main.cpp") == "src/main.cpp");
  CHECK(printable("docs/caf\xc3\xa9 menu.md") == "docs/caf\xc3\xa9 menu.md");
  CHECK(printable("") == "");
}

TEST_CASE("printable: control bytes, quotes, backslashes and invalid UTF-8 are quoted with C escapes") {
  CHECK(printable("a\nb.py") == "\"a\\nb.py\"");
  CHECK(printable("tab\there\r") == "\"tab\\there\\r\"");
  CHECK(printable("bell\x07") == "\"bell\\x07\"");
  CHECK(printable("del\x7f") == "\"del\\x7f\"");
  CHECK(printable("say \"hi\".txt") == "\"say \\\"hi\\\".txt\"");
  CHECK(printable("back\\slash") == "\"back\\\\slash\"");
  CHECK(printable("latin1-caf\xe9.py") == "\"latin1-caf\\xe9.py\"");
  // Valid UTF-8 inside a quoted name stays as it is.
  CHECK(printable("caf\xc3\xa9\n") == "\"caf\xc3\xa9\\n\"");
  // Never more than one line.
  CHECK(printable("x\n\n\ny").find('\n') == std::string::npos);
}

TEST_CASE("utf8 sequence length") {
  CHECK(ax::sdk::utf8_sequence_length("a", 0) == 1);
  CHECK(ax::sdk::utf8_sequence_length("\xc3\xa9", 0) == 2);
  CHECK(ax::sdk::utf8_sequence_length("\xe2\x82\xac", 0) == 3);
  CHECK(ax::sdk::utf8_sequence_length("\xf0\x9f\x99\x82", 0) == 4);
  CHECK(ax::sdk::utf8_sequence_length("\xc3", 0) == 0);
  CHECK(ax::sdk::utf8_sequence_length("\x80", 0) == 0);
  CHECK(ax::sdk::utf8_sequence_length("\xed\xa0\x80", 0) == 0);
  CHECK(ax::sdk::utf8_sequence_length("\xf4\x90\x80\x80", 0) == 0);
}
