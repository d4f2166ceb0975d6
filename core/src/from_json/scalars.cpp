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

// Bit k is set when byte k of the 16 at p needs quoting in a cell (below
// 0x20, or one of , " # | $): most cells are plain text, checked 16 bytes at a time.
inline unsigned cell_specials(const char *p) {
  simd::Block v = simd::load(p);
  return simd::bits(simd::eq(v, ',') | simd::eq(v, '"') | simd::eq(v, '#') | simd::eq(v, '|') | simd::eq(v, '$') |
                    simd::below(v, 0x20));
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

// A number a tensor (64-bit floats) holds exactly, as write_number(x, true) accepts it.
bool exact_number(element x) {
  switch (x.type()) {
    case JsonType::INT64: return exact_in_double(get_as<std::int64_t>(x));
    case JsonType::UINT64: {
      std::uint64_t u = get_as<std::uint64_t>(x);
      double f = static_cast<double>(u);
      return f < 18446744073709551616.0 && static_cast<std::uint64_t>(f) == u;
    }
    default: return true;
  }
}

const char *hex_digits = "0123456789ABCDEF";

}  // namespace

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
  if (opt_.expressions && is_whole_expression(s)) {
    put(s);
    newline();
    return true;
  }
  StringForm form = kv_form(s);
  if (v2_ && form == StringForm::Plain && s[0] == '(') form = StringForm::Quoted;  // it would read as a list
  switch (form) {
    case StringForm::Plain: put(s); break;
    case StringForm::Quoted: commit(write_quoted_kv(reserve(2 * s.size() + 2), s)); break;
    case StringForm::Block: return write_block_string(s, level);
    case StringForm::Bad: {
      int c = first_unspellable_byte(s, false);
      if (c >= 0) return control_character(static_cast<unsigned char>(c), false);
      return write_block_string(s, level);  // names the line that would close the block
    }
  }
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
    if (closes_block(s.substr(b, e - b))) {
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
  // The 16-byte scan flags every `$` (not only `$(`): those cells take the
  // full rule in write_cell_string.
  return !s.empty() && plain_cell(s) && plain_cell_edges(s);
}

bool Converter::write_cell_string(std::string_view s, bool force_quotes) {
  // 2.0: a cell starting with '(' would read as a list.
  const bool paren = v2_ && !s.empty() && s[0] == '(';
  if (!force_quotes && !paren && plain_cell_text(s)) {
    put_dom_string(s);  // plain text, the common case
    return true;
  }
  StringForm form = s.empty() ? StringForm::Quoted : cell_form(s);
  if (form == StringForm::Bad)
    return control_character(static_cast<unsigned char>(first_unspellable_byte(s, true)), true);
  if (form == StringForm::Plain && !force_quotes && !paren) {
    put(s);
    return true;
  }
  commit(write_quoted_cell(reserve(2 * s.size() + 2), s));
  return true;
}

bool Converter::write_id(std::string_view s) {
  if (is_id_token(s) && s != "true" && s != "false") {
    put_dom_string(s);
    return true;
  }
  return write_cell_string(s, true);  // a quoted ID may hold any non-empty string (D1)
}

bool Converter::write_cell(element v, bool last) {
  switch (v.type()) {
    case JsonType::STRING: {
      std::string_view s = get_as<std::string_view>(v);
      if (s.empty() && v2_ && !last) return true;
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
      if (a.begin() == a.end() && !v2_)
        return fail_here(
            "a record field holds an empty array, which a HEDL 1.0 cell cannot hold (child lists are never empty "
            "and tensors need numbers); remove the field, use null, or write HEDL 2.0 (an empty list)");
      return write_array(a);
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
      commit(format_int(reserve(24), i));
      return true;
    }
    case JsonType::UINT64: {
      std::uint64_t u = get_as<std::uint64_t>(v);
      double d = static_cast<double>(u);
      if (!(d < 18446744073709551616.0 && static_cast<std::uint64_t>(d) == u))
        return fail_here("integer " + std::to_string(u) +
                         " does not fit in a 64-bit signed integer and a 64-bit float cannot hold it exactly; store "
                         "it as a string");
      commit(write_plain_double(reserve(kMaxPlainDouble), d));
      return true;
    }
    default: {
      // As the canonical form writes a tensor's elements: integral ones as integers.
      double d = get_as<double>(v);
      commit(in_tensor ? write_tensor_element(reserve(kMaxPlainDouble), d)
                       : write_plain_double(reserve(kMaxPlainDouble), d));
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
    return fail_here(std::string("\"@ref\" must hold a string such as \"@User:u1\", not ") + type_word(v.type()));
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

bool Converter::write_array(array a) {
  if (!v2_ || tensor(a, false)) return write_tensor(a);
  return write_list(a);
}

// A 2.0 list literal `(a, b)` (C18/C19): scalars, references and tensors; no
// lists inside lists, no records.
bool Converter::write_list(array a) {
  const std::size_t base = path_.size();
  path_.push_back(PathStep{});
  put('(');
  std::uint32_t i = 0;
  for (element x : a) {
    set_step(i);
    if (i++) put(", ");
    switch (x.type()) {
      case JsonType::STRING: {
        std::string_view s = get_as<std::string_view>(x);
        if (opt_.expressions && is_whole_expression(s)) {
          put(s);
        } else if (!write_list_string(s)) {
          return false;
        }
        break;
      }
      case JsonType::BOOL: put(get_as<bool>(x) ? std::string_view("true") : std::string_view("false")); break;
      case JsonType::NULL_VALUE: put('~'); break;
      case JsonType::OBJECT: {
        object o = get_as<object>(x);
        if (!is_reference_object(o))
          return fail_here(
              "an array holds an object among other values; a HEDL list holds single values and references, and a "
              "list of records must hold objects only (each with an \"id\")");
        if (!write_reference(o)) return false;
        break;
      }
      case JsonType::ARRAY: {
        array sub = get_as<array>(x);
        if (!tensor(sub, false))
          return fail_here(
              "an array inside an array that is not a tensor (a rectangular array of numbers): HEDL lists cannot "
              "be nested; flatten it, or make the outer array a list of records");
        if (!write_tensor(sub)) return false;
        break;
      }
      default:
        if (!write_number(x, false)) return false;
        break;
    }
  }
  put(')');
  path_.resize(base);
  return true;
}

// A string as a list element, as the canonical 2.0 form writes it: plain when
// nothing in it could end the element or read as another kind, else quoted
// with `""` doubling (a list holds no line breaks).
bool Converter::write_list_string(std::string_view s) {
  if (plain_cell_text(s) && s.find_first_of("()[") == std::string_view::npos) {
    put_dom_string(s);
    return true;
  }
  for (char c : s)
    if (c == '\n' || c == '\r')
      return fail_here(std::string("the string holds a ") + (c == '\n' ? "line break" : "carriage return") +
                       ", which a HEDL list element cannot hold; make the values a field of records in a list");
  if (int c = first_unspellable_byte(s, false); c >= 0) return control_character(static_cast<unsigned char>(c), false);
  if (list_element_needs_quotes(s))
    commit(write_quoted_kv(reserve(2 * s.size() + 2), s));
  else
    put(s);
  return true;
}

void Converter::note_list_references(array a) {
  for (element x : a) {
    object o;
    if (x.get(o) == simdjson::SUCCESS && is_reference_object(o)) note_reference(o);
  }
}

bool Converter::write_tensor(array a) { return tensor(a, true); }

// `a` as a tensor: written when `write`, else only checked (2.0 writes every
// other array of values as a list). False when it is no tensor: with the
// error (and its path) set when writing, with nothing changed when checking.
bool Converter::tensor(array a, bool write) {
  // The shape comes from the first element at each depth; every other array
  // must match it (D7: tensors are rectangular and never empty).
  constexpr std::size_t kMaxDims = 64;  // as the parser
  std::uint32_t shape[kMaxDims];
  std::size_t nd = 0;
  const std::size_t base = path_.size();
  // A failure: the error when writing (its message made only then), else none.
  auto no = [&](auto &&message) {
    if (write) return fail_here(message());
    path_.resize(base);
    return false;
  };
  auto out = [&](std::string_view text) {
    if (write) put(text);
  };
  array cur = a;
  element e;
  while (true) {
    if (cur.begin() == cur.end()) {
      if (nd == 0)
        return no([&] { return std::string("an empty array here has no HEDL form (tensors need numbers)"); });
      return no([&] {
        return std::string("an array of numbers holds an empty array; tensors cannot be empty at any depth");
      });
    }
    if (nd == kMaxDims)
      return no([&] { return std::string("an array of numbers nests more than 64 levels deep (the tensor limit)"); });
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
      return no([&] {
        return std::string(
            "this array holds references, and HEDL 1.0 has no lists of references: make them a field of records in a "
            "list");
      });
    if (leaf == JsonType::OBJECT)
      return no([&] {
        return std::string(
            "an array mixes numbers or arrays with objects; a list of records must hold objects only (each with an "
            "\"id\")");
      });
    std::string what = leaf == JsonType::STRING ? "strings" : leaf == JsonType::BOOL ? "booleans" : "nulls";
    return no([&] {
      return std::string(
          "this array holds " + what + ", and HEDL 1.0 has no lists of " + what +
          ": a JSON array must hold records (objects with an \"id\") or numbers (a tensor). Store the values "
          "in one string, or as records");
    });
  }
  struct Level {
    array::iterator it, end;
    std::uint32_t count;
  };
  Level st[kMaxDims];
  std::size_t d = 0;
  st[0] = Level{a.begin(), a.end(), 0};
  out("[");
  while (true) {
    Level &l = st[d];
    if (l.it == l.end) {
      path_[base + d].index = l.count;
      if (l.count != shape[d])
        return no([&] {
          return std::string("arrays of numbers must be rectangular (tensors): this one has " +
                             std::to_string(l.count) + " elements where the first at its depth has " +
                             std::to_string(shape[d]));
        });
      out("]");
      if (d == 0) break;
      --d;
      continue;
    }
    element x = *l.it;
    ++l.it;
    path_[base + d].index = l.count;
    if (l.count) out(", ");
    if (++l.count > shape[d])
      return no([&] {
        return std::string("arrays of numbers must be rectangular (tensors): this element lies beyond the " +
                           std::to_string(shape[d]) + " of the first array at its depth");
      });
    if (d + 1 < nd) {
      array sub;
      if (x.get(sub) != simdjson::SUCCESS)
        return no([&] {
          return std::string("an array of numbers mixes numbers and arrays at one depth; tensors are rectangular");
        });
      st[++d] = Level{sub.begin(), sub.end(), 0};
      out("[");
      continue;
    }
    JsonType t = x.type();
    if (t == JsonType::ARRAY)
      return no([&] {
        return std::string("an array of numbers mixes numbers and arrays at one depth; tensors are rectangular");
      });
    if (t != JsonType::INT64 && t != JsonType::UINT64 && t != JsonType::DOUBLE)
      return no([&] {
        return std::string(std::string("an array of numbers holds ") +
                           (t == JsonType::STRING   ? "a string"
                            : t == JsonType::OBJECT ? "an object"
                                                    : "a boolean or null") +
                           "; HEDL tensors hold numbers only");
      });
    if (write ? !write_number(x, true) : !exact_number(x)) return write ? false : no([] { return std::string(); });
  }
  path_.resize(base);
  return true;
}

}  // namespace hedl::detail::fj
