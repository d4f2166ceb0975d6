// How every writer spells values as text (spelling.hpp).
#include "writers/spelling.hpp"

#include <cstring>

#include "simdjson.h"

namespace hedl::detail {

char *format_double(char *out, double d) noexcept { return simdjson::internal::to_chars(out, nullptr, d); }

char *format_int(char *out, std::int64_t v) noexcept {
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  if (v < 0) *out++ = '-';
  // Count the digits, then write them in place from the last one: no
  // scratch buffer and no copy (most numbers are short).
  int n = 1;
  for (std::uint64_t t = u; t >= 10; t /= 10) ++n;
  char *e = out + n;
  char *p = e;
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  return e;
}

void append_json_string(std::string &out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace hedl::detail
