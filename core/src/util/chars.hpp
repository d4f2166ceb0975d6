// Character classes and token shapes of HEDL (§4), shared by the parser,
// the writers and the converters.
#pragma once

#include <cstdint>
#include <string_view>

namespace hedl::detail {

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

}  // namespace hedl::detail
