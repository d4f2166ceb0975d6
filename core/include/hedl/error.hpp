// Error values: the core never throws across its API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "hedl/abi.h"

namespace hedl {

/// The error kinds of §12, ConversionError for the converters, and
/// OutOfMemory when an allocation fails. Their names and numeric codes come
/// from core/abi/abi.json (hedl/abi.h), shared with C and JS.
enum class ErrorKind : std::uint8_t {
#define HEDL_KIND_ENUMERATOR(e, name, code) e,
  HEDL_ERROR_KINDS(HEDL_KIND_ENUMERATOR)
#undef HEDL_KIND_ENUMERATOR
};

/// Returns the kind's numeric code (HEDL_ERR_KIND_*; HedlError.code in JS).
int error_kind_code(ErrorKind kind) noexcept;

/// Returns the kind's name as docs/format.md spells it ("SyntaxError", ...).
const char *error_kind_name(ErrorKind kind) noexcept;

/// One error: kind, free-text message, 1-based line and column (0 = unknown).
struct Error {
  ErrorKind kind = ErrorKind::Syntax;
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// Returns "{Kind} at line {line}[, column {col}]: {message}".
  std::string to_string() const;
  /// Returns code_frame(text, line, column): the place of the error in the
  /// text it came from (the HEDL input, or the JSON for from_json).
  std::string code_frame(std::string_view text) const;
};

/// A plain-text code frame, to show a person or a model where `line` and
/// `column` (1-based, the column in code points; 0 = unknown) are in `text`:
/// the line with one line of context on each side, each after its number,
/// the line itself marked with '>', and a caret under the column:
///
///       3 | %S:User:[id,name]
///     > 4 | users: @User[
///         |              ^
///       5 |  |u1,Ann
///
/// Lines longer than 120 code points show a window of them around the column
/// ("..." marks the cut). Control characters show as '?' (a tab stays a tab,
/// under the caret too, so it lines up); a line's CR is dropped. Empty when
/// line is 0 or past the end of the text. Every line ends with '\n'.
/// `first_line` is the number of the text's first line when `text` is an
/// excerpt of a larger one (`line` counts from it).
std::string code_frame(std::string_view text, std::uint32_t line, std::uint32_t column, std::uint32_t first_line = 1);

/// Either a value or an Error. Check ok() before value().
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  T &value() & { return *value_; }
  const T &value() const & { return *value_; }
  T &&value() && { return std::move(*value_); }
  T *operator->() { return &*value_; }
  const T *operator->() const { return &*value_; }

  const Error &error() const { return error_; }

 private:
  std::optional<T> value_;
  Error error_;
};

}  // namespace hedl
