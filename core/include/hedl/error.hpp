// Error values: the core never throws across its API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
