// How values are spelled as text: the one home of every spelling rule the
// writers share (the JSON writer, the canonical HEDL writer, the JSON to
// HEDL converter and the bindings).
//
//   - numbers: JSON doubles, HEDL doubles (never an exponent, D6), integers;
//   - JSON strings: escaping;
//   - HEDL strings: when a string needs quotes, a block string, or has no
//     spelling at all (format.md §8, §9, D15, "Values that start with a
//     special character").
//
// The pointer-returning functions write at `out` (room for the stated
// bytes must be there) and return the end of what they wrote.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "util/chars.hpp"

namespace hedl::detail {

// ---- numbers ------------------------------------------------------------------

/// Writes the shortest round-trip form of `d` (an exponent where shorter;
/// JSON output). Same bytes natively and in wasm. Needs 32 bytes.
char *format_double(char *out, double d) noexcept;
/// Writes a decimal int64. Needs 20 bytes.
char *format_int(char *out, std::int64_t v) noexcept;

/// Bytes write_plain_double may need.
inline constexpr std::size_t kMaxPlainDouble = 400;
/// Writes a finite `d` as HEDL reads numbers, `-?[0-9]+\.[0-9]+` (D6: no
/// exponent): the fewest digits that read back as exactly `d`.
inline char *write_plain_double(char *out, double d) noexcept;
/// Writes a finite tensor element: integral ones as integers (a tensor holds
/// doubles either way), others as write_plain_double. Needs kMaxPlainDouble bytes.
inline char *write_tensor_element(char *out, double d) noexcept;
/// write_plain_double's slow path: the shortest round-trip digits with an
/// exponent spelled out.
char *write_spelled_out_double(char *out, double d) noexcept;

// ---- JSON strings ---------------------------------------------------------------

/// Bytes write_json_string may need for a string of `n` bytes (every byte \u00XX).
inline constexpr std::size_t json_string_room(std::size_t n) noexcept { return 6 * n + 2; }
/// Writes `s` as a JSON string, quotes included: `"` and `\` and the control
/// bytes escaped (short forms where JSON has them), everything else as is.
inline char *write_json_string(char *out, std::string_view s) noexcept;
/// Appends `s` to `out` as write_json_string spells it.
void append_json_string(std::string &out, std::string_view s);

// ---- HEDL strings ---------------------------------------------------------------

/// How a string is written.
enum class StringForm : std::uint8_t {
  Plain,   ///< as is
  Quoted,  ///< in double quotes (write_quoted_cell / write_quoted_kv)
  Block,   ///< a `"""` block string (key-values only)
  Bad,     ///< HEDL has no spelling for it here
};

/// True when `s` matches `-?[0-9]+(\.[0-9]+)?` (D6): unquoted, it reads as a number.
inline bool looks_numeric(std::string_view s) noexcept;
/// True when the non-empty unquoted token `s` would read as something other
/// than the string `s` (a number or a boolean; `~` and the other special
/// first bytes are covered by the quoting rules).
inline bool reads_as_other(std::string_view s) noexcept;

/// How a non-empty string is written in a matrix cell (not the ID column).
/// Quotes when: it starts with `~ @ $ % ^ [ "`, a space or a tab; it ends
/// with a space or tab; it holds `, # " |` or a newline, CR or tab (escaped
/// inside quotes); it holds `$(` (the row splitter treats that as an
/// expression, §9 and D11; any other `$` is plain text); or it would read
/// as a number or boolean. Bad when it holds another control byte.
inline StringForm cell_form(std::string_view s) noexcept;

/// The rules of cell_form that look only at the ends of a non-empty `s`
/// (first byte, last byte, reads_as_other): true when none forces quotes.
/// With a byte scan of its own, a fast path needs only this.
inline bool plain_cell_edges(std::string_view s) noexcept;

/// True when the string `s` must be quoted as an element of a 2.0 list
/// literal: empty, not plain as a cell (cell_form), or holding `(`, `)` or
/// `[` (the list reader skips a tensor from any `[` of an unquoted element).
inline bool list_element_needs_quotes(std::string_view s) noexcept;

/// How a string is written as a key-value's value: Quoted when empty, when
/// it starts with `~ @ $ % [ "`, a space or a tab, ends with a space or tab,
/// holds `#`, `"` or a tab, or would read as a number or boolean; Block when
/// it holds a newline or starts with `"` (quoted, it would open a block
/// string); Bad when it holds CR or another control byte, or a line of it
/// would close the block string (closes_block).
inline StringForm kv_form(std::string_view s) noexcept;

/// The first byte that makes cell_form / kv_form return Bad for a control
/// byte, or -1 when the reason is a line that closes a block string.
inline int first_unspellable_byte(std::string_view s, bool in_cell) noexcept;

/// True when `line` would close a block string (D3: `"""` after spaces,
/// then only spaces or a comment).
bool closes_block(std::string_view line) noexcept;

/// Writes `s` as a quoted cell: `"` doubled, `\`, newline, CR and tab as
/// backslash escapes. Needs 2 * size + 2 bytes.
inline char *write_quoted_cell(char *out, std::string_view s) noexcept;
/// Writes `s` as a quoted key-value: `"` doubled, nothing else escaped
/// (backslash is literal there). Needs 2 * size + 2 bytes.
inline char *write_quoted_kv(char *out, std::string_view s) noexcept;

}  // namespace hedl::detail

#include "writers/spelling_inline.hpp"
