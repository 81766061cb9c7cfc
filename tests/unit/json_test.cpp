#include <catch2/catch.hpp>

#include <sstream>

#include <ax/sdk/json.hpp>

TEST_CASE("json writer: nesting, separators and escapes") {
  std::ostringstream out;
  ax::sdk::JsonWriter json(out);
  json.begin_object().field("name", "a\"b\\c\n").field("n", 3).field("ok", true).field("x", 1.5);
  json.key("list").begin_array().value("one").value(2).end_array();
  json.key("empty").begin_object().end_object().end_object();
  CHECK(out.str() == R"({"name":"a\"b\\c\n","n":3,"ok":true,"x":1.5,"list":["one",2],"empty":{}})");
}

TEST_CASE("json writer: control bytes escaped, invalid UTF-8 escaped reversibly as lone surrogates") {
  std::ostringstream out;
  ax::sdk::JsonWriter json(out);
  json.value(
      std::string_view("a\x01z\xff\xfe"
                       "caf\xc3\xa9",
                       10));
  CHECK(out.str() ==
        "\"a\\u0001z\\udcff\\udcfe"
        "caf\xc3\xa9\"");
}

TEST_CASE("json writer: every byte that is not UTF-8 gets its own escape, valid sequences pass") {
  auto written = [](std::string_view text) {
    std::ostringstream out;
    ax::sdk::JsonWriter(out).value(text);
    return out.str();
  };
  CHECK(written("\x80") == "\"\\udc80\"");
  CHECK(written("\xc3") == "\"\\udcc3\"");                        // truncated sequence
  CHECK(written("\xc0\xaf") == "\"\\udcc0\\udcaf\"");             // overlong '/'
  CHECK(written("\xed\xa0\x80") == "\"\\udced\\udca0\\udc80\"");  // a surrogate encoded in UTF-8
  CHECK(written("\xf0\x9f\x99\x82") == "\"\xf0\x9f\x99\x82\"");   // U+1F642 as it is
  CHECK(written("\xef\xbf\xbd") == "\"\xef\xbf\xbd\"");           // a real U+FFFD stays one
}
