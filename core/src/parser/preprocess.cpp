// Stage 1 (§11.1): size, BOM, UTF-8, control characters, bare CR and
// line length, checked in one pass before any parsing.
#include <cstring>

#include "parser/parser.hpp"
#include "util/simd.hpp"

namespace hedl::detail {

namespace {

// True when some byte of `w` is < 0x20 or >= 0x80 (needs a closer look).
inline bool needs_slow_path(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  return (((w - kOnes * 0x20) | w) & kHigh) != 0;
}

// Skips bytes that need no check (printable ASCII) and returns the first
// byte that does: a control character or a byte >= 0x80 (or `e`).
inline const char *skip_plain(const char *p, const char *e) {
  // One signed compare flags both control characters and non-ASCII
  // (bytes >= 0x80 are negative).
  if constexpr (simd::kVectors) {
    while (e - p >= 16) {
      if (std::uint32_t m = simd::bits(simd::below_signed(simd::load(p), 0x20))) return p + simd::first(m);
      p += 16;
    }
  }
  while (e - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (needs_slow_path(w)) break;
    p += 8;
  }
  while (p < e && static_cast<unsigned char>(*p) >= 0x20 && static_cast<unsigned char>(*p) < 0x80) ++p;
  return p;
}

std::uint32_t line_of(const char *begin, const char *at) {
  std::uint32_t line = 1;
  for (const char *p = begin; p < at; ++p)
    if (*p == '\n') ++line;
  return line;
}

}  // namespace

bool Parser::preprocess(const char *&begin) {
  const char *b = begin, *e = end_;
  if (static_cast<std::size_t>(e - b) > lim_.max_file_size)
    return fail_limit("max_file_size", lim_.max_file_size, 1, "input is " + std::to_string(e - b) + " bytes");
  if (e - b >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
    b += 3;
    doc_.input_ascii = false;  // the input copy keeps the BOM
  }
  begin = b;
  if (b == e) return fail(ErrorKind::Syntax, 1, 0, "empty input: a document needs at least '%VERSION: 1.0' and '---'");

  const char *line_start = b;
  const char *p = b;
  auto bad = [&](const char *at, std::string msg) {
    std::uint32_t line = line_of(b, at);
    const char *ls = at;
    while (ls > b && ls[-1] != '\n') --ls;
    return fail(ErrorKind::Syntax, line, column_of(ls, at), std::move(msg));
  };
  auto check_line_length = [&](const char *nl) {
    std::size_t len = static_cast<std::size_t>(nl - line_start);
    if (len && nl[-1] == '\r') --len;
    if (len > lim_.max_line_length)
      return fail_limit("max_line_length", lim_.max_line_length, line_of(b, line_start),
                        "line is " + std::to_string(len) + " bytes");
    return true;
  };
  while ((p = skip_plain(p, e)) < e) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '\n') {
      if (!check_line_length(p)) return false;
      line_start = ++p;
      continue;
    }
    if (c == '\t') {
      ++p;
      continue;
    }
    if (c == '\r') {
      if (p + 1 < e && p[1] == '\n') {
        ++p;
        continue;
      }
      return bad(p, "bare carriage return (CR without LF): use LF or CRLF line endings");
    }
    if (c < 0x20) {
      char hex[8];
      static const char digits[] = "0123456789ABCDEF";
      hex[0] = digits[c >> 4];
      hex[1] = digits[c & 15];
      hex[2] = 0;
      return bad(p, std::string("control character U+00") + hex +
                        " is not allowed: remove it (tabs, LF and CRLF are the only control characters HEDL accepts)");
    }
    // Multi-byte UTF-8: validate length, continuation bytes, overlongs,
    // surrogates and the U+10FFFF ceiling.
    std::size_t n;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      cp = c & 0x07;
    } else {
      return bad(p, "invalid UTF-8: byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                        std::string(1, "0123456789ABCDEF"[c & 15]) +
                        " cannot start a character; save the file as UTF-8");
    }
    if (static_cast<std::size_t>(e - p) < n)
      return bad(p, "invalid UTF-8: truncated multi-byte sequence at end of input");
    for (std::size_t i = 1; i < n; ++i) {
      auto cc = static_cast<unsigned char>(p[i]);
      if ((cc & 0xC0) != 0x80) return bad(p, "invalid UTF-8: truncated multi-byte sequence; save the file as UTF-8");
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
      return bad(p, "invalid UTF-8: overlong encoding; save the file as UTF-8");
    if (cp >= 0xD800 && cp <= 0xDFFF) return bad(p, "invalid UTF-8: encoded surrogate; save the file as UTF-8");
    if (cp > 0x10FFFF) return bad(p, "invalid UTF-8: code point above U+10FFFF; save the file as UTF-8");
    doc_.input_ascii = false;
    if (cp == 0xFFFD) doc_.input_has_replacement = true;
    p += n;
  }
  return check_line_length(e);
}

}  // namespace hedl::detail
