// Writing a Document back as canonical HEDL (§13, D15).
#pragma once

#include <cstdint>
#include <string>

#include "hedl/document.hpp"
#include "hedl/error.hpp"

namespace hedl {

/// The version canonicalize writes.
enum class TargetVersion : std::uint8_t {
  Keep,  ///< the document's own (1.0 → the 1.0 form; 1.1, 1.2 and 2.x → the 2.0 form under their own %V)
  V1_0,  ///< HEDL 1.0: fails with a ConversionError where 1.0 cannot hold the data
  V2_0,  ///< HEDL 2.0
};

struct CanonicalOptions {
  /// Write `^` for a cell equal (kind and value) to the same column of the
  /// previous row of its list (§13.4). Never in the ID column; never in the
  /// 2.0 form (2.0 has no ditto).
  bool ditto = true;
  TargetVersion version = TargetVersion::Keep;
  /// Sort object keys bytewise (§13). Off: keys stay in document order (the
  /// output is then not canonical, but holds the same data; from_json uses it).
  bool sort_keys = true;
};

/// Returns the canonical HEDL text of `doc`. The 1.0 form: `%VERSION`, then `%ALIAS`,
/// `%STRUCT` and `%NEST` sorted (§13.2), `---`, and the body with object
/// keys sorted bytewise, two-space indentation, minimal quoting, count hints
/// on parent rows and `\n` line endings. It is a fixed point (canonicalizing
/// its parse gives the same bytes) and parses back to the same data.
/// The 2.0 form (SPEC-2.0 §13 as docs/format.md resolves it): `%V`, `%NULL:~`,
/// `%QUOTE:"`, `%MODE` when lenient, `%A`, `%S`, `%N`, `%C` (sorted), `%PROMPT`
/// and `%X-` lines (in order), `---`, then one space per level, `key:@Type`,
/// rows `|a,b` with no ditto and no count hints, lists `(a, b)`, and
/// `@Type#N:` child blocks under parents with several child types (inline
/// for 1 to 5 children without children of their own).
/// Fails only with a ConversionError (at the value's line) for a string no
/// HEDL syntax can spell: a control character other than tab, LF or CR; a CR
/// in a key-value string; or a key-value string with a line that would close
/// a block string and no alias to stand for it. No parsed document holds one,
/// except that writing 1.0 fails (at the line) for what 1.0 cannot express:
/// list literals, several child types per parent, %PROMPT, %C, %X- and
/// `%MODE: lenient`.
Result<std::string> canonicalize(const Document &doc, const CanonicalOptions &options = {});

}  // namespace hedl
