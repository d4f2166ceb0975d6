// Pass 2 of the JSON -> HEDL converter: scalars. Every scalar is written so
// that it reads back as the same JSON value: strings are quoted (or made block
// strings) exactly when a bare form would read as something else, numbers
// never use an exponent, tensors are checked to be rectangular.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "from_json/internal.hpp"
#include "parser/scalars.hpp"
#include "util/chars.hpp"
#include "writers/spelling.hpp"

namespace hedl::detail::fj {

namespace {

// Per byte: 1 = needs quotes anywhere in a matrix cell, 2 = anywhere in a
// key-value, 4 = needs quotes as a cell's first byte, 8 = as a key-value's
// first byte. Bytes below 0x20 are all flagged; the writers sort them out.
struct ByteClass {
  unsigned char f[256] = {};
  constexpr ByteClass() {
    for (int c = 0; c < 0x20; ++c) f[c] = 1 | 2;
    for (unsigned char c : {',', '"', '#', '|', '$'}) f[c] |= 1;
    for (unsigned char c : {'"', '#'}) f[c] |= 2;
    for (unsigned char c : {'~', '@', '$', '%', '^', '[', ' ', '\t'}) f[c] |= 4;
    for (unsigned char c : {'~', '@', '$', '%', '[', '"', ' ', '\t'}) f[c] |= 8;
  }
};
constexpr ByteClass kBytes;

// Bit k is set when byte k of the 16 at p needs quoting in a cell (below
// 0x20, or one of , " # | $): most cells are plain text, checked 16 bytes at a time.
inline unsigned cell_specials(const char *p) {
#if defined(__SSE2__)
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
  __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                           _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')), _mm_cmpeq_epi8(v, _mm_set1_epi8('|'))));
  m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('$')));
  m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
  return static_cast<unsigned>(_mm_movemask_epi8(m));
#elif defined(__wasm_simd128__)
  v128_t v = wasm_v128_load(p);
  v128_t m =
      wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat(',')), wasm_i8x16_eq(v, wasm_i8x16_splat('"'))),
                   wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('#')), wasm_i8x16_eq(v, wasm_i8x16_splat('|'))));
  m = wasm_v128_or(m, wasm_i8x16_eq(v, wasm_i8x16_splat('$')));
  m = wasm_v128_or(m, wasm_u8x16_lt(v, wasm_i8x16_splat(0x20)));
  return wasm_i8x16_bitmask(m);
#else
  unsigned m = 0;
  for (int k = 0; k < 16; ++k)
    if (kBytes.f[static_cast<unsigned char>(p[k])] & 1) m |= 1u << k;
  return m;
#endif
}

// True when no byte of `s` needs quoting in a cell. Reads up to 15 bytes
// past the end of `s` (a DOM string: see kPadding).
inline bool plain_cell(std::string_view s) {
  const char *p = s.data();
  std::size_t n = s.size();
  for (; n > 16; n -= 16, p += 16)
    if (cell_specials(p)) return false;
  return (cell_specials(p) & ((1u << n) - 1)) == 0;
}

// True when an unquoted `s` would read as a number, a boolean or null-like token.
bool reads_as_other(std::string_view s) {
  char c = s[0];
  if (c == '-' || (c >= '0' && c <= '9')) {
    Value v;
    return parse_number(s, v) != NumberResult::NotNumber;
  }
  return s == "true" || s == "false";
}

bool is_whole_expression(std::string_view s) {
  if (s.size() < 3 || s[0] != '$' || s[1] != '(') return false;
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t') return false;
  return scan_expression(s.data(), s.data() + s.size()) == s.data() + s.size();
}

// An int64 that a double holds exactly (tensors store doubles).
bool exact_in_double(std::int64_t i) {
  if (i > -(std::int64_t{1} << 53) && i < (std::int64_t{1} << 53)) return true;
  double d = static_cast<double>(i);
  return d < 9223372036854775808.0 && static_cast<std::int64_t>(d) == i;
}

const char *hex_digits = "0123456789ABCDEF";

// "00" to "99": two digits per step.
struct DigitPairs {
  char d[200] = {};
  constexpr DigitPairs() {
    for (int i = 0; i < 100; ++i)
      d[2 * i] = static_cast<char>('0' + i / 10), d[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
};
constexpr DigitPairs kPairs;

// Writes `v` in decimal (as format_int, without its library call for the copy); returns the end.
char *write_int(char *out, std::int64_t v) {
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

}  // namespace

char *write_plain_double(char *out, double d) noexcept {
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

bool Converter::control_character(unsigned char c, bool in_cell) {
  std::string code = "U+00";
  code += hex_digits[c >> 4];
  code += hex_digits[c & 15];
  if (in_cell)
    return fail_here("the string holds control character " + code +
                     ", which HEDL text cannot hold (a quoted cell takes only tab, newline and carriage return, as "
                     "escapes); remove it or encode the text");
  if (c == '\r')
    return fail_here(
        "the string holds a carriage return, which a HEDL key-value cannot hold (only matrix cells can, as \\r); "
        "remove it or use newlines alone");
  return fail_here(
      "the string holds control character " + code +
      ", which HEDL text cannot hold (key-values take tab and newline only); remove it or encode the text");
}

bool Converter::write_kv_string(std::string_view s, std::uint32_t level) {
  bool quote = s.empty() || (kBytes.f[static_cast<unsigned char>(s[0])] & 8) || is_space(s.back());
  bool multiline = false;
  for (unsigned char c : s) {
    if (!(kBytes.f[c] & 2)) continue;
    if (c >= 0x20) {
      quote = true;
    } else if (c == '\n') {
      multiline = true;
    } else if (c == '\t') {
      quote = true;
    } else {
      return control_character(c, false);
    }
  }
  if (opt_.expressions && is_whole_expression(s)) {
    put(s);
    newline();
    return true;
  }
  // `"x` would open a block string as a quoted value (`"""x"`), so it takes one too.
  if (multiline || (!s.empty() && s[0] == '"')) return write_block_string(s, level);
  if (!quote) quote = reads_as_other(s);
  if (!quote) {
    put(s);
    newline();
    return true;
  }
  char *p = room(2 * s.size() + 2);
  *p++ = '"';
  for (char c : s) {
    *p++ = c;
    if (c == '"') *p++ = '"';
  }
  *p++ = '"';
  n_ = static_cast<std::size_t>(p - buf_->data());
  newline();
  return true;
}

bool Converter::write_block_string(std::string_view s, std::uint32_t level) {
  // A line that reads as the closing `"""` (after spaces; then only spaces or
  // a comment) would end the block early, and a block string has no escapes.
  std::size_t line_no = 1;
  for (std::size_t b = 0; b <= s.size(); ++line_no) {
    std::size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    std::string_view t = s.substr(b, e - b);
    while (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    if (t.size() >= 3 && t.substr(0, 3) == "\"\"\"") {
      std::string_view rest = trim(t.substr(3));
      if (rest.empty() || rest[0] == '#')
        return fail_here("line " + std::to_string(line_no) +
                         " of this string reads as the closing \"\"\" of a HEDL block string, and block strings "
                         "have no escapes, so HEDL cannot hold this text as a key-value");
    }
    b = e + 1;
  }
  put("\"\"\"");
  newline();
  for (std::size_t b = 0; b <= s.size();) {
    std::size_t e = s.find('\n', b);
    if (e == std::string_view::npos) e = s.size();
    if (e > b) {
      indent(level);  // the parser strips the key line's indentation
      put(s.substr(b, e - b));
    }
    newline();
    b = e + 1;
  }
  indent(level);
  put("\"\"\"");
  newline();
  return true;
}

bool plain_cell_text(std::string_view s) {
  return !s.empty() && !(kBytes.f[static_cast<unsigned char>(s[0])] & 4) && !is_space(s.back()) && plain_cell(s) &&
         !reads_as_other(s);
}

bool Converter::write_cell_string(std::string_view s, bool force_quotes) {
  if (!force_quotes && plain_cell_text(s)) {
    put_dom_string(s);  // plain text, the common case
    return true;
  }
  bool quote = force_quotes || s.empty() || (kBytes.f[static_cast<unsigned char>(s[0])] & 4) || is_space(s.back());
  std::size_t escapes = 0;
  std::size_t i = 0;
  while (i + 16 <= s.size() && !cell_specials(s.data() + i)) i += 16;
  for (unsigned char c : s.substr(i)) {
    if (!(kBytes.f[c] & 1)) continue;
    quote = true;
    if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
      ++escapes;
    } else if (c < 0x20) {
      return control_character(c, true);
    }
  }
  if (!quote) quote = reads_as_other(s);
  if (!quote) {
    put(s);
    return true;
  }
  char *p = room(s.size() + 2 * s.size() + 2);
  *p++ = '"';
  if (!escapes && s.find('\\') == std::string_view::npos) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  } else {
    for (char c : s) {
      switch (c) {
        case '"': *p++ = '"', *p++ = '"'; break;
        case '\\': *p++ = '\\', *p++ = '\\'; break;
        case '\n': *p++ = '\\', *p++ = 'n'; break;
        case '\r': *p++ = '\\', *p++ = 'r'; break;
        case '\t': *p++ = '\\', *p++ = 't'; break;
        default: *p++ = c;
      }
    }
  }
  *p++ = '"';
  n_ = static_cast<std::size_t>(p - buf_->data());
  return true;
}

bool Converter::write_id(std::string_view s) {
  if (is_id_token(s) && s != "true" && s != "false") {
    put_dom_string(s);
    return true;
  }
  return write_cell_string(s, true);  // a quoted ID may hold any non-empty string (D1)
}

bool Converter::write_cell(element v) {
  switch (v.type()) {
    case JsonType::STRING: {
      std::string_view s = get_as<std::string_view>(v);
      if (opt_.expressions && is_whole_expression(s)) {
        put(s);
        return true;
      }
      return write_cell_string(s);
    }
    case JsonType::BOOL: {
      bool b = get_as<bool>(v);
      put(b ? std::string_view("true") : std::string_view("false"));
      return true;
    }
    case JsonType::NULL_VALUE: put('~'); return true;
    case JsonType::OBJECT: {
      object o = get_as<object>(v);
      if (is_reference_object(o)) return write_reference(o);
      return fail_here(
          "a record field holds an object, and HEDL cells hold single values: flatten it into fields (such as "
          "address_city) or make it a list of child records");
    }
    case JsonType::ARRAY: {
      array a = get_as<array>(v);
      if (a.begin() == a.end())
        return fail_here(
            "a record field holds an empty array, which a HEDL cell cannot hold (child lists are never empty and "
            "tensors need numbers); remove the field or use null");
      return write_tensor(a);
    }
    default: return write_number(v, false);
  }
}

bool Converter::write_number(element v, bool in_tensor) {
  switch (v.type()) {
    case JsonType::INT64: {
      std::int64_t i = get_as<std::int64_t>(v);
      if (in_tensor && !exact_in_double(i))
        return fail_here("integer " + std::to_string(i) +
                         " cannot be stored exactly in a tensor (tensors hold 64-bit floats); store it outside the "
                         "array or as a string");
      n_ = static_cast<std::size_t>(write_int(room(24), i) - buf_->data());
      return true;
    }
    case JsonType::UINT64: {
      std::uint64_t u = get_as<std::uint64_t>(v);
      double d = static_cast<double>(u);
      if (!(d < 18446744073709551616.0 && static_cast<std::uint64_t>(d) == u))
        return fail_here("integer " + std::to_string(u) +
                         " does not fit in a 64-bit signed integer and a 64-bit float cannot hold it exactly; store "
                         "it as a string");
      char *p = room(kPlainDoubleMax);
      n_ = static_cast<std::size_t>(write_plain_double(p, d) - buf_->data());
      return true;
    }
    default: {
      double d = get_as<double>(v);
      char *p = room(kPlainDoubleMax);
      n_ = static_cast<std::size_t>(write_plain_double(p, d) - buf_->data());
      return true;
    }
  }
}

bool Converter::write_reference(object o) {
  auto it = o.begin();
  element v = it.value();
  ++it;
  if (it != o.end())
    return fail_here("an object with \"@ref\" must hold nothing else (a reference is {\"@ref\": \"@Type:id\"})");
  std::string_view s;
  if (v.get(s) != simdjson::SUCCESS)
    return fail_here("\"@ref\" must hold a string such as \"@User:u1\", not " + std::string(simdjson::minify(v)));
  bool ok = s.size() >= 2 && s[0] == '@';
  if (ok) {
    std::string_view body = s.substr(1);
    std::size_t colon = body.find(':');
    ok = colon == std::string_view::npos ? is_id_token(body)
                                         : is_type_token(body.substr(0, colon)) && is_id_token(body.substr(colon + 1));
  }
  if (!ok)
    return fail_here("invalid reference \"" + std::string(s) +
                     "\": expected \"@id\" or \"@Type:id\" (types are PascalCase; IDs are letters, digits, '_' and "
                     "'-', starting with a letter or '_')");
  put(s);
  return true;
}

bool Converter::write_tensor(array a) {
  // The shape comes from the first element at each depth; every other array
  // must match it (D7: tensors are rectangular and never empty).
  constexpr std::size_t kMaxDims = 64;  // as the parser
  std::uint32_t shape[kMaxDims];
  std::size_t nd = 0;
  const std::size_t base = path_.size();
  array cur = a;
  element e;
  while (true) {
    if (cur.begin() == cur.end()) {
      if (nd == 0) return fail_here("an empty array here has no HEDL form (tensors need numbers)");
      return fail_here("an array of numbers holds an empty array; tensors cannot be empty at any depth");
    }
    if (nd == kMaxDims) return fail_here("an array of numbers nests more than 64 levels deep (the tensor limit)");
    shape[nd++] = static_cast<std::uint32_t>(cur.size());
    e = *cur.begin();
    path_.push_back(PathStep{{}, 0, false});
    array sub;
    if (e.get(sub) != simdjson::SUCCESS) break;
    cur = sub;
  }
  JsonType leaf = e.type();
  if (leaf != JsonType::INT64 && leaf != JsonType::UINT64 && leaf != JsonType::DOUBLE) {
    if (leaf == JsonType::OBJECT && is_reference_object(get_as<object>(e)))
      return fail_here(
          "this array holds references, and HEDL 1.0 has no lists of references: make them a field of records in a "
          "list");
    if (leaf == JsonType::OBJECT)
      return fail_here(
          "an array mixes numbers or arrays with objects; a list of records must hold objects only (each with an "
          "\"id\")");
    std::string what = leaf == JsonType::STRING ? "strings" : leaf == JsonType::BOOL ? "booleans" : "nulls";
    return fail_here(
        "this array holds " + what + ", and HEDL 1.0 has no lists of " + what +
        ": a JSON array must hold records (objects with an \"id\") or numbers (a tensor). Store the values "
        "in one string, or as records");
  }
  struct Level {
    array::iterator it, end;
    std::uint32_t count;
  };
  Level st[kMaxDims];
  std::size_t d = 0;
  st[0] = Level{a.begin(), a.end(), 0};
  put('[');
  while (true) {
    Level &l = st[d];
    if (l.it == l.end) {
      path_[base + d].index = l.count;
      if (l.count != shape[d])
        return fail_here("arrays of numbers must be rectangular (tensors): this one has " + std::to_string(l.count) +
                         " elements where the first at its depth has " + std::to_string(shape[d]));
      put(']');
      if (d == 0) break;
      --d;
      continue;
    }
    element x = *l.it;
    ++l.it;
    path_[base + d].index = l.count;
    if (l.count) put(", ");
    if (++l.count > shape[d])
      return fail_here("arrays of numbers must be rectangular (tensors): this element lies beyond the " +
                       std::to_string(shape[d]) + " of the first array at its depth");
    if (d + 1 < nd) {
      array sub;
      if (x.get(sub) != simdjson::SUCCESS)
        return fail_here("an array of numbers mixes numbers and arrays at one depth; tensors are rectangular");
      st[++d] = Level{sub.begin(), sub.end(), 0};
      put('[');
      continue;
    }
    JsonType t = x.type();
    if (t == JsonType::ARRAY)
      return fail_here("an array of numbers mixes numbers and arrays at one depth; tensors are rectangular");
    if (t != JsonType::INT64 && t != JsonType::UINT64 && t != JsonType::DOUBLE)
      return fail_here(std::string("an array of numbers holds ") +
                       (t == JsonType::STRING   ? "a string"
                        : t == JsonType::OBJECT ? "an object"
                                                : "a boolean or null") +
                       "; HEDL tensors hold numbers only");
    if (!write_number(x, true)) return false;
  }
  path_.resize(base);
  return true;
}

}  // namespace hedl::detail::fj
