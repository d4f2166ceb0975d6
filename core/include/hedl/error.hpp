// Error values: the core never throws across its API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace hedl {

/// The error kinds of SPEC §12, plus ConversionError for the converters.
enum class ErrorKind : std::uint8_t {
  Syntax,
  Version,
  Schema,
  Alias,
  Shape,
  Semantic,
  OrphanRow,
  Collision,
  Reference,
  Security,
  Conversion,
};

/// Returns the kind's name as DECISIONS.md spells it ("SyntaxError", ...).
const char *error_kind_name(ErrorKind kind) noexcept;

/// One error: kind, free-text message, 1-based line and column (0 = unknown).
struct Error {
  ErrorKind kind = ErrorKind::Syntax;
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;

  /// Returns "{Kind} at line {line}[, column {col}]: {message}".
  std::string to_string() const;
};

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
