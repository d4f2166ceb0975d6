// Scanners and scalar readers of the parser (parser/scalars.cpp): quotes,
// expressions, comments, numbers and tensors.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "hedl/value.hpp"
#include "util/arena.hpp"

namespace hedl::detail {

/// Scans an expression starting at `p` (which points at "$("), quote-aware
/// with `""` escapes (§4.6.6). Returns the pointer just past the closing
/// ')' or nullptr when the expression does not close before `end`.
const char *scan_expression(const char *p, const char *end) noexcept;
/// The end of the region of a row that starts at `q`: a quoted string
/// (`""` and backslash escapes), a tensor `[...]`, a list `(...)` (quotes
/// inside it with `""` only) or an expression `$(...)`; nullptr when it does
/// not close before `e`.
const char *skip_region(const char *q, const char *e) noexcept;

/// In `s`, which starts with '"', finds the quote closing a key-value or
/// alias string (`""` is an escaped quote, backslash is literal). Returns its
/// index, or s.size() when the string is unclosed; sets `escaped` when the
/// content holds a `""` escape.
std::size_t find_closing_quote(std::string_view s, bool &escaped) noexcept;

/// Finds the start of an inline comment in `s` (first '#' outside quoted and
/// expression regions, §4.5), or s.size() when there is none.
std::size_t find_comment(std::string_view s) noexcept;

/// Outcome of reading a number token.
enum class NumberResult { NotNumber, Int, Float, Overflow };
/// Matches `-?[0-9]+(\.[0-9]+)?` over the whole of `s` (D6). On Int/Float,
/// stores the value. Overflow means "looks like a number but does not fit":
/// it stays a string (lossless).
NumberResult parse_number(std::string_view s, Value &out) noexcept;

/// Parses a tensor literal that is exactly `s` (which starts with '[').
/// Returns nullptr and sets `why` on failure.
/// `scratch` is reused between calls (no allocation per tensor).
/// Returns the tensor as a packed block for Value::packed_tensor, or nullptr
/// with `why`/`where` set.
const void *parse_tensor(std::string_view s, Arena &arena, std::vector<double> &scratch, const char *&why,
                         const char *&where);

}  // namespace hedl::detail
