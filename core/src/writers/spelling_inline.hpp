// The inline half of spelling.hpp: the rules on the writers' hot paths
// (per string cell and key-value), defined here so that every writer inlines
// them. Include spelling.hpp, not this file.
#pragma once

namespace hedl::detail {

namespace spelling_tables {

// 0: copy as is; 1: two-char escape; 2: \u00XX.
struct EscapeTable {
  unsigned char kind[256] = {};
  char short_form[256] = {};
  constexpr void two_char(unsigned char c, char form) {
    kind[c] = 1;
    short_form[c] = form;
  }
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) kind[c] = 2;
    two_char('"', '"');
    two_char('\\', '\\');
    two_char('\n', 'n');
    two_char('\r', 'r');
    two_char('\t', 't');
    two_char('\b', 'b');
    two_char('\f', 'f');
  }
};
inline constexpr EscapeTable kEsc;

}  // namespace spelling_tables

inline char *write_json_string(char *p, std::string_view v) noexcept {
  *p++ = '"';
  const auto *b = reinterpret_cast<const unsigned char *>(v.data());
  const auto *e = b + v.size();
  while (b < e) {
    const unsigned char *run = b;
    while (b < e && !spelling_tables::kEsc.kind[*b]) ++b;
    std::size_t len = static_cast<std::size_t>(b - run);
    std::memcpy(p, run, len);
    p += len;
    if (b == e) break;
    unsigned char c = *b++;
    *p++ = '\\';
    if (spelling_tables::kEsc.kind[c] == 1) {
      *p++ = spelling_tables::kEsc.short_form[c];
    } else {
      static const char hex[] = "0123456789abcdef";
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 15];
    }
  }
  *p++ = '"';
  return p;
}

namespace spelling_tables {

enum : unsigned char {
  kCellStop = 1,  // forces quotes anywhere in a cell
  kKvStop = 2,    // forces quotes anywhere in a key-value string
  kControl = 4,   // a control byte
  kCellLead = 8,  // forces quotes as a cell's first byte
  kKvLead = 16,   // forces quotes as a key-value string's first byte
  kDollar = 32,   // '$': forces quotes in a cell when '(' follows (an expression region)
};

struct ByteTable {
  unsigned char c[256] = {};
  constexpr ByteTable() {
    for (int i = 0; i < 0x20; ++i) c[i] = kCellStop | kKvStop | kControl;
    for (unsigned char b : {',', '#', '"', '|'}) c[b] |= kCellStop;
    for (unsigned char b : {'#', '"'}) c[b] |= kKvStop;
    for (unsigned char b : {'~', '@', '$', '%', '^', '[', '"', ' ', '\t'}) c[b] |= kCellLead;
    for (unsigned char b : {'~', '@', '$', '%', '[', '"', ' ', '\t'}) c[b] |= kKvLead;
    c[static_cast<unsigned char>('$')] |= kDollar;
  }
};
inline constexpr ByteTable kBytes;

inline unsigned char cls(char b) { return kBytes.c[static_cast<unsigned char>(b)]; }

/// Control bytes a quoted cell can hold (as escapes).
inline bool cell_escapable(char b) { return b == '\n' || b == '\r' || b == '\t'; }

}  // namespace spelling_tables

using spelling_tables::cell_escapable;
using spelling_tables::cls;

inline bool looks_numeric(std::string_view s) noexcept {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  std::size_t d = i;
  while (i < n && is_digit(s[i])) ++i;
  if (i == d) return false;
  if (i == n) return true;
  if (s[i] != '.') return false;
  d = ++i;
  while (i < n && is_digit(s[i])) ++i;
  return i > d && i == n;
}

inline bool reads_as_other(std::string_view s) noexcept {
  char f = s[0];
  if (f == 't') return s == "true";
  if (f == 'f') return s == "false";
  return (f == '-' || is_digit(f)) && looks_numeric(s);
}

inline bool plain_cell_edges(std::string_view s) noexcept {
  return !(cls(s[0]) & spelling_tables::kCellLead) && !is_space(s.back()) && !reads_as_other(s);
}

inline StringForm cell_form(std::string_view s) noexcept {
  bool quote = (cls(s[0]) & spelling_tables::kCellLead) || is_space(s.back());
  const char *p = s.data(), *e = p + s.size();
  for (; p < e; ++p) {
    unsigned char k = cls(*p);
    if (!(k & (spelling_tables::kCellStop | spelling_tables::kDollar))) continue;
    if (k & spelling_tables::kDollar) {
      quote |= p + 1 < e && p[1] == '(';
      continue;
    }
    if ((k & spelling_tables::kControl) && !cell_escapable(*p)) return StringForm::Bad;
    quote = true;
  }
  return quote || reads_as_other(s) ? StringForm::Quoted : StringForm::Plain;
}

inline StringForm kv_form(std::string_view s) noexcept {
  if (s.empty()) return StringForm::Quoted;
  bool quote = (cls(s[0]) & spelling_tables::kKvLead) || is_space(s.back());
  bool newline = false;
  for (char b : s) {
    unsigned char k = cls(b);
    if (!(k & spelling_tables::kKvStop)) continue;
    if (b == '\n') {
      newline = true;
    } else if (b == '\t' || !(k & spelling_tables::kControl)) {
      quote = true;
    } else {
      return StringForm::Bad;  // CR or another control byte: no key-value syntax holds it
    }
  }
  // Quoted, a string that starts with '"' would begin with `"""` and open a
  // block string, so it is written as one (a single content line).
  if (newline || s[0] == '"') {
    std::size_t start = 0;
    while (true) {
      std::size_t nl = s.find('\n', start);
      if (closes_block(s.substr(start, nl == std::string_view::npos ? nl : nl - start))) return StringForm::Bad;
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    return StringForm::Block;
  }
  return quote || reads_as_other(s) ? StringForm::Quoted : StringForm::Plain;
}

inline int first_unspellable_byte(std::string_view s, bool in_cell) noexcept {
  for (char b : s)
    if ((cls(b) & spelling_tables::kControl) && b != '\t' && b != '\n' && !(in_cell && b == '\r'))
      return static_cast<unsigned char>(b);
  return -1;
}

inline char *write_quoted_cell(char *p, std::string_view s) noexcept {
  *p++ = '"';
  for (char c : s) {
    switch (c) {
      case '"': *p++ = '"', *p++ = '"'; break;
      case '\\': *p++ = '\\', *p++ = '\\'; break;
      case '\n': *p++ = '\\', *p++ = 'n'; break;
      case '\t': *p++ = '\\', *p++ = 't'; break;
      case '\r': *p++ = '\\', *p++ = 'r'; break;
      default: *p++ = c;
    }
  }
  *p++ = '"';
  return p;
}

inline char *write_quoted_kv(char *p, std::string_view s) noexcept {
  *p++ = '"';
  for (char c : s) {
    *p++ = c;
    if (c == '"') *p++ = '"';
  }
  *p++ = '"';
  return p;
}

namespace spelling_tables {

inline constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
inline constexpr double kTwo53 = 9007199254740992.0;

/// Writes `d` with the fewest fraction digits (at most 8) that read back as
/// exactly `d`, or returns nullptr. The check repeats the parser's own
/// arithmetic (parser/scalars.cpp: an exact mantissa over an exact power of ten, one
/// rounding), so what it accepts round-trips; grisu2 handles the rest.
inline char *write_short_double(char *out, double d) noexcept {
  double a = std::fabs(d);
  for (int k = 0; k <= 8; ++k) {
    // The nearest integer (ties to even), as std::nearbyint gives it but
    // without its libm call on baseline x86-64: adding and taking away 2^52
    // leaves no fraction bits for a non-negative double below 2^52, and from
    // 2^52 up every double is an integer already.
    double scaled = a * kPow10[k];
    if (scaled >= kTwo53) return nullptr;
    double m = scaled >= kTwo53 / 2 ? scaled : (scaled + kTwo53 / 2) - kTwo53 / 2;
    if (m / kPow10[k] != a) continue;
    auto mant = static_cast<std::int64_t>(m);
    if (std::signbit(d)) *out++ = '-';
    char digits[24];
    char *e = format_int(digits, mant);
    auto n = static_cast<int>(e - digits);
    if (n <= k) {  // 0.00ddd
      *out++ = '0';
      *out++ = '.';
      std::memset(out, '0', static_cast<std::size_t>(k - n));
      out += k - n;
      std::memcpy(out, digits, static_cast<std::size_t>(n));
      return out + n;
    }
    std::memcpy(out, digits, static_cast<std::size_t>(n - k));
    out += n - k;
    *out++ = '.';
    if (k == 0) {
      *out++ = '0';
      return out;
    }
    std::memcpy(out, digits + n - k, static_cast<std::size_t>(k));
    return out + k;
  }
  return nullptr;
}

}  // namespace spelling_tables

inline char *write_plain_double(char *out, double d) noexcept {
  if (char *e = spelling_tables::write_short_double(out, d)) return e;
  return write_spelled_out_double(out, d);
}

inline bool list_element_needs_quotes(std::string_view s) noexcept {
  return s.empty() || cell_form(s) != StringForm::Plain || s.find_first_of("()[") != std::string_view::npos;
}

inline char *write_tensor_element(char *out, double d) noexcept {
  if (d == std::trunc(d) && std::fabs(d) < spelling_tables::kTwo53 && !(d == 0 && std::signbit(d)))
    return format_int(out, static_cast<std::int64_t>(d));
  return write_plain_double(out, d);
}

}  // namespace hedl::detail
