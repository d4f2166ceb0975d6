// The JSON writer (D21): one pass over the Document into one growing buffer,
// with an explicit stack so that depth never touches the call stack.
#include <cstring>
#include <vector>

#include "hedl/json.hpp"
#include "model/document_data.hpp"
#include "writers/spelling.hpp"

namespace hedl {

namespace {

// 0: copy as is; 1: two-char escape; 2: \u00XX.
struct EscapeTable {
  unsigned char kind[256] = {};
  char short_form[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) kind[c] = 2;
    kind['"'] = 1, short_form['"'] = '"';
    kind['\\'] = 1, short_form['\\'] = '\\';
    kind['\n'] = 1, short_form['\n'] = 'n';
    kind['\r'] = 1, short_form['\r'] = 'r';
    kind['\t'] = 1, short_form['\t'] = 't';
    kind['\b'] = 1, short_form['\b'] = 'b';
    kind['\f'] = 1, short_form['\f'] = 'f';
  }
};
constexpr EscapeTable kEsc;

class Writer {
 public:
  Writer(std::string &s, const JsonOptions &o) : s_(s), n_(s.size()), pretty_(o.pretty), meta_(o.metadata) {}
  ~Writer() { s_.resize(n_); }

  void document(const Document &doc);

 private:
  struct Frame {
    bool is_list;
    bool wrapper;   // list: inside a metadata {"__type__",...,"items": [...]} object
    bool any;       // list: a row was written
    bool row_open;  // list: the last row's children are being written; close it on resume
    int depth;      // depth of the frame's opening bracket
    const Object *object;
    std::uint32_t index;
    const MatrixList *list;
    const Row *next;
  };

  char *reserve(std::size_t k) {
    if (n_ + k > s_.size()) s_.resize(std::max(s_.size() * 2, n_ + k + 4096));
    return s_.data() + n_;
  }
  void put(char c) {
    *reserve(1) = c;
    ++n_;
  }
  void put(std::string_view v) {
    std::memcpy(reserve(v.size()), v.data(), v.size());
    n_ += v.size();
  }
  void nl(int depth) {
    if (!pretty_) return;
    char *p = reserve(1 + 2 * static_cast<std::size_t>(depth));
    *p++ = '\n';
    std::memset(p, ' ', 2 * static_cast<std::size_t>(depth));
    n_ += 1 + 2 * static_cast<std::size_t>(depth);
  }
  // Keys are key or type tokens: nothing to escape.
  void key(std::string_view k) {
    char *p = reserve(k.size() + 4);
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p += k.size();
    *p++ = '"';
    *p++ = ':';
    if (pretty_) *p++ = ' ';
    n_ = static_cast<std::size_t>(p - s_.data());
  }
  void string(std::string_view v);
  void scalar(const Value &v);
  void tensor(const Tensor &t);
  void open_list(const MatrixList *l, int depth, bool wrapper);
  void step_list(Frame &f);

  std::string &s_;
  std::size_t n_;
  bool pretty_, meta_;
  std::vector<Frame> stack_;
};

void Writer::string(std::string_view v) {
  char *p = reserve(v.size() * 6 + 2);  // worst case: every byte as \u00XX
  *p++ = '"';
  const auto *b = reinterpret_cast<const unsigned char *>(v.data());
  const auto *e = b + v.size();
  while (b < e) {
    const unsigned char *run = b;
    while (b < e && !kEsc.kind[*b]) ++b;
    std::size_t len = static_cast<std::size_t>(b - run);
    std::memcpy(p, run, len);
    p += len;
    if (b == e) break;
    unsigned char c = *b++;
    *p++ = '\\';
    if (kEsc.kind[c] == 1) {
      *p++ = kEsc.short_form[c];
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
  n_ = static_cast<std::size_t>(p - s_.data());
}

void Writer::tensor(const Tensor &t) {
  std::size_t nd = t.shape.size();
  std::vector<std::uint32_t> idx(nd, 0);
  for (std::size_t k = 0; k < nd; ++k) put('[');
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    char *p = reserve(40);
    n_ = static_cast<std::size_t>(detail::format_double(p, t.data[i]) - s_.data());
    // Advance the multi-index from the innermost dimension; close and reopen brackets.
    std::size_t d = nd;
    std::size_t closed = 0;
    while (d > 0) {
      --d;
      if (++idx[d] < t.shape[d]) break;
      idx[d] = 0;
      ++closed;
    }
    for (std::size_t k = 0; k < closed; ++k) put(']');
    if (i + 1 < t.data.size()) {
      put(',');
      if (pretty_) put(' ');
      for (std::size_t k = 0; k < closed; ++k) put('[');
    }
  }
}

void Writer::scalar(const Value &v) {
  switch (v.kind()) {
    case ValueKind::Null: put("null"); return;
    case ValueKind::Bool: put(v.as_bool() ? std::string_view("true") : std::string_view("false")); return;
    case ValueKind::Int: {
      char *p = reserve(24);
      n_ = static_cast<std::size_t>(detail::format_int(p, v.as_int()) - s_.data());
      return;
    }
    case ValueKind::Float: {
      char *p = reserve(40);
      n_ = static_cast<std::size_t>(detail::format_double(p, v.as_float()) - s_.data());
      return;
    }
    case ValueKind::String:
    case ValueKind::Expression: string(v.as_string()); return;
    case ValueKind::Reference:
      put(pretty_ ? std::string_view("{\"@ref\": \"@") : std::string_view("{\"@ref\":\"@"));
      put(v.reference_text());  // type and ID tokens need no escaping
      put("\"}");
      return;
    case ValueKind::Tensor: tensor(v.as_tensor()); return;
  }
}

void Writer::open_list(const MatrixList *l, int depth, bool wrapper) {
  if (wrapper) {
    put('{');
    nl(depth + 1);
    key("__type__");
    string(l->type_name());
    put(',');
    nl(depth + 1);
    key("__schema__");
    put('[');
    const auto &cols = l->schema->columns;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (c) put(pretty_ ? std::string_view(", ") : std::string_view(","));
      string(cols[c]);
    }
    put(']');
    put(',');
    nl(depth + 1);
    key("items");
    ++depth;
  }
  put('[');
  stack_.push_back(Frame{true, wrapper, false, false, depth, nullptr, 0, l, l->head});
}

void Writer::step_list(Frame &f) {
  int row_depth = f.depth + 1;
  if (f.row_open) {
    nl(row_depth);
    put('}');
    f.row_open = false;
  }
  if (!f.next) {
    if (f.any) nl(f.depth);
    put(']');
    if (f.wrapper) {
      nl(f.depth - 1);
      put('}');
    }
    stack_.pop_back();
    return;
  }
  const Row *r = f.next;
  f.next = r->next;
  if (f.any) put(',');
  f.any = true;
  nl(row_depth);
  put('{');
  const Schema *schema = f.list->schema;
  auto cells = r->cells(schema->columns.size());
  bool first = true;
  if (meta_) {
    nl(row_depth + 1);
    key("__type__");
    string(schema->type_name);
    first = false;
  }
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (!first) put(',');
    first = false;
    nl(row_depth + 1);
    key(schema->columns[c]);
    scalar(cells[c]);
  }
  if (r->children && r->children->count) {
    if (!first) put(',');
    nl(row_depth + 1);
    key(r->children->type_name());
    f.row_open = true;
    open_list(r->children, row_depth + 1, false);  // may reallocate stack_: f is not used after this
    return;
  }
  nl(row_depth);
  put('}');
}

void Writer::document(const Document &doc) {
  reserve(doc.source().size() + 64);
  put('{');
  stack_.push_back(Frame{false, false, false, false, 0, &doc.root(), 0, nullptr, nullptr});
  while (!stack_.empty()) {
    Frame &f = stack_.back();
    if (f.is_list) {
      step_list(f);
      continue;
    }
    if (f.index == f.object->count) {
      if (f.index) nl(f.depth);
      put('}');
      stack_.pop_back();
      continue;
    }
    const Item &it = f.object->items[f.index++];
    int depth = f.depth + 1;
    if (f.index > 1) put(',');
    nl(depth);
    key(it.key);
    switch (it.kind()) {
      case ItemKind::Scalar: scalar(it.value); break;
      case ItemKind::Object:
        put('{');
        stack_.push_back(Frame{false, false, false, false, depth, it.object(), 0, nullptr, nullptr});
        break;
      case ItemKind::List: open_list(it.list(), depth, meta_); break;
    }
  }
}

}  // namespace

void to_json(const Document &doc, const JsonOptions &options, std::string &out) {
  Writer w(out, options);
  w.document(doc);
}

std::string to_json(const Document &doc, const JsonOptions &options) {
  std::string s;
  to_json(doc, options, s);
  return s;
}

}  // namespace hedl
