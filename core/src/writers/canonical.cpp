// The canonical HEDL writer (§13, D15): one pass over the Document into
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
#include "util/text_writer.hpp"
#include "writers/spelling.hpp"

namespace hedl {

namespace {

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
    case ValueKind::List: {
      auto x = a.as_list(), y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!same_value(x[i], y[i])) return false;
      return true;
    }
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

using detail::StringForm;

// ---- the writer ----------------------------------------------------------------

struct HeaderWords;

class Writer : detail::TextWriter<detail::StringStore> {
 public:
  Writer(const Document &doc, const CanonicalOptions &o, std::string &s)
      : TextWriter(detail::StringStore{s}), doc_(doc), ditto_(o.ditto), sort_keys_(o.sort_keys) {
    bool v1 = o.version == TargetVersion::V1_0 ||
              (o.version == TargetVersion::Keep && doc.version_major() == 1 && doc.version_minor() == 0);
    v2_ = !v1;
    if (v2_) {
      ditto_ = false;
      spl_ = 1;
      if (o.version == TargetVersion::Keep) {
        major_ = doc.version_major();
        minor_ = doc.version_minor();
      }
    } else {
      major_ = 1;
      minor_ = 0;
    }
  }
  ~Writer() { store_.finish(n_); }

  /// Writes the whole document; false with error() set on an unwritable string.
  bool document();
  Error &error() { return err_; }

 private:
  struct Frame {
    const MatrixList *list;    // a list frame, or nullptr for an object frame
    const Row *next;           // list: the next row to write
    const Row *prev;           // list: the row written before it (the ditto source)
    const Object *object;      // object frame
    const MatrixList *blocks;  // a row's child lists still to write as `@Type#N:` blocks (2.0)
    std::size_t base;          // object: its sorted items start at order_[base]; kInOrder when already sorted
    std::uint32_t index;       // object: the next item
    std::uint32_t depth;       // indentation level of the frame's lines
  };
  static constexpr std::size_t kInOrder = ~std::size_t{0};

  void indent(std::uint32_t depth) { fill(' ', spl_ * static_cast<std::size_t>(depth)); }
  bool fail(std::uint32_t line, std::string msg) {
    err_ = Error{ErrorKind::Conversion, std::move(msg), line, 0};
    return false;
  }

  bool header();
  bool header_v2();
  void version_line(const HeaderWords &w);
  bool definitions(const HeaderWords &w);
  void alias_reuse(const std::vector<const Alias *> &sorted);
  std::vector<const Alias *> sorted_aliases() const;
  bool check_alias(const Alias *a);
  std::vector<const Schema *> sorted_schemas() const;
  std::vector<const Nest *> sorted_nests() const;
  bool check_v1();
  void schema_columns(const Schema *s);
  bool list_value(const Value &v, std::uint32_t line);
  bool write_block(const MatrixList &l, std::uint32_t depth);
  void push_object(const Object *o, std::uint32_t depth);
  bool row(const MatrixList &list, const Row &r, const Row *prev, std::uint32_t depth);
  bool kv_value(const Item &it, std::uint32_t depth);
  bool cell(const Value &v, bool id, bool last, std::uint32_t line);
  bool scalar(const Value &v, std::uint32_t line);  // every kind but String
  void tensor(const Tensor &t);
  void quoted_kv(std::string_view s) { commit(detail::write_quoted_kv(reserve(2 * s.size() + 2), s)); }
  void quoted_cell(std::string_view s) { commit(detail::write_quoted_cell(reserve(2 * s.size() + 2), s)); }
  void block(std::string_view s, std::uint32_t depth);
  std::string_view alias_for(std::string_view s) const;

  const Document &doc_;
  bool ditto_;
  bool sort_keys_;
  bool v2_ = false;  // writing the 2.0 form
  std::size_t spl_ = 2;
  std::uint32_t major_ = 2, minor_ = 0;
  Error err_;
  std::vector<Frame> stack_;
  std::vector<const Item *> order_;   // sorted items of the open objects, innermost last
  std::vector<std::uint32_t> index_;  // tensor multi-index
  // String aliases worth re-using: value -> alias index + 1 (see header()).
  detail::StringMap<std::uint32_t> alias_map_;
  std::size_t alias_min_ = ~std::size_t{0}, alias_max_ = 0;
};

// What the 1.0 form cannot hold, found before anything is written.
bool Writer::check_v1() {
  auto nests = doc_.nests();
  for (std::size_t i = 0; i < nests.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (nests[j].parent == nests[i].parent)
        return fail(nests[i].line, "HEDL 1.0 allows one child type per parent: " + std::string(nests[i].parent) +
                                       " has " + std::string(nests[j].child) + " and " + std::string(nests[i].child));
  if (!doc_.prompts().empty()) return fail(doc_.prompts()[0].line, "HEDL 1.0 has no %PROMPT directive");
  if (!doc_.counts().empty()) return fail(doc_.counts()[0].line, "HEDL 1.0 has no %C count directive");
  if (!doc_.extensions().empty()) return fail(doc_.extensions()[0].line, "HEDL 1.0 has no %X- directives");
  if (doc_.lenient_mode()) {
    std::uint32_t line = 0;
    for (const Directive &d : doc_.directives())
      if (d.kind == DirectiveKind::Mode) line = d.line;
    return fail(line, "HEDL 1.0 has no %MODE directive (parse it with lenient references instead)");
  }
  return true;
}

void Writer::schema_columns(const Schema *s) {
  put('[');
  for (std::size_t c = 0; c < s->columns.size(); ++c) {
    if (c) put(',');
    put(s->columns[c]);
  }
  put(']');
}

void Writer::alias_reuse(const std::vector<const Alias *> &sorted) {
  auto aliases = doc_.aliases();
  // A string equal to the expansion of an alias that reads back as a string
  // (not a boolean or number) may be written as `%key` (see alias_for).
  // The shortest key wins, then the first in key order (`sorted` is), so the
  // choice does not depend on directive order.
  for (const Alias *a : sorted) {
    Value v;
    if (a->value == "true" || a->value == "false") continue;
    detail::NumberResult r = detail::parse_number(a->value, v);
    if (r == detail::NumberResult::Int || r == detail::NumberResult::Float) continue;
    std::uint32_t held = alias_map_.find(a->value);
    if (held && aliases[held - 1].key.size() <= a->key.size()) continue;
    alias_map_.assign(a->value, static_cast<std::uint32_t>(a - aliases.data()) + 1);
    alias_min_ = std::min(alias_min_, a->value.size());
    alias_max_ = std::max(alias_max_, a->value.size());
  }
}

std::vector<const Alias *> Writer::sorted_aliases() const {
  std::vector<const Alias *> sorted;
  for (const Alias &a : doc_.aliases()) sorted.push_back(&a);
  std::sort(sorted.begin(), sorted.end(), [](const Alias *a, const Alias *b) { return a->key < b->key; });
  return sorted;
}

bool Writer::check_alias(const Alias *a) {
  for (char c : a->value)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
      return fail(a->line, "alias %" + std::string(a->key) + " holds a control character no quoted string can hold");
  return true;
}

std::vector<const Schema *> Writer::sorted_schemas() const {
  std::vector<const Schema *> schemas(doc_.schemas().begin(), doc_.schemas().end());
  std::sort(schemas.begin(), schemas.end(),
            [](const Schema *a, const Schema *b) { return a->type_name < b->type_name; });
  return schemas;
}

std::vector<const Nest *> Writer::sorted_nests() const {
  std::vector<const Nest *> nests;
  for (const Nest &n : doc_.nests()) nests.push_back(&n);
  std::sort(nests.begin(), nests.end(), [](const Nest *a, const Nest *b) {
    return a->parent != b->parent ? a->parent < b->parent : a->child < b->child;
  });
  return nests;
}

// The directive words of each version's header.
struct HeaderWords {
  std::string_view version, alias, alias_sep, schema, schema_sep, nest, nest_sep;
};
constexpr HeaderWords kWords1{"%VERSION: ", "%ALIAS: %", ": ", "%STRUCT: ", ": ", "%NEST: ", " > "};
constexpr HeaderWords kWords2{"%V:", "%A:%", ":", "%S:", ":", "%N:", ">"};

void Writer::version_line(const HeaderWords &w) {
  put(w.version);
  char *p = reserve(24);
  p = detail::format_int(p, major_);
  *p++ = '.';
  p = detail::format_int(p, minor_);
  *p++ = '\n';
  commit(p);
}

// The aliases, schemas and nests, sorted (both versions, in their words).
bool Writer::definitions(const HeaderWords &w) {
  std::vector<const Alias *> sorted = sorted_aliases();
  for (const Alias *a : sorted) {
    if (!check_alias(a)) return false;
    put(w.alias);
    put(a->key);
    put(w.alias_sep);
    quoted_kv(a->value);
    put('\n');
  }
  alias_reuse(sorted);
  for (const Schema *s : sorted_schemas()) {
    put(w.schema);
    put(s->type_name);
    put(w.schema_sep);
    schema_columns(s);
    put('\n');
  }
  for (const Nest *n : sorted_nests()) {
    put(w.nest);
    put(n->parent);
    put(w.nest_sep);
    put(n->child);
    put('\n');
  }
  return true;
}

// The 2.0 header in the §13.8 order.
bool Writer::header_v2() {
  version_line(kWords2);
  put("%NULL:~\n%QUOTE:\"\n");
  if (doc_.lenient_mode()) put("%MODE: lenient\n");
  if (!definitions(kWords2)) return false;
  std::vector<const CountDirective *> counts;
  for (const CountDirective &c : doc_.counts()) counts.push_back(&c);
  std::sort(counts.begin(), counts.end(), [](const CountDirective *a, const CountDirective *b) {
    return a->type != b->type ? a->type < b->type : a->field < b->field;
  });
  for (const CountDirective *c : counts) {
    put("%C:");
    put(c->type);
    put('.');
    if (c->field.empty()) {
      put("total=");
      commit(detail::format_int(reserve(24), static_cast<std::int64_t>(c->entries[0].count)));
    } else {
      put(c->field);
      put(':');
      for (std::size_t i = 0; i < c->entries.size(); ++i) {
        if (i) put(',');
        put(c->entries[i].value);
        put('=');
        commit(detail::format_int(reserve(24), static_cast<std::int64_t>(c->entries[i].count)));
      }
    }
    put('\n');
  }
  for (const Prompt &pr : doc_.prompts()) {
    if (pr.text.find_first_of("\n\r") != std::string_view::npos) return fail(pr.line, "a %PROMPT holds a line break");
    put("%PROMPT: ");
    quoted_kv(pr.text);
    put('\n');
  }
  for (const Extension &x : doc_.extensions()) {
    put('%');
    put(x.name);
    put(": ");
    put(x.payload);
    put('\n');
  }
  put("---\n");
  return true;
}

bool Writer::header() {
  if (v2_) return header_v2();
  if (!check_v1()) return false;
  version_line(kWords1);
  if (!definitions(kWords1)) return false;
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
  for (std::uint32_t i = 1; i < n && sort_keys_; ++i) {
    if (items[i - 1].key < items[i].key) continue;
    base = order_.size();
    for (std::uint32_t j = 0; j < n; ++j) order_.push_back(&items[j]);
    std::sort(order_.begin() + static_cast<std::ptrdiff_t>(base), order_.end(),
              [](const Item *a, const Item *b) { return a->key < b->key; });
    break;
  }
  stack_.push_back(Frame{nullptr, nullptr, nullptr, o, nullptr, base, 0, depth});
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

void Writer::tensor(const Tensor &t) {
  std::size_t nd = t.shape.size();
  if (nd == 1) {
    // Vectors (embeddings, coordinates), the common case: no multi-index.
    char *p = reserve(1);
    *p++ = '[';
    commit(p);
    for (std::size_t i = 0; i < t.data.size(); ++i) {
      p = reserve(detail::kMaxPlainDouble + 2);
      if (i) {
        *p++ = ',';
        *p++ = ' ';
      }
      commit(detail::write_tensor_element(p, t.data[i]));
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
    p = reserve(detail::kMaxPlainDouble + 2 * nd + 2);
    p = detail::write_tensor_element(p, d);
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
      commit(detail::write_plain_double(reserve(detail::kMaxPlainDouble), v.as_float()));
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
    case ValueKind::List: return list_value(v, line);
    case ValueKind::String: break;  // written by the callers, who know the context
  }
  return true;
}

// `(a, b)`: elements as scalars; strings plain when nothing in them could end
// the element or read as another kind, else quoted with `""` doubling.
bool Writer::list_value(const Value &v, std::uint32_t line) {
  if (!v2_) return fail(line, "HEDL 1.0 has no list literals: write 2.0 to keep this list");
  put('(');
  bool first = true;
  for (const Value &e : v.as_list()) {
    if (!first) put(", ");
    first = false;
    if (e.kind() == ValueKind::List) return fail(line, "HEDL lists cannot be nested");
    if (e.kind() != ValueKind::String) {
      if (!scalar(e, line)) return false;
      continue;
    }
    std::string_view s = e.as_string();
    bool quote = detail::list_element_needs_quotes(s);
    if (s.find_first_of("\n\r") != std::string_view::npos || detail::first_unspellable_byte(s, false) >= 0)
      return fail(line, "a list element holds a line break or control character no list can hold");
    if (quote)
      quoted_kv(s);
    else
      put(s);
  }
  put(')');
  return true;
}

bool Writer::kv_value(const Item &it, std::uint32_t depth) {
  const Value &v = it.value;
  if (v.kind() != ValueKind::String) return scalar(v, it.line);
  std::string_view s = v.as_string();
  StringForm form = detail::kv_form(s);
  if (v2_ && form == StringForm::Plain && s[0] == '(') form = StringForm::Quoted;  // it would read as a list
  // An alias is also the only spelling of a string no key-value syntax holds
  // (`"""` itself, from `%ALIAS: %q: """"""""`).
  if (std::string_view a = alias_for(s); !a.empty() && (form == StringForm::Bad || a.size() + 1 < s.size())) {
    put('%');
    put(a);
    return true;
  }
  switch (form) {
    case StringForm::Plain: put(s); return true;
    case StringForm::Quoted: quoted_kv(s); return true;
    case StringForm::Block: block(s, depth); return true;
    case StringForm::Bad: break;
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
    quote = detail::cell_form(s) != StringForm::Plain || (v2_ && s[0] == '(');
  }
  if (!quote) {
    put(s);
    return true;
  }
  if (detail::first_unspellable_byte(s, true) >= 0)
    return fail(line, "a cell holds a control character that HEDL cannot escape");
  quoted_cell(s);
  return true;
}

bool Writer::row(const MatrixList &list, const Row &r, const Row *prev, std::uint32_t depth) {
  std::size_t ncols = list.schema->columns.size();
  indent(depth);
  put('|');
  if (!v2_ && r.children && r.children->count) {
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

// `@Type#N:` and its rows: inline (`@Type#N:|a,b|c,d`) for 1 to 5 rows
// without children of their own, else expanded with the rows at the
// declaration's indentation. May push a frame (the expanded rows).
bool Writer::write_block(const MatrixList &l, std::uint32_t depth) {
  bool inline_ok = l.count <= 5;
  for (const Row *r = l.head; r && inline_ok; r = r->next) inline_ok = r->children == nullptr;
  indent(depth);
  put('@');
  put(l.type_name());
  put('#');
  commit(detail::format_int(reserve(24), l.count));
  put(':');
  if (!inline_ok) {
    put('\n');
    stack_.push_back(Frame{&l, l.head, nullptr, nullptr, nullptr, 0, 0, depth});
    return true;
  }
  std::size_t ncols = l.schema->columns.size();
  for (const Row *r = l.head; r; r = r->next) {
    put('|');
    const Value *cells = r->cells(ncols).data();
    for (std::size_t c = 0; c < ncols; ++c) {
      if (c) put(',');
      if (!cell(cells[c], c == 0, c + 1 == ncols, r->line)) return false;
    }
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
      if (r->children) {
        if (v2_ && list->schema->nest_children.size() > 1)
          stack_.push_back(Frame{nullptr, nullptr, nullptr, nullptr, r->children, 0, 0, depth + 1});
        else if (r->children->head)
          stack_.push_back(Frame{r->children, r->children->head, nullptr, nullptr, nullptr, 0, 0, depth + 1});
      }
      continue;
    }
    if (f.blocks) {
      const MatrixList *l = f.blocks;
      f.blocks = l->next_sibling;
      if (!f.blocks) {
        std::uint32_t depth = f.depth;
        stack_.pop_back();
        if (l->head && !write_block(*l, depth)) return false;
      } else if (l->head && !write_block(*l, f.depth)) {
        return false;
      }
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
        put(v2_ ? std::string_view(":@") : std::string_view(": @"));
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
        if (l->head) stack_.push_back(Frame{l, l->head, nullptr, nullptr, nullptr, 0, 0, depth + 1});
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
