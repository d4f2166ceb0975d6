// A slow, exact JSON scanner for the converter's error paths: where a syntax
// error stands (simdjson says only what went wrong), where the value at a JSON
// path starts, and integers beyond 64 bits (simdjson rejects them). It runs
// only after simdjson has failed or the conversion has found an error, so it
// favours clarity over speed. Iterative: depth costs heap, never stack.
#include <cmath>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "from_json/internal.hpp"

namespace hedl::detail::fj {

namespace {

// Returns the length of the UTF-8 sequence at p (1-4), or 0 when invalid.
std::size_t utf8_length(const unsigned char *p, const unsigned char *e) {
  unsigned c = p[0];
  if (c < 0x80) return 1;
  std::size_t n;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(e - p) < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string &out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// The walk: one call per value, with the path of containers above it.
class Scanner {
 public:
  struct Level {
    bool array;
    std::uint32_t index;  // element or member index
    std::string_view key;
  };

  explicit Scanner(std::string_view json) : b_(json.data()), p_(json.data()), e_(json.data() + json.size()) {
    if (json.size() >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
  }

  /// Walks the whole text. Before each value, calls visit(start); when it
  /// returns false the walk stops (run returns true). For each number, calls
  /// number(start, end). Returns false at the first syntax error (see problem()).
  template <class Visit, class Number>
  bool run(std::size_t max_depth, Visit &&visit, Number &&number);

  const char *problem() const { return why_; }
  const char *where() const { return at_; }
  bool too_deep() const { return too_deep_; }
  const std::vector<Level> &levels() const { return levels_; }

  /// Line and column (in code points) of `at`.
  JsonPos position(const char *at) const {
    JsonPos pos{1, 1};
    for (const char *q = b_; q < at && q < e_; ++q) {
      if (*q == '\n') {
        ++pos.line;
        pos.column = 1;
      } else if ((static_cast<unsigned char>(*q) & 0xC0) != 0x80) {
        ++pos.column;
      }
    }
    return pos;
  }

  /// The path of the value being visited, as converter paths show it.
  Path path() const {
    Path p;
    for (const Level &l : levels_) p.push_back(PathStep{l.key, l.index, !l.array});
    return p;
  }

 private:
  bool fail(const char *why, const char *at) {
    why_ = why;
    at_ = at;
    return false;
  }
  void skip_space() {
    while (p_ < e_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool string(std::string_view *key);
  bool number(const char *&end);
  bool literal();

  const char *b_, *p_, *e_;
  std::vector<Level> levels_;
  std::deque<std::string> unescaped_;  // keys that held escapes
  const char *why_ = nullptr;
  const char *at_ = nullptr;
  bool too_deep_ = false;
};

bool Scanner::string(std::string_view *key) {
  const char *open = p_++;
  const char *start = p_;
  bool escaped = false;
  while (true) {
    if (p_ >= e_) return fail("unterminated string: add the closing '\"'", open);
    auto c = static_cast<unsigned char>(*p_);
    if (c == '"') break;
    if (c < 0x20)
      return fail(c == '\n' ? "raw newline inside a string: write it as \\n"
                            : "raw control character inside a string: write it as a \\u escape",
                  p_);
    if (c == '\\') {
      escaped = true;
      if (p_ + 1 >= e_) return fail("unterminated string: add the closing '\"'", open);
      char x = p_[1];
      if (x == 'u') {
        int v = 0;
        for (int k = 2; k < 6; ++k) {
          int h = p_ + k < e_ ? hex_value(p_[k]) : -1;
          if (h < 0) return fail("invalid \\u escape: expected four hex digits", p_);
          v = v * 16 + h;
        }
        p_ += 6;
        if (v >= 0xDC00 && v <= 0xDFFF) return fail("lone low surrogate in a \\u escape", p_ - 6);
        if (v >= 0xD800 && v <= 0xDBFF) {
          int lo = 0;
          bool ok = e_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u';
          for (int k = 2; ok && k < 6; ++k) {
            int h = hex_value(p_[k]);
            ok = h >= 0;
            lo = lo * 16 + h;
          }
          if (!ok || lo < 0xDC00 || lo > 0xDFFF)
            return fail("high surrogate \\u escape without a low surrogate after it", p_ - 6);
          p_ += 6;
        }
        continue;
      }
      if (!std::strchr("\"\\/bfnrt", x) || x == '\0')
        return fail("invalid escape in a string: JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", p_);
      p_ += 2;
      continue;
    }
    std::size_t n =
        utf8_length(reinterpret_cast<const unsigned char *>(p_), reinterpret_cast<const unsigned char *>(e_));
    if (!n) return fail("invalid UTF-8 inside a string: save the file as UTF-8", p_);
    p_ += n;
  }
  std::string_view raw(start, static_cast<std::size_t>(p_ - start));
  ++p_;
  if (key) {
    if (!escaped) {
      *key = raw;
    } else {
      std::string &s = unescaped_.emplace_back();
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
          s += raw[i];
          continue;
        }
        char x = raw[++i];
        if (x == 'u') {
          auto hex4 = [&](std::size_t at) {
            std::uint32_t v = 0;
            for (std::size_t k = 0; k < 4; ++k) v = v * 16 + static_cast<std::uint32_t>(hex_value(raw[at + k]));
            return v;
          };
          std::uint32_t cp = hex4(i + 1);
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(i + 3) - 0xDC00);
            i += 6;
          }
          append_utf8(s, cp);
        } else {
          s += x == 'b' ? '\b' : x == 'f' ? '\f' : x == 'n' ? '\n' : x == 'r' ? '\r' : x == 't' ? '\t' : x;
        }
      }
      *key = s;
    }
  }
  return true;
}

bool Scanner::number(const char *&end) {
  const char *q = p_;
  if (q < e_ && *q == '-') ++q;
  if (q >= e_ || *q < '0' || *q > '9') return fail("invalid number: expected a digit", q);
  if (*q == '0' && q + 1 < e_ && q[1] >= '0' && q[1] <= '9')
    return fail("invalid number: JSON numbers have no leading zeros", q);
  while (q < e_ && *q >= '0' && *q <= '9') ++q;
  if (q < e_ && *q == '.') {
    ++q;
    if (q >= e_ || *q < '0' || *q > '9') return fail("invalid number: expected a digit after '.'", q);
    while (q < e_ && *q >= '0' && *q <= '9') ++q;
  }
  if (q < e_ && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q < e_ && (*q == '+' || *q == '-')) ++q;
    if (q >= e_ || *q < '0' || *q > '9') return fail("invalid number: expected a digit in the exponent", q);
    while (q < e_ && *q >= '0' && *q <= '9') ++q;
  }
  end = q;
  return true;
}

bool Scanner::literal() {
  for (const char *word : {"true", "false", "null"}) {
    std::size_t n = std::strlen(word);
    if (static_cast<std::size_t>(e_ - p_) >= n && std::memcmp(p_, word, n) == 0) {
      p_ += n;
      return true;
    }
  }
  return fail("invalid literal: JSON has true, false and null (lowercase); quote text as a string", p_);
}

template <class Visit, class Number>
bool Scanner::run(std::size_t max_depth, Visit &&visit, Number &&on_number) {
  skip_space();
  if (p_ >= e_) return fail("empty input: a JSON document needs a value, such as {}", p_);
  while (true) {
    // A value.
    skip_space();
    if (p_ >= e_) return fail("unexpected end of input: the JSON is truncated", p_);
    if (!visit(p_)) return true;
    char c = *p_;
    if (c == '{' || c == '[') {
      if (levels_.size() >= max_depth) {
        too_deep_ = true;
        return fail("nesting too deep", p_);
      }
      levels_.push_back(Level{c == '[', 0, {}});
      ++p_;
      skip_space();
      if (p_ < e_ && *p_ == (c == '[' ? ']' : '}')) {
        ++p_;
        levels_.pop_back();
      } else if (c == '{') {
        if (p_ >= e_) return fail("unexpected end of input: the JSON is truncated", p_);
        if (*p_ != '"') return fail("expected a string key in the object", p_);
        if (!string(&levels_.back().key)) return false;
        skip_space();
        if (p_ >= e_ || *p_ != ':') return fail("expected ':' after the object key", p_);
        ++p_;
        continue;
      } else {
        continue;
      }
    } else if (c == '"') {
      if (!string(nullptr)) return false;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const char *end;
      if (!number(end)) return false;
      const char *start = p_;
      p_ = end;
      if (!on_number(start, end)) return true;
    } else if (c == 't' || c == 'f' || c == 'n') {
      if (!literal()) return false;
    } else if (c == ']' || c == '}') {
      return fail(c == ']' ? "unexpected ']': a value is missing (JSON allows no trailing commas)"
                           : "unexpected '}': a value is missing (JSON allows no trailing commas)",
                  p_);
    } else {
      return fail("unexpected character: expected a value (object, array, string, number, true, false or null)", p_);
    }
    // After a value: close containers, or move to the next element or member.
    while (true) {
      skip_space();
      if (levels_.empty()) {
        if (p_ < e_) return fail("unexpected text after the JSON value", p_);
        return true;
      }
      if (p_ >= e_)
        return fail("unexpected end of input: the JSON is truncated (an object or array is not closed)", p_);
      Level &top = levels_.back();
      if (*p_ == ',') {
        ++p_;
        ++top.index;
        if (!top.array) {
          skip_space();
          if (p_ >= e_) return fail("unexpected end of input: the JSON is truncated", p_);
          if (*p_ != '"')
            return fail(*p_ == '}' ? "trailing comma before '}': JSON allows none" : "expected a string key after ','",
                        p_);
          if (!string(&top.key)) return false;
          skip_space();
          if (p_ >= e_ || *p_ != ':') return fail("expected ':' after the object key", p_);
          ++p_;
        }
        break;
      }
      if (*p_ == (top.array ? ']' : '}')) {
        ++p_;
        levels_.pop_back();
        continue;
      }
      return fail(
          top.array ? "expected ',' or ']' after an array element" : "expected ',' or '}' after an object member", p_);
    }
  }
}

// Decimal digits of the integer value of a finite double |d| >= 2^53.
std::string integer_digits(double d) {
  int exp = 0;
  double f = std::frexp(std::fabs(d), &exp);  // |d| = f * 2^exp, f in [0.5, 1)
  auto m = static_cast<std::uint64_t>(std::ldexp(f, 53));
  int shift = exp - 53;
  std::vector<std::uint32_t> limbs;  // base 1e9, least significant first
  while (m) {
    limbs.push_back(static_cast<std::uint32_t>(m % 1000000000u));
    m /= 1000000000u;
  }
  for (int i = 0; i < shift; ++i) {
    std::uint32_t carry = 0;
    for (std::uint32_t &l : limbs) {
      std::uint64_t v = std::uint64_t{l} * 2 + carry;
      l = static_cast<std::uint32_t>(v % 1000000000u);
      carry = static_cast<std::uint32_t>(v / 1000000000u);
    }
    if (carry) limbs.push_back(carry);
  }
  std::string s = std::to_string(limbs.back());
  for (std::size_t i = limbs.size() - 1; i-- > 0;) {
    std::string part = std::to_string(limbs[i]);
    s.append(9 - part.size(), '0');
    s += part;
  }
  return s;
}

Error path_error(const Scanner &sc, const char *at, std::string msg) {
  JsonPos pos = sc.position(at);
  return Error{ErrorKind::Conversion, render_path(sc.path()) + ": " + std::move(msg), pos.line, pos.column};
}

}  // namespace

JsonPos locate(std::string_view json, const Path &path) {
  Scanner sc(json);
  const char *found = nullptr;
  sc.run(
      json.size() + 1,
      [&](const char *at) {
        const auto &lv = sc.levels();
        if (lv.size() != path.size()) return true;
        for (std::size_t i = 0; i < lv.size(); ++i)
          if (lv[i].index != path[i].index || lv[i].array == path[i].member) return true;
        found = at;
        return false;
      },
      [](const char *, const char *) { return true; });
  return found ? sc.position(found) : JsonPos{};
}

Error describe_invalid_json(std::string_view json, std::size_t max_depth, const char *fallback) {
  Scanner sc(json);
  bool out_of_range = false;
  const char *bad_number = nullptr, *bad_number_end = nullptr;
  bool ok = sc.run(
      max_depth, [](const char *) { return true; },
      [&](const char *s, const char *e) {
        double d = simdjson::internal::from_chars(*s == '-' ? s + 1 : s, e);
        if (!std::isfinite(d)) {
          out_of_range = true;
          bad_number = s;
          bad_number_end = e;
          return false;
        }
        return true;
      });
  if (out_of_range)
    return path_error(sc, bad_number,
                      "number " + std::string(bad_number, bad_number_end) +
                          " is beyond the range of a 64-bit float; store it as a string");
  if (!ok && sc.too_deep()) {
    JsonPos pos = sc.position(sc.where());
    return Error{ErrorKind::Security,
                 "limit max_indent_depth exceeded: the JSON nests more than " + std::to_string(max_depth) +
                     " levels deep, beyond what the HEDL indentation limit allows; raise max_indent_depth in the "
                     "limits if this input is trusted",
                 pos.line, pos.column};
  }
  if (!ok) {
    JsonPos pos = sc.position(sc.where());
    return Error{ErrorKind::Conversion, std::string("invalid JSON: ") + sc.problem(), pos.line, pos.column};
  }
  return Error{ErrorKind::Conversion, std::string("invalid JSON: ") + fallback, 0, 0};
}

bool rewrite_big_integers(std::string_view json, std::string &out, Error &err) {
  out.clear();
  out.reserve(json.size() + 64);
  std::size_t copied = 0;
  Scanner sc(json);
  bool failed = false;
  sc.run(
      json.size() + 1, [](const char *) { return true; },
      [&](const char *s, const char *e) {
        std::string_view text(s, static_cast<std::size_t>(e - s));
        bool neg = text[0] == '-';
        std::string_view digits = text.substr(neg ? 1 : 0);
        double d = simdjson::internal::from_chars(digits.data(), e);
        if (!std::isfinite(d)) {
          err = path_error(sc, s, "number " + std::string(text) + " is beyond the range of a 64-bit float");
          failed = true;
          return false;
        }
        if (digits.find_first_of(".eE") != std::string_view::npos) return true;
        // An integer: simdjson takes int64 and, when positive, uint64.
        bool fits = neg ? digits.size() < 19 || (digits.size() == 19 && digits <= "9223372036854775808")
                        : digits.size() < 20 || (digits.size() == 20 && digits <= "18446744073709551615");
        if (fits) return true;
        if (integer_digits(d) != digits) {
          err = path_error(sc, s,
                           "integer " + std::string(text) +
                               " does not fit in 64 bits and a 64-bit float cannot hold it exactly; store it as a "
                               "string");
          failed = true;
          return false;
        }
        std::size_t end = static_cast<std::size_t>(e - json.data());
        out.append(json.substr(copied, end - copied));
        out += ".0";
        copied = end;
        return true;
      });
  if (failed) return false;
  out.append(json.substr(copied));
  return true;
}

}  // namespace hedl::detail::fj
