// The compact serialization of a SearchDocument kept as a Xapian document's data, so that a hit
// carries everything needed to display it without a trip to the symbol store. The path is not in
// it: every document has its path as a value already, and it is a third of the data of a symbol.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

#include <ax/sdk/storage.hpp>

namespace ax::storage::xapian {

// Thrown by decode_document for data it cannot read (a damaged index).
class DocumentDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every field but the path.
std::string encode_document(const sdk::SearchDocument& document);
// The document encoded in `data`, at `path`.
sdk::SearchDocument decode_document(std::string_view data, std::string path);

}  // namespace ax::storage::xapian
