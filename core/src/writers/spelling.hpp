// How the writers spell values as text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hedl::detail {

/// Writes the shortest round-trip form of `d` (same bytes natively and in wasm).
char *format_double(char *out, double d) noexcept;
/// Writes a decimal int64.
char *format_int(char *out, std::int64_t v) noexcept;

/// Appends `s` to `out` as a JSON string, quotes included.
void append_json_string(std::string &out, std::string_view s);

}  // namespace hedl::detail
