#include <cstddef>

// Counts the words of a NUL-terminated string.
std::size_t count_words(const char *cursor) {
  std::size_t words = 0;
  for (;;) {
    /*!re2c
      re2c:define:YYCTYPE = char;
      re2c:yyfill:enable = 0;
      [a-zA-Z]+ { ++words; continue; }
      "\x00"    { return words; }
      *         { continue; }
    */
  }
}
