// How values are spelled as text (spelling.hpp).
#include "writers/spelling.hpp"

#include <cmath>
#include <cstring>

#include "simdjson.h"
#include "util/chars.hpp"

namespace hedl::detail {

namespace {

// "00" to "99": two digits per step.
struct DigitPairs {
  char d[200] = {};
  constexpr DigitPairs() {
    for (int i = 0; i < 100; ++i)
      d[2 * i] = static_cast<char>('0' + i / 10), d[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
};
constexpr DigitPairs kPairs;

}  // namespace

char *format_int(char *out, std::int64_t v) noexcept {
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  if (v < 0) *out++ = '-';
  int digits = 1;
  for (std::uint64_t t = u; t >= 10; t /= 10) ++digits;
  char *p = out + digits;
  for (; u >= 100; u /= 100) {
    p -= 2;
    std::memcpy(p, kPairs.d + 2 * (u % 100), 2);
  }
  if (u >= 10) {
    p -= 2;
    std::memcpy(p, kPairs.d + 2 * u, 2);
  } else {
    *--p = static_cast<char>('0' + u);
  }
  return out + digits;
}

char *format_double(char *out, double d) noexcept { return simdjson::internal::to_chars(out, nullptr, d); }

char *write_spelled_out_double(char *out, double d) noexcept {
  // Most doubles come out of to_chars already plain: no exponent, and no
  // zero ending the fraction unless it is all of it ("12.0").
  char *end = simdjson::internal::to_chars(out, nullptr, d);
  bool exponent = false;
  for (const char *q = out; q < end; ++q) exponent |= *q == 'e';
  if (!exponent && (end[-1] != '0' || end[-2] == '.')) return end;
  char tmp[64];
  char *e = tmp + (end - out);
  std::memcpy(tmp, out, static_cast<std::size_t>(end - out));
  const char *p = tmp;
  bool neg = *p == '-';
  if (neg) ++p;
  char digits[40];
  int nd = 0, point = -1;
  while (p < e && *p != 'e' && *p != 'E') {
    if (*p == '.')
      point = nd;
    else if (nd < 40)
      digits[nd++] = *p;
    ++p;
  }
  if (point < 0) point = nd;
  int exp = 0;
  if (p < e) {
    ++p;
    bool eneg = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    while (p < e) exp = exp * 10 + (*p++ - '0');
    if (eneg) exp = -exp;
  }
  int pos = point + exp;  // digits before the decimal point
  int s = 0, t = nd;
  while (s < t && digits[s] == '0') ++s, --pos;
  while (t > s && digits[t - 1] == '0') --t;
  char *o = out;
  if (neg) *o++ = '-';
  int n = t - s;
  if (n == 0) {
    std::memcpy(o, "0.0", 3);
    return o + 3;
  }
  if (pos <= 0) {
    *o++ = '0';
    *o++ = '.';
    std::memset(o, '0', static_cast<std::size_t>(-pos));
    o += -pos;
    std::memcpy(o, digits + s, static_cast<std::size_t>(n));
    return o + n;
  }
  if (pos >= n) {
    std::memcpy(o, digits + s, static_cast<std::size_t>(n));
    o += n;
    std::memset(o, '0', static_cast<std::size_t>(pos - n));
    o += pos - n;
    std::memcpy(o, ".0", 2);
    return o + 2;
  }
  std::memcpy(o, digits + s, static_cast<std::size_t>(pos));
  o += pos;
  *o++ = '.';
  std::memcpy(o, digits + s + pos, static_cast<std::size_t>(n - pos));
  return o + (n - pos);
}

// ---- JSON strings ---------------------------------------------------------------

void append_json_string(std::string &out, std::string_view s) {
  std::size_t n = out.size();
  out.resize(n + json_string_room(s.size()));
  out.resize(static_cast<std::size_t>(write_json_string(out.data() + n, s) - out.data()));
}

// ---- HEDL strings ---------------------------------------------------------------

bool closes_block(std::string_view line) noexcept {
  while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  if (line.substr(0, 3) != "\"\"\"") return false;
  std::string_view rest = trim(line.substr(3));
  return rest.empty() || rest[0] == '#';
}

}  // namespace hedl::detail
