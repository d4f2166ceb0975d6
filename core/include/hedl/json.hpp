// Writing a Document as JSON (D21).
#pragma once

#include <string>

#include "hedl/document.hpp"

namespace hedl {

struct JsonOptions {
  bool pretty = false;    ///< two-space indentation and newlines
  bool metadata = false;  ///< `__type__` on rows; lists as {"__type__","__schema__","items"}
};

/// Returns the document as JSON, keys in document order. Cannot fail.
std::string to_json(const Document &doc, const JsonOptions &options = {});

/// Appends the document's JSON to `out`.
void to_json(const Document &doc, const JsonOptions &options, std::string &out);

/// Appends one row of type `schema` as to_json writes it in its list: an
/// object keyed by column, with its %NEST child rows (the stream's rows).
void row_to_json(const Row &row, const Schema &schema, const JsonOptions &options, std::string &out);

/// Appends one value (a key-value's, or a cell's) as to_json writes it.
void value_to_json(const Value &value, std::string &out);

}  // namespace hedl
