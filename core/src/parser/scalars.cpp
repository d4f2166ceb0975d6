// Token classes, numbers, tensors and region scanning shared by every parser stage.
#include <cmath>
#include <cstring>
#include <new>
#include <vector>

#include "model/document_data.hpp"
#include "parser/scalars.hpp"
#include "simdjson.h"
#include "util/chars.hpp"
#include "writers/spelling.hpp"

namespace hedl::detail {

bool is_key_token(std::string_view s) noexcept {
  if (s.empty() || !is_lower_start(s[0])) return false;
  for (char c : s.substr(1))
    if (!is_key_char(c)) return false;
  return true;
}

bool is_type_token(std::string_view s) noexcept {
  if (s.empty() || !is_upper(s[0])) return false;
  for (char c : s.substr(1))
    if (!is_alnum(c)) return false;
  return true;
}

bool is_id_token(std::string_view s) noexcept {
  if (s.empty() || !is_id_start(s[0])) return false;
  for (char c : s.substr(1))
    if (!is_id_char(c)) return false;
  return true;
}

std::uint32_t column_of(const char *line_start, const char *at) noexcept {
  std::uint32_t col = 1;
  for (const char *p = line_start; p < at; ++p)
    if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) ++col;
  return col;
}

const char *scan_expression(const char *p, const char *end) noexcept {
  p += 2;  // "$("
  std::size_t depth = 1;
  bool quoted = false;
  while (p < end) {
    char c = *p;
    if (c == '"') {
      if (quoted && p + 1 < end && p[1] == '"') {
        p += 2;
        continue;
      }
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) return p + 1;
      }
    }
    ++p;
  }
  return nullptr;
}

std::size_t find_closing_quote(std::string_view s, bool &escaped) noexcept {
  escaped = false;
  std::size_t k = 1;
  while (k < s.size()) {
    if (s[k] == '"') {
      if (k + 1 < s.size() && s[k + 1] == '"') {
        escaped = true;
        k += 2;
        continue;
      }
      return k;
    }
    ++k;
  }
  return s.size();
}

std::size_t find_comment(std::string_view s) noexcept {
  const char *b = s.data(), *e = b + s.size();
  const char *p = b;
  while (p < e) {
    char c = *p;
    if (c == '#') return static_cast<std::size_t>(p - b);
    if (c == '"') {
      // A quoted region: `""` is an escaped quote; unclosed runs to the end.
      bool escaped;
      std::size_t k = find_closing_quote(std::string_view(p, static_cast<std::size_t>(e - p)), escaped);
      if (p + k >= e) return s.size();
      p += k + 1;
    } else if (c == '$' && p + 1 < e && p[1] == '(') {
      const char *q = scan_expression(p, e);
      if (!q) return s.size();
      p = q;
    } else {
      ++p;
    }
  }
  return s.size();
}

namespace {

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

}  // namespace

NumberResult parse_number(std::string_view s, Value &out) noexcept {
  const char *p = s.data(), *e = p + s.size();
  bool neg = false;
  if (p < e && *p == '-') {
    neg = true;
    ++p;
  }
  const char *int_start = p;
  std::uint64_t mant = 0;
  int mant_digits = 0;  // significant digits accumulated in mant
  bool mant_exact = true;
  while (p < e && is_digit(*p)) {
    unsigned d = static_cast<unsigned>(*p - '0');
    if (mant_digits < 19) {
      mant = mant * 10 + d;
      if (mant != 0) ++mant_digits;
    } else {
      mant_exact = false;
    }
    ++p;
  }
  if (p == int_start) return NumberResult::NotNumber;
  if (p == e) {
    // Integer. 19 significant digits always fit in uint64; more never fit int64.
    if (!mant_exact) return NumberResult::Overflow;
    if (neg) {
      if (mant > 9223372036854775808ull) return NumberResult::Overflow;
      out = Value::integer(static_cast<std::int64_t>(0 - mant));
    } else {
      if (mant > 9223372036854775807ull) return NumberResult::Overflow;
      out = Value::integer(static_cast<std::int64_t>(mant));
    }
    return NumberResult::Int;
  }
  if (*p != '.') return NumberResult::NotNumber;
  ++p;
  const char *frac_start = p;
  int frac_digits = 0;
  while (p < e && is_digit(*p)) {
    if (mant_digits < 19) {
      mant = mant * 10 + static_cast<unsigned>(*p - '0');
      if (mant != 0) ++mant_digits;
      ++frac_digits;
    } else if (*p != '0') {
      mant_exact = false;
    }
    ++p;
  }
  if (p == frac_start || p != e) return NumberResult::NotNumber;
  double d;
  if (mant_exact && mant <= (1ull << 53) && frac_digits <= 22) {
    // Both operands are exact, so one IEEE division rounds correctly.
    d = static_cast<double>(mant) / kPow10[frac_digits];
    if (neg) d = -d;
  } else {
    d = simdjson::internal::from_chars(s.data() + (neg ? 1 : 0), e);
    if (neg) d = -d;
  }
  if (!std::isfinite(d)) return NumberResult::Overflow;
  out = Value::floating(d);
  return NumberResult::Float;
}

const void *parse_tensor(std::string_view s, Arena &arena, std::vector<double> &data, const char *&why,
                         const char *&where) {
  // Iterative: depth is bounded by kMaxDims, never by the call stack.
  constexpr std::size_t kMaxDims = 64;
  std::uint32_t shape[kMaxDims];
  std::uint32_t counts[kMaxDims];
  bool shape_known[kMaxDims] = {};
  std::size_t leaf_depth = 0;  // depth at which numbers stand; 0 = not yet known
  data.clear();
  const char *p = s.data(), *e = p + s.size();
  std::size_t depth = 0;
  auto fail = [&](const char *msg, const char *at) -> const void * {
    why = msg;
    where = at;
    return nullptr;
  };
  // Expect '[' at start.
  bool expect_element = true;
  while (true) {
    while (p < e && is_space(*p)) ++p;
    if (p >= e) return fail("unbalanced brackets in tensor", p);
    if (expect_element) {
      if (*p == '[') {
        if (depth == kMaxDims) return fail("tensor has more than 64 dimensions", p);
        if (leaf_depth && depth + 1 > leaf_depth)
          return fail("ragged tensor: numbers and arrays mixed at one level", p);
        counts[depth++] = 0;
        ++p;
        while (p < e && is_space(*p)) ++p;
        if (p < e && *p == ']') return fail("empty tensor or sub-array", p);
        continue;
      }
      if (depth == 0) return fail("tensor must start with '['", p);
      // A number runs to the next ',', ']' or space.
      const char *q = p;
      while (q < e && *q != ',' && *q != ']' && !is_space(*q)) ++q;
      Value v;
      NumberResult r = parse_number(std::string_view(p, static_cast<std::size_t>(q - p)), v);
      if (r == NumberResult::NotNumber || r == NumberResult::Overflow)
        return fail(*p == ',' || *p == ']' ? "empty element in tensor" : "tensor elements must be numbers", p);
      if (leaf_depth == 0) leaf_depth = depth;
      if (leaf_depth != depth) return fail("ragged tensor: numbers and arrays mixed at one level", p);
      data.push_back(r == NumberResult::Int ? static_cast<double>(v.as_int()) : v.as_float());
      ++counts[depth - 1];
      p = q;
      expect_element = false;
      continue;
    }
    // After an element: ',' or ']'.
    if (*p == ',') {
      ++p;
      expect_element = true;
      continue;
    }
    if (*p != ']') return fail("expected ',' or ']' in tensor", p);
    ++p;
    std::size_t d = depth - 1;
    if (shape_known[d]) {
      if (shape[d] != counts[d]) return fail("ragged tensor: sub-arrays differ in length", p - 1);
    } else {
      shape[d] = counts[d];
      shape_known[d] = true;
    }
    --depth;
    if (depth == 0) break;
    ++counts[depth - 1];
  }
  while (p < e && is_space(*p)) ++p;
  if (p != e) return fail("unexpected text after tensor", p);
  // One packed arena block (see Value::packed_tensor): counts, shape, data.
  std::size_t shape_words = (2 + leaf_depth + 1) & ~std::size_t{1};
  auto *block = static_cast<std::uint32_t *>(
      arena.allocate(shape_words * sizeof(std::uint32_t) + data.size() * sizeof(double), 8));
  if (!block) return fail("out of memory", s.data());
  block[0] = static_cast<std::uint32_t>(leaf_depth);
  block[1] = static_cast<std::uint32_t>(data.size());
  std::memcpy(block + 2, shape, leaf_depth * sizeof(std::uint32_t));
  std::memcpy(block + shape_words, data.data(), data.size() * sizeof(double));
  return block;
}

}  // namespace hedl::detail
