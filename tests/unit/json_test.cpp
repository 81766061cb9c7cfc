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

TEST_CASE("json writer: control bytes and invalid UTF-8 stay valid JSON") {
  std::ostringstream out;
  ax::sdk::JsonWriter json(out);
  json.value(
      std::string_view("a\x01z\xff\xfe"
                       "caf\xc3\xa9",
                       10));
  CHECK(out.str() ==
        "\"a\\u0001z\xef\xbf\xbd\xef\xbf\xbd"
        "caf\xc3\xa9\"");
}
