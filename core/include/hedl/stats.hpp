// Size and token statistics of a document against its compact JSON form.
//
// Token estimate (estimate_tokens): one pass over the bytes, the same rule for
// HEDL and JSON text, so that the two counts compare like with like:
//   - a run of ASCII letters and digits costs ceil(length / 4) tokens;
//   - every other printable ASCII byte (punctuation, symbols) costs 1 token;
//   - whitespace (space, tab, CR, LF) is free;
//   - every non-ASCII code point costs 1 token (and ends a letter run);
//   - other control bytes cost 1 token each.
// It is a deterministic stand-in for a real tokenizer, not a model of one:
// use it for ratios, not for billing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl {

struct TypeCount {
  std::string type;
  std::size_t count = 0;
};

struct Stats {
  std::size_t hedl_bytes = 0;   ///< size of the HEDL input
  std::size_t hedl_lines = 0;   ///< its lines (a last line without a newline counts)
  std::size_t json_bytes = 0;   ///< size of the compact JSON (to_json, no metadata)
  std::size_t hedl_tokens = 0;  ///< estimate_tokens of the HEDL input
  std::size_t json_tokens = 0;  ///< estimate_tokens of the compact JSON
  double token_savings = 0;     ///< 1 - hedl_tokens / json_tokens (0 when json_tokens is 0)
  std::size_t schemas = 0;      ///< %STRUCT types
  std::size_t aliases = 0;      ///< %ALIAS directives
  std::size_t nests = 0;        ///< %NEST rules
  std::size_t root_items = 0;   ///< keys of the root object
  /// Rows per type, %NEST children included, in the order the types first
  /// appear (a list's type appears at its key line, even when it has no rows).
  std::vector<TypeCount> entities;
};

/// Returns the estimated token count of `text` (the rule is in this header's
/// first comment). Cannot fail.
std::size_t estimate_tokens(std::string_view text) noexcept;

/// Returns the rows per type of `doc`, %NEST children included, in the
/// order the types first appear in the document (Stats::entities). Cannot
/// fail (short of running out of memory).
std::vector<TypeCount> count_entities(const Document &doc);

/// Returns the statistics of a parsed document, measured on the input it was
/// parsed from. Cannot fail (short of running out of memory).
Stats stats(const Document &doc);

/// Parses `text` (default options) and returns its statistics, or the parse Error.
Result<Stats> stats(std::string_view text);

/// Parses `text` with `options` and returns its statistics, or the parse Error.
Result<Stats> stats(std::string_view text, const ParseOptions &options);

}  // namespace hedl
