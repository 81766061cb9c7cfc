// The compact serialization kept as a Xapian document's data, so that a hit carries everything needed
// to display it without a trip to the symbol store. One document holds a stretch of a file (a chunk)
// and the symbols that start in it, or a single symbol outside any chunk. The path is not in it:
// every document has its path as a value already.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <ax/sdk/storage.hpp>

namespace ax::storage::xapian {

// Thrown by decode_group for data it cannot read (a damaged index).
class DocumentDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DocumentGroup {
  std::string language;
  // A chunk's lines, whose text is the document's body; without one the document is its single
  // symbol's alone (body included).
  bool has_chunk = false;
  std::uint32_t line = 0;
  std::uint32_t end_line = 0;
  std::uint32_t body_length = 0;  // the occurrences of the chunk's own words, as the ranking counts them
  // Their symbol id, kind, name, qualified name, signature, doc comment and lines; nothing else.
  std::vector<sdk::SearchDocument> symbols;
};

std::string encode_group(const DocumentGroup& group);
// The group encoded in `data`, its symbols given `path` and the group's language.
DocumentGroup decode_group(std::string_view data, const std::string& path);

}  // namespace ax::storage::xapian
