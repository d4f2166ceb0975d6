// The JSON writer (D21): one pass over the Document into one growing buffer,
// with an explicit stack so that depth never touches the call stack.
#include <cstring>
#include <vector>

#include "hedl/json.hpp"
#include "model/document_data.hpp"
#include "util/text_writer.hpp"
#include "writers/spelling.hpp"

namespace hedl {

namespace {

class Writer : detail::TextWriter<detail::StringStore> {
 public:
  Writer(std::string &s, const JsonOptions &o)
      : TextWriter(detail::StringStore{s}, s.size()), pretty_(o.pretty), meta_(o.metadata) {}
  ~Writer() { store_.finish(n_); }

  void document(const Document &doc);
  /// One row as an object (a list of it alone, without the brackets).
  void row(const MatrixList &list);
  void value(const Value &v) { scalar(v); }

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
    const MatrixList *child = nullptr;  // list: the row's next child list to write
    bool single = false;                // list: only its first row (row_to_json)
  };

  void nl(int depth) {
    if (!pretty_) return;
    put('\n');
    fill(' ', 2 * static_cast<std::size_t>(depth));
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
    commit(p);
  }
  void string(std::string_view v);
  void scalar(const Value &v);
  void tensor(const Tensor &t);
  void open_list(const MatrixList *l, int depth, bool wrapper);
  void step_list(Frame &f);

  bool pretty_, meta_;
  std::vector<Frame> stack_;
  std::span<const Prompt> prompts_;
};

void Writer::string(std::string_view v) {
  commit(detail::write_json_string(reserve(detail::json_string_room(v.size())), v));
}

void Writer::tensor(const Tensor &t) {
  std::size_t nd = t.shape.size();
  std::vector<std::uint32_t> idx(nd, 0);
  for (std::size_t k = 0; k < nd; ++k) put('[');
  for (std::size_t i = 0; i < t.data.size(); ++i) {
    char *p = reserve(40);
    commit(detail::format_double(p, t.data[i]));
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
      commit(detail::format_int(p, v.as_int()));
      return;
    }
    case ValueKind::Float: {
      char *p = reserve(40);
      commit(detail::format_double(p, v.as_float()));
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
    case ValueKind::List: {
      put('[');
      bool first = true;
      for (const Value &e : v.as_list()) {
        if (!first) put(pretty_ ? std::string_view(", ") : std::string_view(","));
        first = false;
        scalar(e);
      }
      put(']');
      return;
    }
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
  stack_.push_back(Frame{true, wrapper, false, false, depth, nullptr, 0, l, l->head, nullptr});
}

void Writer::step_list(Frame &f) {
  int row_depth = f.depth + 1;
  if (f.row_open) {
    // The open row's next non-empty child list, if any.
    const MatrixList *c = f.child;
    while (c && !c->count) c = c->next_sibling;
    if (c) {
      f.child = c->next_sibling;
      put(',');
      nl(row_depth + 1);
      key(c->type_name());
      open_list(c, row_depth + 1, false);  // may reallocate stack_
      return;
    }
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
  f.next = f.single ? nullptr : r->next;
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
  const MatrixList *c = r->children;
  while (c && !c->count) c = c->next_sibling;
  if (c) {
    if (!first) put(',');
    nl(row_depth + 1);
    key(c->type_name());
    f.row_open = true;
    f.child = c->next_sibling;
    open_list(c, row_depth + 1, false);  // may reallocate stack_: f is not used after this
    return;
  }
  nl(row_depth);
  put('}');
}

void Writer::document(const Document &doc) {
  reserve(doc.source().size() + 64);
  put('{');
  stack_.push_back(Frame{false, false, false, false, 0, &doc.root(), 0, nullptr, nullptr, nullptr});
  if (meta_ && !doc.prompts().empty()) prompts_ = doc.prompts();
  while (!stack_.empty()) {
    Frame &f = stack_.back();
    if (f.is_list) {
      step_list(f);
      continue;
    }
    if (f.index == f.object->count) {
      if (stack_.size() == 1 && !prompts_.empty()) {
        // D21 extension: the %PROMPT lines, in order, with the metadata option.
        if (f.index) put(',');
        nl(1);
        key("_metadata");
        put('{');
        nl(2);
        key("prompts");
        put('[');
        for (std::size_t i = 0; i < prompts_.size(); ++i) {
          if (i) put(pretty_ ? std::string_view(", ") : std::string_view(","));
          string(prompts_[i].text);
        }
        put(']');
        nl(1);
        put('}');
        prompts_ = {};
        nl(0);
        put('}');
        stack_.pop_back();
        continue;
      }
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
        stack_.push_back(Frame{false, false, false, false, depth, it.object(), 0, nullptr, nullptr, nullptr});
        break;
      case ItemKind::List: open_list(it.list(), depth, meta_); break;
    }
  }
}

void Writer::row(const MatrixList &list) {
  stack_.push_back(Frame{true, false, false, false, 0, nullptr, 0, &list, list.head, nullptr, true});
  while (!stack_.empty()) step_list(stack_.back());
}

}  // namespace

void row_to_json(const Row &row, const Schema &schema, const JsonOptions &options, std::string &out) {
  MatrixList alone;
  alone.schema = &schema;
  alone.head = alone.tail = &row;
  alone.count = 1;
  const std::size_t at = out.size();
  {
    Writer w(out, options);
    w.row(alone);
  }
  // The list frame wrote its brackets around the row: keep the row.
  std::size_t open = out.find('{', at), close = out.rfind('}');
  out.erase(close + 1);
  out.erase(at, open - at);
}

void value_to_json(const Value &value, std::string &out) {
  Writer w(out, {});
  w.value(value);
}

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
