// Internal declarations shared by the parser's translation units.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arena.hpp"
#include "big_alloc.hpp"
#include "hash_map.hpp"
#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl::detail {

/// A big_alloc'd byte buffer.
struct BigBuffer {
  char *data = nullptr;
  std::size_t size = 0;
  BigBuffer() = default;
  BigBuffer(const BigBuffer &) = delete;
  BigBuffer &operator=(const BigBuffer &) = delete;
  ~BigBuffer() { big_free(data, size); }
  bool allocate(std::size_t n) noexcept {
    data = static_cast<char *>(big_alloc(n));
    size = data ? n : 0;
    return data != nullptr;
  }
  char *get() const noexcept { return data; }
};

/// What a Document owns.
struct DocumentData {
  BigBuffer input;  // the input copy every view points into (plus a NUL)
  std::size_t input_size = 0;
  bool input_ascii = true;             // no byte >= 0x80 (set by the parser's first stage)
  bool input_has_replacement = false;  // U+FFFD occurs in the input
  Arena arena;
  std::uint32_t major = 1, minor = 0;
  std::vector<const Schema *> schemas;  // declared, in order
  StringMap<Schema *> schema_map;       // declared type -> schema
  std::vector<Alias> aliases;
  StringMap<std::uint32_t> alias_map;  // key -> index + 1
  std::vector<Nest> nests;
  Object root;

  std::size_t memory_usage() const noexcept;
};

// ---- character classes --------------------------------------------------

inline bool is_lower_start(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
inline bool is_key_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline bool is_id_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool is_id_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

/// `[a-z_][a-z0-9_]*`
bool is_key_token(std::string_view s) noexcept;
/// `[A-Z][A-Za-z0-9]*`
bool is_type_token(std::string_view s) noexcept;
/// `[A-Za-z_][A-Za-z0-9_-]*` (D1)
bool is_id_token(std::string_view s) noexcept;

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}
inline std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

/// Returns the 1-based column (in code points) of `at` within the line starting at `line_start`.
std::uint32_t column_of(const char *line_start, const char *at) noexcept;

/// Scans an expression starting at `p` (which points at "$("), quote-aware
/// with `""` escapes (SPEC 4.6.6). Returns the pointer just past the closing
/// ')' or nullptr when the expression does not close before `end`.
const char *scan_expression(const char *p, const char *end) noexcept;

/// In `s`, which starts with '"', finds the quote closing a key-value or
/// alias string (`""` is an escaped quote, backslash is literal). Returns its
/// index, or s.size() when the string is unclosed; sets `escaped` when the
/// content holds a `""` escape.
std::size_t find_closing_quote(std::string_view s, bool &escaped) noexcept;

/// Finds the start of an inline comment in `s` (first '#' outside quoted and
/// expression regions, SPEC 4.5), or s.size() when there is none.
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

/// Writes the shortest round-trip form of `d` (same bytes natively and in wasm).
char *format_double(char *out, double d) noexcept;
/// Writes a decimal int64.
char *format_int(char *out, std::int64_t v) noexcept;

/// Parser entry point (parser.cpp).
Result<Document> parse_document(std::string_view bytes, const ParseOptions &options);
/// Parses the `size` bytes at `buffer`, a big_alloc block of `block` bytes
/// (block > size: the parser puts a NUL after the text), and takes ownership
/// of the block whatever the outcome. Saves parse_document's copy.
Result<Document> parse_adopting(char *buffer, std::size_t size, std::size_t block, const ParseOptions &options);

}  // namespace hedl::detail
