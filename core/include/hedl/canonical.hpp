// Writing a Document back as canonical HEDL (§13, D15).
#pragma once

#include <string>

#include "hedl/document.hpp"
#include "hedl/error.hpp"

namespace hedl {

struct CanonicalOptions {
  /// Write `^` for a cell equal (kind and value) to the same column of the
  /// previous row of its list (§13.4). Never in the ID column.
  bool ditto = true;
};

/// Returns the canonical HEDL text of `doc`: `%VERSION`, then `%ALIAS`,
/// `%STRUCT` and `%NEST` sorted (§13.2), `---`, and the body with object
/// keys sorted bytewise, two-space indentation, minimal quoting, count hints
/// on parent rows and `\n` line endings. It is a fixed point (canonicalizing
/// its parse gives the same bytes) and parses back to the same data.
/// Fails only with a ConversionError (at the value's line) for a string no
/// HEDL syntax can spell: a control character other than tab, LF or CR; a CR
/// in a key-value string; or a key-value string with a line that would close
/// a block string and no alias to stand for it. No parsed document holds one.
Result<std::string> canonicalize(const Document &doc, const CanonicalOptions &options = {});

}  // namespace hedl
