// The canonical HEDL writer (SPEC 13, D15): one pass over the Document into
// one growing buffer, with an explicit stack so that depth never touches the
// call stack. Every quoting rule here mirrors what the parser reads back
// (body.cpp, rows.cpp), so the output is a fixed point.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "hedl/canonical.hpp"
#include "model/document_data.hpp"
#include "parser/scalars.hpp"
#include "util/chars.hpp"
#include "writers/spelling.hpp"

namespace hedl {

namespace {

// ---- byte classes ----------------------------------------------------------

enum : unsigned char {
  kCellStop = 1,  // forces quotes anywhere in a cell
  kKvStop = 2,    // forces quotes anywhere in a key-value string
  kControl = 4,   // a control byte: escaped in cells; only tab and LF in key-values
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
constexpr ByteTable kBytes;

inline unsigned char cls(char b) { return kBytes.c[static_cast<unsigned char>(b)]; }

/// True when `s` matches `-?[0-9]+(\.[0-9]+)?` (D6): unquoted, it would read as a number.
bool looks_numeric(std::string_view s) {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  std::size_t d = i;
  while (i < n && detail::is_digit(s[i])) ++i;
  if (i == d) return false;
  if (i == n) return true;
  if (s[i] != '.') return false;
  d = ++i;
  while (i < n && detail::is_digit(s[i])) ++i;
  return i > d && i == n;
}

/// True when an unquoted token `s` would read as something other than the string `s`.
bool reads_as_other(std::string_view s) {
  char f = s[0];
  if (f == 't') return s == "true";
  if (f == 'f') return s == "false";
  return (f == '-' || detail::is_digit(f)) && looks_numeric(s);
}

enum class Form : std::uint8_t { Plain, Quoted, Block, Bad };

/// How a non-empty string is written in a cell (not the ID column).
Form cell_form(std::string_view s) {
  if ((cls(s[0]) & kCellLead) || detail::is_space(s.back())) return Form::Quoted;
  const char *p = s.data(), *e = p + s.size();
  for (; p < e; ++p) {
    unsigned char k = cls(*p);
    if (!(k & kCellStop) && !(k & kDollar)) continue;
    if (k & kDollar) {
      if (p + 1 < e && p[1] == '(') return Form::Quoted;
      continue;
    }
    return Form::Quoted;
  }
  return reads_as_other(s) ? Form::Quoted : Form::Plain;
}

/// True when `line` would close a block string (D3: `"""` after spaces, then
/// only spaces or a comment).
bool closes_block(std::string_view line) {
  while (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  if (line.substr(0, 3) != "\"\"\"") return false;
  std::string_view rest = detail::trim(line.substr(3));
  return rest.empty() || rest[0] == '#';
}

/// How a string is written as a key-value value.
Form kv_form(std::string_view s) {
  if (s.empty()) return Form::Quoted;
  bool quote = (cls(s[0]) & kKvLead) || detail::is_space(s.back());
  bool newline = false;
  for (char b : s) {
    unsigned char k = cls(b);
    if (!(k & kKvStop)) continue;
    if (b == '\n') {
      newline = true;
    } else if (b == '\t' || !(k & kControl)) {
      quote = true;
    } else {
      return Form::Bad;  // CR or another control byte: no key-value syntax holds it
    }
  }
  // Quoted, a string that starts with '"' would begin with `"""` and open a
  // block string, so it is written as one (a single content line).
  if (newline || s[0] == '"') {
    std::size_t start = 0;
    while (true) {
      std::size_t nl = s.find('\n', start);
      if (closes_block(s.substr(start, nl == std::string_view::npos ? nl : nl - start))) return Form::Bad;
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    return Form::Block;
  }
  return quote || reads_as_other(s) ? Form::Quoted : Form::Plain;
}

// ---- values ------------------------------------------------------------------

bool same_value(const Value &a, const Value &b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Null: return true;
    case ValueKind::Bool: return a.as_bool() == b.as_bool();
    case ValueKind::Int: return a.as_int() == b.as_int();
    case ValueKind::Float: {
      double x = a.as_float(), y = b.as_float();
      return std::memcmp(&x, &y, sizeof x) == 0;  // -0.0 and 0.0 differ
    }
    case ValueKind::String:
    case ValueKind::Expression: return a.as_string() == b.as_string();
    case ValueKind::Reference:
      return a.reference_text() == b.reference_text() && a.as_reference().resolved == b.as_reference().resolved;
    case ValueKind::Tensor: {
      const Tensor &x = a.as_tensor(), &y = b.as_tensor();
      if (&x == &y) return true;
      return x.shape.size() == y.shape.size() && x.data.size() == y.data.size() &&
             std::equal(x.shape.begin(), x.shape.end(), y.shape.begin()) &&
             (x.data.empty() || std::memcmp(x.data.data(), y.data.data(), x.data.size() * sizeof(double)) == 0);
    }
  }
  return false;
}

constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
constexpr double kTwo53 = 9007199254740992.0;

/// Writes `d` with the fewest fraction digits (at most 8) that read back as
/// exactly `d`, or returns nullptr. The check repeats the parser's own
/// arithmetic (scalars.cpp: an exact mantissa over an exact power of ten, one
/// rounding), so what it accepts round-trips; grisu2 handles the rest.
char *write_short_double(char *out, double d) {
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
    char *e = detail::format_int(digits, mant);
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

/// Writes `d` as `-?[0-9]+\.[0-9]+`: HEDL numbers have no exponent (D6), so
/// round-trip digits are spelled out. Needs kMaxDouble bytes.
constexpr std::size_t kMaxDouble = 400;
char *write_double(char *out, double d) {
  if (char *e = write_short_double(out, d)) return e;
  char buf[40];
  char *end = detail::format_double(buf, d);
  auto n = static_cast<std::size_t>(end - buf);
  const char *x = static_cast<const char *>(std::memchr(buf, 'e', n));
  if (!x) {  // already fixed-point, always with a '.'
    std::memcpy(out, buf, n);
    return out + n;
  }
  const char *p = buf;
  if (*p == '-') *out++ = *p++;
  char digits[32];
  int nd = 0;
  for (; p < x; ++p)
    if (*p != '.') digits[nd++] = *p;
  while (nd > 1 && digits[nd - 1] == '0') --nd;
  const char *q = x + 1;
  bool neg = *q == '-';
  if (*q == '-' || *q == '+') ++q;
  int exp = 0;
  for (; q < end; ++q) exp = exp * 10 + (*q - '0');
  int point = 1 + (neg ? -exp : exp);  // digits before the decimal point
  if (point <= 0) {
    *out++ = '0';
    *out++ = '.';
    std::memset(out, '0', static_cast<std::size_t>(-point));
    out += -point;
    std::memcpy(out, digits, static_cast<std::size_t>(nd));
    return out + nd;
  }
  if (point >= nd) {
    std::memcpy(out, digits, static_cast<std::size_t>(nd));
    out += nd;
    std::memset(out, '0', static_cast<std::size_t>(point - nd));
    out += point - nd;
    *out++ = '.';
    *out++ = '0';
    return out;
  }
  std::memcpy(out, digits, static_cast<std::size_t>(point));
  out += point;
  *out++ = '.';
  std::memcpy(out, digits + point, static_cast<std::size_t>(nd - point));
  return out + (nd - point);
}

// ---- the writer ----------------------------------------------------------------

class Writer {
 public:
  Writer(const Document &doc, const CanonicalOptions &o, std::string &s) : doc_(doc), ditto_(o.ditto), s_(s) {}
  ~Writer() { s_.resize(n_); }

  /// Writes the whole document; false with error() set on an unwritable string.
  bool document();
  Error &error() { return err_; }

 private:
  struct Frame {
    const MatrixList *list;  // a list frame, or nullptr for an object frame
    const Row *next;         // list: the next row to write
    const Row *prev;         // list: the row written before it (the ditto source)
    const Object *object;    // object frame
    std::size_t base;        // object: its sorted items start at order_[base]; kInOrder when already sorted
    std::uint32_t index;     // object: the next item
    std::uint32_t depth;     // indentation level of the frame's lines
  };
  static constexpr std::size_t kInOrder = ~std::size_t{0};

  char *reserve(std::size_t k) {
    if (n_ + k > s_.size()) s_.resize(std::max(s_.size() * 2, n_ + k + 4096));
    return s_.data() + n_;
  }
  void commit(char *p) { n_ = static_cast<std::size_t>(p - s_.data()); }
  void put(char c) {
    *reserve(1) = c;
    ++n_;
  }
  void put(std::string_view v) {
    std::memcpy(reserve(v.size()), v.data(), v.size());
    n_ += v.size();
  }
  void indent(std::uint32_t depth) {
    std::size_t k = 2 * static_cast<std::size_t>(depth);
    std::memset(reserve(k), ' ', k);
    n_ += k;
  }
  bool fail(std::uint32_t line, std::string msg) {
    err_ = Error{ErrorKind::Conversion, std::move(msg), line, 0};
    return false;
  }

  bool header();
  void push_object(const Object *o, std::uint32_t depth);
  bool row(const MatrixList &list, const Row &r, const Row *prev, std::uint32_t depth);
  bool kv_value(const Item &it, std::uint32_t depth);
  bool cell(const Value &v, bool id, bool last, std::uint32_t line);
  bool scalar(const Value &v, std::uint32_t line);  // every kind but String
  void tensor(const Tensor &t);
  void quoted_kv(std::string_view s);
  void quoted_cell(std::string_view s);
  void block(std::string_view s, std::uint32_t depth);
  std::string_view alias_for(std::string_view s) const;

  const Document &doc_;
  bool ditto_;
  std::string &s_;
  std::size_t n_ = 0;
  Error err_;
  std::vector<Frame> stack_;
  std::vector<const Item *> order_;   // sorted items of the open objects, innermost last
  std::vector<std::uint32_t> index_;  // tensor multi-index
  // String aliases worth re-using: value -> alias index + 1 (see header()).
  detail::StringMap<std::uint32_t> alias_map_;
  std::size_t alias_min_ = ~std::size_t{0}, alias_max_ = 0;
};

bool Writer::header() {
  char *p = reserve(40);
  std::memcpy(p, "%VERSION: ", 10);
  p = detail::format_int(p + 10, doc_.version_major());
  *p++ = '.';
  p = detail::format_int(p, doc_.version_minor());
  *p++ = '\n';
  commit(p);

  auto aliases = doc_.aliases();
  std::vector<const Alias *> sorted;
  sorted.reserve(aliases.size());
  for (const Alias &a : aliases) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](const Alias *a, const Alias *b) { return a->key < b->key; });
  for (const Alias *a : sorted) {
    for (char c : a->value)
      if (cls(c) & kControl && c != '\t')
        return fail(a->line, "alias %" + std::string(a->key) + " holds a control character no quoted string can hold");
    put("%ALIAS: %");
    put(a->key);
    put(": ");
    quoted_kv(a->value);
    put('\n');
  }
  // A string equal to the expansion of an alias that reads back as a string
  // (not a boolean or number) may be written as `%key` (see alias_for).
  // Shortest key first, so the choice does not depend on directive order.
  std::vector<const Alias *> reuse;
  for (const Alias *a : sorted) {
    Value v;
    if (a->value == "true" || a->value == "false") continue;
    detail::NumberResult r = detail::parse_number(a->value, v);
    if (r == detail::NumberResult::Int || r == detail::NumberResult::Float) continue;
    reuse.push_back(a);
  }
  std::stable_sort(reuse.begin(), reuse.end(),
                   [](const Alias *a, const Alias *b) { return a->key.size() < b->key.size(); });
  for (const Alias *a : reuse) {
    alias_map_.insert(a->value, static_cast<std::uint32_t>(a - aliases.data()) + 1);
    alias_min_ = std::min(alias_min_, a->value.size());
    alias_max_ = std::max(alias_max_, a->value.size());
  }

  std::vector<const Schema *> schemas(doc_.schemas().begin(), doc_.schemas().end());
  std::sort(schemas.begin(), schemas.end(),
            [](const Schema *a, const Schema *b) { return a->type_name < b->type_name; });
  for (const Schema *s : schemas) {
    put("%STRUCT: ");
    put(s->type_name);
    put(": [");
    for (std::size_t c = 0; c < s->columns.size(); ++c) {
      if (c) put(',');
      put(s->columns[c]);
    }
    put("]\n");
  }
  std::vector<const Nest *> nests;
  for (const Nest &n : doc_.nests()) nests.push_back(&n);
  std::sort(nests.begin(), nests.end(), [](const Nest *a, const Nest *b) {
    return a->parent != b->parent ? a->parent < b->parent : a->child < b->child;
  });
  for (const Nest *n : nests) {
    put("%NEST: ");
    put(n->parent);
    put(" > ");
    put(n->child);
    put('\n');
  }
  put("---\n");
  return true;
}

std::string_view Writer::alias_for(std::string_view s) const {
  if (s.size() < alias_min_ || s.size() > alias_max_) return {};
  std::uint32_t i = alias_map_.find(s);
  return i ? doc_.aliases()[i - 1].key : std::string_view();
}

void Writer::push_object(const Object *o, std::uint32_t depth) {
  const Item *items = o->items;
  std::uint32_t n = o->count;
  std::size_t base = kInOrder;
  for (std::uint32_t i = 1; i < n; ++i) {
    if (items[i - 1].key < items[i].key) continue;
    base = order_.size();
    for (std::uint32_t j = 0; j < n; ++j) order_.push_back(&items[j]);
    std::sort(order_.begin() + static_cast<std::ptrdiff_t>(base), order_.end(),
              [](const Item *a, const Item *b) { return a->key < b->key; });
    break;
  }
  stack_.push_back(Frame{nullptr, nullptr, nullptr, o, base, 0, depth});
}

void Writer::quoted_kv(std::string_view s) {
  char *p = reserve(2 * s.size() + 2);
  *p++ = '"';
  for (char c : s) {
    *p++ = c;
    if (c == '"') *p++ = '"';
  }
  *p++ = '"';
  commit(p);
}

void Writer::quoted_cell(std::string_view s) {
  char *p = reserve(2 * s.size() + 2);
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
  commit(p);
}

void Writer::block(std::string_view s, std::uint32_t depth) {
  // D3: content lines carry the key's indentation, which the parser strips;
  // empty lines stay empty, and trailing spaces are content.
  put("\"\"\"\n");
  std::size_t start = 0;
  while (true) {
    std::size_t nl = s.find('\n', start);
    std::string_view line = s.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty()) {
      indent(depth);
      put(line);
    }
    put('\n');
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  indent(depth);
  put("\"\"\"");
}

/// Writes one tensor element: integral ones as integers (a tensor holds
/// doubles either way). Needs kMaxDouble bytes.
char *tensor_element(char *p, double d) {
  if (d == std::trunc(d) && std::fabs(d) < kTwo53 && !(d == 0 && std::signbit(d)))
    return detail::format_int(p, static_cast<std::int64_t>(d));
  return write_double(p, d);
}

void Writer::tensor(const Tensor &t) {
  std::size_t nd = t.shape.size();
  if (nd == 1) {
    // Vectors (embeddings, coordinates), the common case: no multi-index.
    char *p = reserve(1);
    *p++ = '[';
    commit(p);
    for (std::size_t i = 0; i < t.data.size(); ++i) {
      p = reserve(kMaxDouble + 2);
      if (i) {
        *p++ = ',';
        *p++ = ' ';
      }
      commit(tensor_element(p, t.data[i]));
    }
    put(']');
    return;
  }
  index_.assign(nd, 0);
  char *p = reserve(nd);
  std::memset(p, '[', nd);
  n_ += nd;
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    double d = t.data[i];
    p = reserve(kMaxDouble + 2 * nd + 2);
    p = tensor_element(p, d);
    std::size_t closed = 0;
    for (std::size_t k = nd; k-- > 0;) {
      if (++index_[k] < t.shape[k]) break;
      index_[k] = 0;
      ++closed;
    }
    std::memset(p, ']', closed);
    p += closed;
    if (i + 1 < t.data.size()) {
      *p++ = ',';
      *p++ = ' ';
      std::memset(p, '[', closed);
      p += closed;
    }
    commit(p);
  }
}

bool Writer::scalar(const Value &v, std::uint32_t line) {
  // The checks guard against documents built by other means than parsing
  // (a parsed document always passes them): HEDL has no spelling for these.
  switch (v.kind()) {
    case ValueKind::Null: put('~'); return true;
    case ValueKind::Bool: put(v.as_bool() ? std::string_view("true") : std::string_view("false")); return true;
    case ValueKind::Int: commit(detail::format_int(reserve(24), v.as_int())); return true;
    case ValueKind::Float:
      if (!std::isfinite(v.as_float())) return fail(line, "HEDL has no spelling for an infinite or NaN number");
      commit(write_double(reserve(kMaxDouble), v.as_float()));
      return true;
    case ValueKind::Reference: {
      Reference r = v.as_reference();
      if ((!r.type.empty() || v.reference_text().find(':') != std::string_view::npos) && !detail::is_type_token(r.type))
        return fail(line, "invalid reference type in @" + std::string(v.reference_text()));
      if (!detail::is_id_token(r.id)) return fail(line, "invalid reference ID in @" + std::string(v.reference_text()));
      put('@');
      put(v.reference_text());
      return true;
    }
    case ValueKind::Expression: {
      std::string_view e = v.as_string();
      if (e.size() < 3 || e.substr(0, 2) != "$(" || e.find_first_of("\n\r") != std::string_view::npos ||
          detail::scan_expression(e.data(), e.data() + e.size()) != e.data() + e.size())
        return fail(line, "an expression must be one balanced $(...) on one line");
      put(e);  // verbatim (D2)
      return true;
    }
    case ValueKind::Tensor: {
      const Tensor &t = v.as_tensor();
      std::size_t n = t.shape.empty() ? 0 : 1;
      for (std::uint32_t d : t.shape) n *= d;
      if (n == 0 || n != t.data.size()) return fail(line, "HEDL has no spelling for an empty or ill-shaped tensor");
      for (double d : t.data)
        if (!std::isfinite(d)) return fail(line, "HEDL has no spelling for an infinite or NaN number");
      tensor(t);
      return true;
    }
    case ValueKind::String: break;  // written by the callers, who know the context
  }
  return true;
}

bool Writer::kv_value(const Item &it, std::uint32_t depth) {
  const Value &v = it.value;
  if (v.kind() != ValueKind::String) return scalar(v, it.line);
  std::string_view s = v.as_string();
  Form form = kv_form(s);
  // An alias is also the only spelling of a string no key-value syntax holds
  // (`"""` itself, from `%ALIAS: %q: """"""""`).
  if (std::string_view a = alias_for(s); !a.empty() && (form == Form::Bad || a.size() + 1 < s.size())) {
    put('%');
    put(a);
    return true;
  }
  switch (form) {
    case Form::Plain: put(s); return true;
    case Form::Quoted: quoted_kv(s); return true;
    case Form::Block: block(s, depth); return true;
    case Form::Bad: break;
  }
  return fail(it.line, "the value of key '" + std::string(it.key) +
                           "' holds a control character or line that no HEDL key-value string can hold");
}

bool Writer::cell(const Value &v, bool id, bool last, std::uint32_t line) {
  if (id && (v.kind() != ValueKind::String || v.as_string().empty()))
    return fail(line, "a row's ID must be a non-empty string");
  if (v.kind() != ValueKind::String) return scalar(v, line);
  std::string_view s = v.as_string();
  bool quote;
  if (id) {
    quote = !detail::is_id_token(s) || s == "true" || s == "false";
  } else if (s.empty()) {
    if (last) put("\"\"");  // a trailing empty field would be a trailing comma
    return true;
  } else if (std::string_view a = alias_for(s); !a.empty() && a.size() + 1 < s.size()) {
    put('%');
    put(a);
    return true;
  } else {
    quote = cell_form(s) != Form::Plain;
  }
  if (!quote) {
    put(s);
    return true;
  }
  for (char c : s)
    if ((cls(c) & kControl) && c != '\n' && c != '\t' && c != '\r')
      return fail(line, "a cell holds a control character that HEDL cannot escape");
  quoted_cell(s);
  return true;
}

bool Writer::row(const MatrixList &list, const Row &r, const Row *prev, std::uint32_t depth) {
  std::size_t ncols = list.schema->columns.size();
  indent(depth);
  put('|');
  if (r.children && r.children->count) {
    char *p = reserve(16);
    *p++ = '[';
    p = detail::format_int(p, r.children->count);
    *p++ = ']';
    *p++ = ' ';
    commit(p);
  }
  const Value *cells = r.cells(ncols).data();
  const Value *before = ditto_ && prev ? prev->cells(ncols).data() : nullptr;
  for (std::size_t c = 0; c < ncols; ++c) {
    if (c) put(',');
    if (c && before && same_value(cells[c], before[c])) {
      put('^');
      continue;
    }
    if (!cell(cells[c], c == 0, c + 1 == ncols, r.line)) return false;
  }
  put('\n');
  return true;
}

bool Writer::document() {
  reserve(doc_.source().size() + 4096);
  if (!header()) return false;
  push_object(&doc_.root(), 0);
  while (!stack_.empty()) {
    Frame &f = stack_.back();
    if (f.list) {
      const Row *r = f.next;
      if (!r) {
        stack_.pop_back();
        continue;
      }
      const Row *prev = f.prev;
      f.next = r->next;
      f.prev = r;
      const MatrixList *list = f.list;
      std::uint32_t depth = f.depth;
      if (!row(*list, *r, prev, depth)) return false;
      if (r->children && r->children->head)
        stack_.push_back(Frame{r->children, r->children->head, nullptr, nullptr, 0, 0, depth + 1});
      continue;
    }
    if (f.index == f.object->count) {
      if (f.base != kInOrder) order_.resize(f.base);
      stack_.pop_back();
      continue;
    }
    const Item &it = f.base == kInOrder ? f.object->items[f.index] : *order_[f.base + f.index];
    ++f.index;
    std::uint32_t depth = f.depth;
    indent(depth);
    put(it.key);
    switch (it.kind()) {
      case ItemKind::Scalar:
        put(": ");
        if (!kv_value(it, depth)) return false;
        put('\n');
        break;
      case ItemKind::Object:
        put(":\n");
        push_object(it.object(), depth + 1);  // may reallocate stack_: f is not used after this
        break;
      case ItemKind::List: {
        const MatrixList *l = it.list();
        put(": @");
        put(l->type_name());
        if (!l->schema->declared) {
          put('[');
          for (std::size_t c = 0; c < l->schema->columns.size(); ++c) {
            if (c) put(',');
            put(l->schema->columns[c]);
          }
          put(']');
        }
        put('\n');
        if (l->head) stack_.push_back(Frame{l, l->head, nullptr, nullptr, 0, 0, depth + 1});
        break;
      }
    }
  }
  return true;
}

}  // namespace

Result<std::string> canonicalize(const Document &doc, const CanonicalOptions &options) {
  std::string out;
  {
    Writer w(doc, options, out);
    if (!w.document()) return std::move(w.error());
  }
  return out;
}

}  // namespace hedl
