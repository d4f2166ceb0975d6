// Converting JSON into HEDL (D24): the reverse of to_json (D21).
//
// The mapping, in short:
//   - The JSON root must be an object. Object keys must be HEDL keys
//     (`[a-z_][a-z0-9_]*`).
//   - null, booleans, numbers and strings become key-values. Strings are quoted
//     only when they would read back as something else; strings with newlines
//     become block strings. Integers in int64 range stay integers; other
//     numbers become floats written as plain decimals (HEDL has no exponent),
//     rejected when a float cannot hold them exactly.
//   - {"@ref": "@Type:id"} becomes a reference.
//   - An array of objects becomes a matrix list whose type name is the key's
//     singular PascalCase form (`people` -> Person, `user_posts` -> UserPost),
//     or T when a qualified reference {"@ref": "@T:id"} points into it; its
//     columns are the union of the records' keys in first-seen order, ID
//     column first. A field missing from a record becomes `~`. Another list
//     whose key gives the same type name gets a numbered name (User2), so lists
//     never share IDs by accident.
//   - The ID column is `id` when every record holds a non-empty string there;
//     otherwise the first field that does in every record and is unique in the
//     type (it moves to the front: order is not data). No such field is a
//     ConversionError.
//   - An array of objects inside a record becomes %NEST children. Under a
//     TypeName key (`"Post": [...]`, as to_json writes them) the type is that
//     name; under a lowercase key (`"posts"`) it is the singular form, and
//     to_json shows it under the type name (`Post`). HEDL 1.0: one child type
//     per parent type; 2.0: several (one list of each per record, as
//     `@Type#N:` blocks). Recursive child types are not representable.
//   - Arrays of numbers (nested, rectangular, non-empty) become tensors. An
//     empty array outside records becomes an empty list (`@Item[id]`).
//   - HEDL 2.0 (the default): every other array of values becomes a list
//     literal `(a, 1, ~)` of strings, numbers, booleans, nulls, references
//     and tensors, in key-values and cells (`()` for an empty array in a
//     record). Lists do not nest.
//   - Everything else (1.0: arrays of strings and mixed arrays; objects
//     inside records, lists inside lists, strings no HEDL spelling keeps,
//     duplicate IDs, ...) is a ConversionError naming the JSON path, such as
//     `$.users[3]["First Name"]`, and what to do. Invalid JSON is a
//     ConversionError too. An error's line and column are those of the JSON
//     text.
// For JSON that to_json can produce, to_json(from_json(j)) equals j as data
// (key order aside; numbers compare by value).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl {

struct FromJsonOptions {
  /// Read strings that are one whole `$(...)` expression as expressions (D2).
  /// Off: they stay strings (quoted in the HEDL text).
  bool expressions = false;
  /// The limits of the parse, also applied to the JSON walk: nesting is
  /// bounded by max_indent_depth and max_nest_depth, keys per object by
  /// max_object_keys, record fields by max_columns, the JSON size by
  /// max_file_size. Exceeding one is a SecurityError naming it.
  Limits limits{};
  /// Write `^` for a cell equal to the one above it (it reads back the same).
  bool ditto = true;
  /// Every {"@ref": ...} must name an existing record (as the default parse
  /// requires), else ConversionError. Off: unresolved references are kept and
  /// marked unresolved (D13); the HEDL text then parses only with strict
  /// references off.
  bool strict_refs = true;
  /// The HEDL version written: 2.0 (the current version) by default, or 1.0.
  /// The 2.0 text is in canonical 2.0 form (schemas sorted, no ditto, the
  /// JSON's key order kept) and has list literals; 1.0 text has ditto.
  enum class Version : std::uint8_t { V2_0, V1_0 } version = Version::V2_0;
};

/// Converts JSON text into a Document: the parse of json_to_hedl(json).
/// Returns the Document, or a ConversionError (invalid JSON, or JSON HEDL
/// cannot hold) or a SecurityError (a limit), naming the JSON path and, where
/// known, the JSON line and column.
Result<Document> from_json(std::string_view json, const FromJsonOptions &options = {});

/// Converts JSON text into HEDL text that always parses back (with
/// strict_refs as in `options`). Returns the text, or the errors of from_json.
Result<std::string> json_to_hedl(std::string_view json, const FromJsonOptions &options = {});

/// from_json and json_to_hedl keep their JSON parser's buffers (about four
/// times the largest JSON converted) on each thread for the next call: fresh
/// pages cost more than parsing. All threads together keep at most 512 MiB;
/// a call that would need more frees its buffers when it returns. This frees
/// the calling thread's buffers now (a thread's own end frees them too).
void release_from_json_buffers() noexcept;

}  // namespace hedl
