// HEDL 1.1+ additions to the body (§9.7, SPEC-2.0 §4.6.9, docs/format.md
// "HEDL 2.0"): `@Type#N:` child blocks, several child types per parent, and
// list literals. Off the 1.0 hot path, so compiled for size in wasm.
#include <cstring>

#include "parser/parser.hpp"

namespace hedl::detail {

const char *skip_region(const char *q, const char *e) noexcept {
  char c = *q;
  if (c == '"') {
    ++q;
    while (q < e) {
      if (*q == '"') {
        if (q + 1 < e && q[1] == '"') {
          q += 2;
          continue;
        }
        return q + 1;
      }
      if (*q == '\\' && q + 1 < e) ++q;
      ++q;
    }
    return nullptr;
  }
  if (c == '$') return scan_expression(q, e);
  char open = c, close = c == '[' ? ']' : ')';
  std::size_t depth = 0;
  while (q < e) {
    char d = *q;
    if (d == '"') {  // a quoted element: `""` is its only escape
      bool escaped;
      std::size_t k = find_closing_quote(std::string_view(q, static_cast<std::size_t>(e - q)), escaped);
      if (q + k >= e) return nullptr;
      q += k + 1;
      continue;
    }
    if (d == open) {
      ++depth;
    } else if (d == close) {
      if (--depth == 0) return q + 1;
    }
    ++q;
  }
  return nullptr;
}

// The child list of `type` on `parent_row`, made (and chained after the
// row's other child lists) when the row has none yet.
MatrixList *Parser::child_list_of(Row *parent_row, const Schema *type, const char *p) {
  const MatrixList *last = nullptr;
  for (const MatrixList *l = parent_row->children; l; l = l->next_sibling) {
    if (l->schema == type) return const_cast<MatrixList *>(l);
    last = l;
  }
  auto *list = doc_.arena.make<MatrixList>();
  if (!list) {
    fail_at(ErrorKind::OutOfMemory, p, "out of memory");
    return nullptr;
  }
  list->schema = type;
  list->line = line_no_;
  list->column = static_cast<std::uint32_t>(p - cur_ + 1);
  if (last)
    const_cast<MatrixList *>(last)->next_sibling = list;
  else
    parent_row->children = list;
  return list;
}

// Several child types under one parent (HEDL 2.0): a plain row's type is the
// first declared child type with as many columns as the row has cells.
bool Parser::choose_child_list(Frame &fr) {
  // The parent row's type is the frame below's list type.
  const Frame &below = stack_[stack_.size() - 2];
  const Schema *ptype = below.list->schema;
  const Schema *pick = ptype->nest_children[0];
  if (doc_.plain_multi_child_lines.size() < 1000) doc_.plain_multi_child_lines.push_back(line_no_);
  for (const Schema *c : ptype->nest_children)
    if (c->columns.size() == fields_.size()) {
      pick = c;
      break;
    }
  if (fr.list && fr.list->schema == pick) return true;
  MatrixList *list = child_list_of(fr.parent_row, pick, cur_ + fr.row_indent * spl_);
  if (!list) return false;
  fr.list = list;
  fr.last_row = const_cast<Row *>(list->tail);
  fr.registry = nullptr;
  return true;
}

// `@Type#N:` (HEDL 1.1+, §9.7): a block of N child rows of Type under the row
// before it, inline (`@Type#N:|a,b|c,d`) or expanded (the rows follow).
bool Parser::parse_block(int indent, const char *p) {
  const char *e = cur_end_;
  const char *q = p + 1;
  const char *type_at = q;
  while (q < e && is_alnum(*q)) ++q;
  std::string_view type(type_at, static_cast<std::size_t>(q - type_at));
  if (!is_type_token(type) || q >= e || *q != '#')
    return fail_at(ErrorKind::Syntax, p, "expected a child block '@Type#N:' (a type name, '#', the row count, ':')");
  const char *n_at = ++q;
  std::uint64_t n = 0;
  while (q < e && is_digit(*q)) {
    n = n * 10 + static_cast<unsigned>(*q - '0');
    if (n > 0x7FFFFFFF) return fail_at(ErrorKind::Syntax, n_at, "child block count too large");
    ++q;
  }
  if (q == n_at || q >= e || *q != ':')
    return fail_at(ErrorKind::Syntax, n_at, "expected the row count and ':' in '@" + std::string(type) + "#N:'");
  ++q;
  Frame *fr = &stack_.back();
  if (fr->kind != FrameKind::List)
    return fail_at(ErrorKind::Syntax, p,
                   "child block '@" + std::string(type) + "#N:' outside a list: it goes under a row");
  if (indent != fr->row_indent + 1) {
    if (indent == fr->row_indent && !fr->last_row)
      return fail_at(ErrorKind::OrphanRow, p,
                     "child block before any " + std::string(fr->list->type_name()) + " row to attach to");
    return fail_at(ErrorKind::Syntax, p,
                   "child block indentation: it goes one level deeper than its parent row (expected " +
                       std::to_string((fr->row_indent + 1) * spl_) + " spaces)");
  }
  const Schema *parent = fr->list->schema;
  if (!fr->last_row)
    return fail_at(ErrorKind::OrphanRow, p,
                   "child block before any " + std::string(parent->type_name) + " row to attach to");
  const Schema *child = doc_.schema_map.find(type);
  if (!child)
    return fail_at(ErrorKind::Schema, type_at,
                   "unknown child type '" + std::string(type) + "': declare it with %S:" + std::string(type) +
                       ":[id,...] and %N:" + std::string(parent->type_name) + ">" + std::string(type));
  bool nested = false;
  for (const Schema *c : parent->nest_children) nested |= c == child;
  if (!nested)
    return fail_at(ErrorKind::Schema, type_at,
                   "no %N rule for " + std::string(parent->type_name) + " > " + std::string(type) +
                       ": add %N:" + std::string(parent->type_name) + ">" + std::string(type));
  if (fr->nest_depth + 1 > lim_.max_nest_depth)
    return fail_limit("max_nest_depth", lim_.max_nest_depth, line_no_, "%NEST children nested too deep");
  Row *parent_row = fr->last_row;
  MatrixList *list = child_list_of(parent_row, child, p);
  if (!list) return false;
  Frame block{FrameKind::List,    indent - 1, -1, nullptr, list, const_cast<Row *>(list->tail),
              fr->nest_depth + 1, nullptr};
  block.parent_row = parent_row;
  block.block_expected = static_cast<std::int32_t>(n);
  block.block_line = line_no_;
  block.decl_indent = indent;
  while (q < e && is_space(*q)) ++q;
  if (q == e || *q == '#') {  // expanded: the rows follow
    stack_.push_back(block);
    return true;
  }
  if (*q != '|')
    return fail_at(ErrorKind::Syntax, q,
                   "expected '|' after '@" + std::string(type) + "#N:' (or the rows on the next lines)");
  // Inline: children separated by '|' outside quoted cells, tensors, lists
  // and expressions, each recognised where the row splitter sees one: a
  // quote, '[' or '(' that starts a cell, and `$(` anywhere (`a[1` is text).
  std::uint32_t found = 0;
  block.row_indent = indent;
  while (q < e && *q == '|') {
    const char *s = q + 1;
    const char *r = s;
    bool cell_start = true;
    while (r < e && *r != '|' && *r != '#') {
      char ch = *r;
      if (cell_start && is_space(ch)) {
        ++r;
        continue;
      }
      bool region = (cell_start && (ch == '"' || ch == '[' || ch == '(')) || (ch == '$' && r + 1 < e && r[1] == '(');
      cell_start = ch == ',';
      if (!region) {
        ++r;
        continue;
      }
      const char *t = skip_region(r, e);
      if (!t) break;  // unclosed: the row splitter reports it
      r = t;
    }
    const char *c = s;
    while (c < r && is_space(*c)) ++c;
    if (!split_row(c, r)) return false;
    if (fields_.empty())
      return fail_at(ErrorKind::Syntax, s, "empty inline child: write its cells between the '|' separators");
    ++found;
    if (!build_row(block, s, -1)) return false;
    q = r;
  }
  if (q < e && *q != '#') return fail_at(ErrorKind::Syntax, q, "unexpected text after the inline children");
  if (found != n)
    return fail_at(ErrorKind::Syntax, p,
                   "inline child block @" + std::string(type) + "#" + std::to_string(n) + " has " +
                       std::to_string(found) + " children: the count must match");
  return true;
}

// A list literal `(a, b, ...)` (HEDL 1.1+): scalars separated by commas,
// no nesting, nothing after the ')'.
bool Parser::parse_list(std::string_view s, const char *at, bool in_cell, const Schema *ctx, Value &out) {
  const char *p = s.data() + 1, *e = s.data() + s.size();
  auto bad = [&](const char *where, const std::string &why) {
    return fail_at(ErrorKind::Syntax, where, "invalid list literal: " + why);
  };
  std::size_t base = list_scratch_.size();  // elements of this list (the scratch is shared, never nested)
  list_scratch_.resize(base);
  while (p < e && is_space(*p)) ++p;
  bool closed = false;
  if (p < e && *p == ')') {
    ++p;
    closed = true;
  }
  while (!closed) {
    while (p < e && is_space(*p)) ++p;
    if (p >= e) return bad(at, "missing the closing ')'");
    Value v;
    if (*p == ',' || *p == ')') return bad(p, "empty element (write ~ for null or \"\" for an empty string)");
    if (*p == '(') return bad(p, "lists cannot be nested");
    if (*p == '"') {
      std::string_view rest(p, static_cast<std::size_t>(e - p));
      bool escaped;
      std::size_t k = find_closing_quote(rest, escaped);
      if (k >= rest.size()) return bad(p, "unclosed quoted element");
      std::string_view inner = rest.substr(1, k - 1);
      v = Value::string(escaped ? unescape_kv(inner) : inner);
      p += k + 1;
      while (p < e && is_space(*p)) ++p;
      if (p < e && *p != ',' && *p != ')') return bad(p, "expected ',' or ')' after a quoted element");
    } else {
      const char *b = p;
      while (p < e && *p != ',' && *p != ')') {
        if (*p == '[' || (*p == '$' && p + 1 < e && p[1] == '(')) {
          const char *r = skip_region(p, e);
          if (!r) return bad(p, *p == '[' ? "unclosed tensor" : "unclosed expression");
          p = r;
        } else if (*p == '"') {
          return bad(p, "quote inside an unquoted element: quote the whole element");
        } else if (*p == '(') {
          return bad(p, "lists cannot be nested");
        } else {
          ++p;
        }
      }
      const char *t = p;
      while (t > b && is_space(t[-1])) --t;
      if (!parse_unquoted(std::string_view(b, static_cast<std::size_t>(t - b)), b, in_cell, ctx, v)) return false;
    }
    list_scratch_.push_back(v);
    if (p >= e) return bad(at, "missing the closing ')'");
    if (*p == ')') {
      ++p;
      closed = true;
    } else {
      ++p;  // ','
    }
  }
  while (p < e && is_space(*p)) ++p;
  if (p < e)
    return bad(p, std::string("unexpected text after the list: a ") + (in_cell ? "cell" : "value") +
                      " starting with '(' is one list (quote it for a string)");
  std::size_t n = list_scratch_.size() - base;
  auto *block = static_cast<std::uint32_t *>(doc_.arena.allocate(8 + n * sizeof(Value), 8));
  if (!block) return fail_at(ErrorKind::OutOfMemory, at, "out of memory");
  block[0] = static_cast<std::uint32_t>(n);
  block[1] = 0;
  if (n) std::memcpy(static_cast<void *>(block + 2), list_scratch_.data() + base, n * sizeof(Value));
  list_scratch_.resize(base);
  out = Value::list(block);
  return true;
}

}  // namespace hedl::detail
