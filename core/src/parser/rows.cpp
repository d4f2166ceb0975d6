// Matrix rows (§9, §10): the CSV state machine, count hints, ditto,
// cell inference, IDs and %NEST children.
#include <cstring>

#include "parser/parser.hpp"
#include "util/simd.hpp"

namespace hedl::detail {

namespace {

// Bytes that end the fast scan of an unquoted cell.
struct StopTable {
  bool stop[256] = {};
  constexpr StopTable() {
    stop[static_cast<unsigned char>(',')] = true;
    stop[static_cast<unsigned char>('#')] = true;
    stop[static_cast<unsigned char>('"')] = true;
    stop[static_cast<unsigned char>('$')] = true;
  }
};
constexpr StopTable kStop;

// Returns the first byte in [q, e) that ends an unquoted cell's fast scan
// (',' '#' '"' '$'), or e. 16 bytes at a time where SIMD is available.
inline const char *find_stop(const char *q, const char *e) {
  if constexpr (simd::kVectors) {
    while (e - q >= 16) {
      simd::Block v = simd::load(q);
      if (std::uint32_t m = simd::bits(simd::eq(v, ',') | simd::eq(v, '#') | simd::eq(v, '"') | simd::eq(v, '$')))
        return q + simd::first(m);
      q += 16;
    }
  }
  while (q < e && !kStop.stop[static_cast<unsigned char>(*q)]) ++q;
  return q;
}

// Bit i of `commas` / `specials`: byte p[i] is ',' / one of '"' '#' '$' '['
// (the bytes that make a cell more than plain text). 16 bytes at p.
inline void classify16(const char *p, std::uint32_t &commas, std::uint32_t &specials) {
  simd::Block v = simd::load(p);
  commas = simd::bits(simd::eq(v, ','));
  specials = simd::bits(simd::eq(v, '"') | simd::eq(v, '#') | simd::eq(v, '$') | simd::eq(v, '['));
}

}  // namespace

bool Parser::split_plain_row(const char *q, const char *e) {
  if (e - cur_ < 16) return false;  // too short for the 16-byte loads that end at e
  const char *s = q;                // start of the current cell
  bool paren = false;               // a cell starts with '(': a list literal, if the version has them
  auto cell = [&](const char *t) {
    const char *b = s;
    while (b < t && is_space(*b)) ++b;
    while (t > b && is_space(t[-1])) --t;
    paren |= b < t && *b == '(';
    fields_.push_back(Field{b, static_cast<std::uint32_t>(t - b), false, false});
  };
  const char *p = q;
  while (true) {
    std::uint32_t commas, specials;
    std::ptrdiff_t left = e - p;
    if (left >= 16) {
      classify16(p, commas, specials);
    } else {
      // The last bytes: the 16 that end at e (still in this line's buffer),
      // with the bits of bytes before p shifted out.
      if (left <= 0) break;
      auto shift = static_cast<unsigned>(16 - left);
      classify16(e - 16, commas, specials);
      commas >>= shift;
      specials >>= shift;
    }
    if (specials) return false;
    while (commas) {
      const char *comma = p + __builtin_ctz(commas);
      commas &= commas - 1;
      cell(comma);
      s = comma + 1;
    }
    if (left <= 16) break;
    p += 16;
  }
  // A trailing comma (an empty last cell after ','): the general path says so.
  if (!fields_.empty()) {
    const char *t = s;
    while (t < e && is_space(*t)) ++t;
    if (t == e) return false;
  }
  cell(e);
  return !(paren && ext_);
}

bool Parser::split_row(const char *q, const char *e) {
  fields_.clear();
  while (q < e && is_space(*q)) ++q;
  if (q == e || *q == '#') return true;  // a row with no cells
  // Rows without quotes, comments, expressions or tensors: every comma
  // separates two cells, found 16 bytes at a time without per-cell scans.
  if (split_plain_row(q, e)) return true;
  fields_.clear();
  while (true) {
    while (q < e && is_space(*q)) ++q;
    Field f{q, 0, false, false};
    if (q < e && *q == '"') {
      const char *s = ++q;
      bool esc = false;
      while (q < e) {
        char c = *q;
        if (c == '\\' && q + 1 < e) {
          esc = true;
          q += 2;
          continue;
        }
        if (c == '"') {
          if (q + 1 < e && q[1] == '"') {
            esc = true;
            q += 2;
            continue;
          }
          break;
        }
        ++q;
      }
      if (q >= e) return fail_at(ErrorKind::Syntax, s - 1, "unclosed quoted cell: add the closing '\"'");
      f.p = s;
      f.len = static_cast<std::uint32_t>(q - s);
      f.quoted = true;
      f.escaped = esc;
      ++q;
      while (q < e && is_space(*q)) ++q;
      if (q < e && *q != ',' && *q != '#')
        return fail_at(ErrorKind::Syntax, q, "expected ',' after a quoted cell's closing quote");
    } else {
      const char *s = q;
      if (q < e && *q == '(' && ext_) {
        // A list literal: its commas do not split the row.
        const char *r = skip_region(q, e);
        if (!r) return fail_at(ErrorKind::Syntax, q, "unclosed list literal: add the closing ')'");
        q = r;
      } else if (q < e && *q == '[') {
        // D10: commas inside a tensor do not split the row.
        std::size_t depth = 0;
        while (q < e) {
          char c = *q;
          if (c == '[') {
            ++depth;
          } else if (c == ']') {
            if (--depth == 0) {
              ++q;
              break;
            }
          } else if (c == '#') {
            break;
          }
          ++q;
        }
      }
      while ((q = find_stop(q, e)) < e) {
        char c = *q;
        if (c == ',' || c == '#') break;
        if (c == '"')
          return fail_at(ErrorKind::Syntax, q,
                         "quote inside an unquoted cell: quote the whole cell, as in \"say \"\"hi\"\"\"");
        // '$': an expression region keeps its commas and '#'.
        if (q + 1 < e && q[1] == '(') {
          const char *r = scan_expression(q, e);
          if (!r) return fail_at(ErrorKind::Syntax, q, "unclosed expression: add the closing ')'");
          q = r;
        } else {
          ++q;
        }
      }
      const char *t = q;
      while (t > s && is_space(t[-1])) --t;
      f.p = s;
      f.len = static_cast<std::uint32_t>(t - s);
    }
    fields_.push_back(f);
    if (q >= e || *q == '#') return true;
    ++q;  // ','
    const char *r = q;
    while (r < e && is_space(*r)) ++r;
    if (r == e || *r == '#')
      return fail_at(ErrorKind::Syntax, q - 1, "trailing comma in row: write ~ or \"\" for an empty last cell");
  }
}

// A row indented one level under the list's rows: the %NEST children of the
// row before it. Pushes the child list's frame (made on its first row).
bool Parser::enter_child_list(int indent, const char *p) {
  Frame *fr = &stack_.back();
  const Schema *parent = fr->list->schema;
  if (!fr->last_row)
    return fail_at(ErrorKind::OrphanRow, p,
                   "child row before any " + std::string(parent->type_name) + " row to attach to");
  if (!parent->nest_child)
    return fail_at(ErrorKind::OrphanRow, p,
                   "row indented under a " + std::string(parent->type_name) + " row, but there is no '%NEST: " +
                       std::string(parent->type_name) + " > Child' rule; declare one or un-indent the row");
  if (fr->nest_depth + 1 > lim_.max_nest_depth)
    return fail_limit("max_nest_depth", lim_.max_nest_depth, line_no_, "%NEST children nested too deep");
  Row *parent_row = fr->last_row;
  bool multi = parent->nest_children.size() > 1;
  MatrixList *list = nullptr;
  if (!multi) {
    list = child_list_of(parent_row, parent->nest_child, p);
    if (!list) return false;
  }
  Frame child{FrameKind::List,    indent - 1, indent, nullptr, list, list ? const_cast<Row *>(list->tail) : nullptr,
              fr->nest_depth + 1, nullptr};
  child.parent_row = parent_row;
  child.multi = multi;
  stack_.push_back(child);
  return true;
}

// The `|[N]` count hint (§9.6, D12) with `q` at its '['; moves `q` past the ']'.
bool Parser::parse_row_hint(const char *&q, std::int32_t &hint) {
  const char *e = cur_end_;
  const char *h = q++;
  while (q < e && is_space(*q)) ++q;
  std::uint64_t n = 0;
  const char *d = q;
  while (q < e && is_digit(*q)) {
    n = n * 10 + static_cast<unsigned>(*q - '0');
    if (n > 0x7FFFFFFF) return fail_at(ErrorKind::Syntax, h, "count hint too large");
    ++q;
  }
  bool digits = q > d;
  while (q < e && is_space(*q)) ++q;
  if (!digits || q >= e || *q != ']')
    return fail_at(ErrorKind::Syntax, h, "malformed count hint: expected |[N] with N a non-negative number");
  hint = static_cast<std::int32_t>(n);
  ++q;
  return true;
}

// A row with the wrong number of cells: the error names the columns.
bool Parser::fail_shape(const char *p, const Schema *schema) {
  std::size_t ncols = schema->columns.size();
  std::string cols;
  for (std::size_t c = 0; c < ncols; ++c) cols += (c ? ", " : "") + std::string(schema->columns[c]);
  return fail_at(ErrorKind::Shape, p,
                 "expected " + std::to_string(ncols) + " columns (" + cols + ") for " + std::string(schema->type_name) +
                     ", got " + std::to_string(fields_.size()));
}

// The ID registry of a list's type, found (or made) on the list's first row.
IdIndex<Row> *Parser::registry_for(Frame &fr) {
  if (fr.registry) return fr.registry;
  std::string_view type = fr.list->schema->type_name;
  IdIndex<Row> *reg = registries_.find(type);
  if (!reg) {
    auto owned = std::make_unique<IdIndex<Row>>();
    reg = owned.get();
    registries_.insert(type, reg);
    registry_store_.emplace_back(type, std::move(owned));
  }
  fr.registry = reg;
  return reg;
}

bool Parser::parse_row(int indent, const char *p) {
  Frame *fr = &stack_.back();
  if (fr->kind != FrameKind::List)
    return fail_at(ErrorKind::Syntax, p,
                   "matrix row outside a list: rows follow a 'key: @Type' line, indented one level deeper");
  if (indent == fr->row_indent + 1) {
    if (!enter_child_list(indent, p)) return false;
    fr = &stack_.back();
  } else if (indent != fr->row_indent) {
    return fail_at(ErrorKind::Syntax, p,
                   "row indentation: expected " + std::to_string(fr->row_indent * spl_) + " spaces (or " +
                       std::to_string((fr->row_indent + 1) * spl_) + " for a %NEST child row)");
  }
  const char *e = cur_end_;
  const char *q = p + 1;
  while (q < e && is_space(*q)) ++q;
  std::int32_t hint = -1;
  if (q < e && *q == '[') {
    if (v2_)
      return fail_at(ErrorKind::Syntax, q,
                     "v2.0 does not allow inline count hints |[N]: remove it (use a %C header directive for counts)");
    if (!parse_row_hint(q, hint)) return false;
  }
  if (!split_row(q, e)) return false;
  if (fr->multi && !choose_child_list(*fr)) return false;
  if (fr->block_expected >= 0) ++fr->block_rows;
  return build_row(*fr, p, hint);
}

bool Parser::build_row(Frame &frame, const char *p, std::int32_t hint) {
  Frame *fr = &frame;
  const Schema *schema = fr->list->schema;
  std::size_t ncols = schema->columns.size();
  if (fields_.size() != ncols) return fail_shape(p, schema);
  void *mem = doc_.arena.allocate(sizeof(Row) + ncols * sizeof(Value), alignof(Row));
  if (!mem) return fail_at(ErrorKind::OutOfMemory, p, "out of memory");
  Row *row = new (mem) Row();
  row->line = line_no_;
  row->count_hint = hint;
  auto *cells = reinterpret_cast<Value *>(row + 1);
  new (&cells[0]) Value();
  if (v2_) {
    // Ditto is checked first, in every column (upstream's order).
    for (const Field &f : fields_)
      if (!f.quoted && f.len == 1 && f.p[0] == '^')
        return fail_at(ErrorKind::Semantic, f.p,
                       "ditto (^) is not allowed in v2.0 documents: every cell must have an explicit value");
  }
  if (!infer_id(fields_[0], cells[0])) return false;
  IdIndex<Row> *reg = fr->registry ? fr->registry : registry_for(*fr);
  std::uint32_t id_hash = IdIndex<Row>::hash_of(cells[0].as_string());
  reg->prefetch(id_hash);
  for (std::size_t c = 1; c < ncols; ++c) {
    new (&cells[c]) Value();
    if (!infer_cell(fields_[c], c, *fr, cells[c])) return false;
  }
  if (!count_node()) return false;
  if (!queue_id(PendingId{reg, schema, row, id_hash, static_cast<std::uint32_t>(fields_[0].p - cur_ + 1)}))
    return false;
  MatrixList *list = fr->list;
  if (list->tail)
    const_cast<Row *>(list->tail)->next = row;
  else
    list->head = row;
  list->tail = row;
  ++list->count;
  fr->last_row = row;
  return true;
}

bool Parser::insert_id(const PendingId &p) {
  if (const Row *prev = p.registry->insert(p.row, p.hash))
    return fail(ErrorKind::Collision, p.row->line, p.column,
                "duplicate ID '" + std::string(p.row->id().as_string()) + "' in type " +
                    std::string(p.schema->type_name) + " (first defined at line " + std::to_string(prev->line) + ")");
  return true;
}

bool Parser::queue_id(const PendingId &p) {
  // wasm has no prefetch: a late insert would only cost the queueing.
  if constexpr (!simd::kPrefetch) return insert_id(p);
  // IDs enter their registry a few rows late: the slot was prefetched when the
  // row was read, so the insert does not wait on memory.
  if (pending_count_ == kPendingIds) {
    const PendingId &old = pending_ids_[pending_head_];
    if (!insert_id(old)) return false;
    pending_ids_[pending_head_] = p;
    pending_head_ = (pending_head_ + 1) % kPendingIds;
    return true;
  }
  pending_ids_[(pending_head_ + pending_count_) % kPendingIds] = p;
  ++pending_count_;
  return true;
}

bool Parser::flush_ids() {
  while (pending_count_) {
    PendingId p = pending_ids_[pending_head_];
    pending_head_ = (pending_head_ + 1) % kPendingIds;
    --pending_count_;
    if (!insert_id(p)) return false;
  }
  return true;
}

std::string_view Parser::unescape_cell(const Field &f) {
  char *out = static_cast<char *>(doc_.arena.allocate(f.len ? f.len : 1, 1));
  if (!out) return {};
  std::size_t n = 0;
  const char *p = f.p, *e = f.p + f.len;
  while (p < e) {
    char c = *p;
    if (c == '"' && p + 1 < e && p[1] == '"') {
      out[n++] = '"';
      p += 2;
    } else if (c == '\\' && p + 1 < e) {
      char x = p[1];
      char r = x == 'n' ? '\n' : x == 't' ? '\t' : x == 'r' ? '\r' : x == '\\' ? '\\' : x == '"' ? '"' : 0;
      if (r) {
        out[n++] = r;
        p += 2;
      } else {
        out[n++] = c;  // unknown escape: the backslash is literal
        ++p;
      }
    } else {
      out[n++] = c;
      ++p;
    }
  }
  return {out, n};
}

bool Parser::infer_id(const Field &f, Value &out) {
  std::string_view s(f.p, f.len);
  if (f.quoted) {
    if (s.empty()) return fail_at(ErrorKind::Semantic, f.p, "empty ID: the first column needs a non-empty ID");
    out = Value::string(f.escaped ? unescape_cell(f) : s);
    return true;
  }
  if (is_id_token(s) && s != "true" && s != "false") {
    out = Value::string(s);
    return true;
  }
  if (s == "^") return fail_at(ErrorKind::Semantic, f.p, "ditto (^) is not permitted in the ID column");
  if (s == "~") return fail_at(ErrorKind::Semantic, f.p, "null (~) is not permitted in the ID column");
  if (s.empty()) return fail_at(ErrorKind::Semantic, f.p, "empty ID: the first column needs an ID such as item_1");
  if (s.size() > 1 && s[0] == '%' && is_key_token(s.substr(1))) {
    Value v;
    if (!expand_alias(s, f.p, v)) return false;
    if (v.kind() == ValueKind::String && is_id_token(v.as_string())) {
      out = v;
      return true;
    }
    return fail_at(ErrorKind::Semantic, f.p, "alias " + std::string(s) + " does not expand to a valid ID");
  }
  Value v;
  std::string what = "not a valid ID";
  if (s[0] == '@')
    what = "a reference, not an ID";
  else if (s[0] == '[')
    what = "a tensor, not an ID";
  else if (s.size() > 1 && s[0] == '$' && s[1] == '(')
    what = "an expression, not an ID";
  else if (parse_number(s, v) == NumberResult::Int || parse_number(s, v) == NumberResult::Float)
    what = "a number, not a string ID";
  else if (s == "true" || s == "false")
    what = "a boolean, not a string ID";
  return fail_at(
      ErrorKind::Semantic, f.p,
      "invalid ID '" + std::string(s) + "': " + what +
          "; IDs start with a letter or '_' and hold letters, digits, '_' and '-' (quote it for any other text)");
}

bool Parser::infer_cell(const Field &f, std::size_t col, const Frame &fr, Value &out) {
  if (col == 0) return infer_id(f, out);
  if (f.quoted) {
    if (f.len > Value::kMaxLength) return fail_at(ErrorKind::Security, f.p, "cell too long");
    out = Value::string(f.escaped ? unescape_cell(f) : std::string_view(f.p, f.len));
    return true;
  }
  if (f.len == 1 && f.p[0] == '^') {
    if (v2_)
      return fail_at(ErrorKind::Semantic, f.p,
                     "ditto (^) is not allowed in v2.0 documents: every cell must have an explicit value");
    if (!fr.last_row)
      return fail_at(ErrorKind::Semantic, f.p, "ditto (^) in the first row of a list has no previous row to copy");
    out = reinterpret_cast<const Value *>(fr.last_row + 1)[col];
    return true;
  }
  return parse_unquoted(std::string_view(f.p, f.len), f.p, true, fr.list->schema, out);
}

bool Parser::parse_unquoted(std::string_view s, const char *at, bool in_cell, const Schema *ctx, Value &out) {
  if (s.empty()) {
    out = Value::string(s);
    return true;
  }
  if (s.size() > Value::kMaxLength) return fail_at(ErrorKind::Security, at, "value too long");
  if (doc_.null_char != '~' && s.size() == 1) {
    if (s[0] == doc_.null_char) {
      out = Value::null();
      return true;
    }
    if (s[0] == '~') {
      out = Value::string(s);
      return true;
    }
  }
  switch (s[0]) {
    case '(':
      if (ext_) return parse_list(s, at, in_cell, ctx, out);
      break;
    case '~':
      if (s.size() == 1) {
        out = Value::null();
        return true;
      }
      break;
    case '[': {
      const char *why = nullptr, *where = nullptr;
      const void *t = parse_tensor(s, doc_.arena, tensor_scratch_, why, where);
      if (!t)
        return fail_at(ErrorKind::Syntax, where ? where : at,
                       std::string("invalid tensor: ") + why + "; quote the value if it is meant as a string");
      out = Value::packed_tensor(t);
      return true;
    }
    case '@': return parse_reference(s, at, ctx, out);
    case '$':
      if (s.size() > 1 && s[1] == '(') {
        const char *end = scan_expression(s.data(), s.data() + s.size());
        if (!end) return fail_at(ErrorKind::Syntax, at, "unclosed expression: add the closing ')'");
        if (end != s.data() + s.size())
          return fail_at(ErrorKind::Syntax, end,
                         std::string("unexpected text after the expression: a ") + (in_cell ? "cell" : "value") +
                             " starting with '$(' must be one expression (quote it for a string)");
        out = Value::expression(s);
        return true;
      }
      break;
    case '%':
      if (s.size() > 1 && is_key_token(s.substr(1))) return expand_alias(s, at, out);
      break;
    case 't':
      if (s == "true") {
        out = Value::boolean(true);
        return true;
      }
      break;
    case 'f':
      if (s == "false") {
        out = Value::boolean(false);
        return true;
      }
      break;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': {
      NumberResult r = parse_number(s, out);
      if (r == NumberResult::Int || r == NumberResult::Float) return true;
      break;
    }
    default: break;
  }
  out = Value::string(s);
  return true;
}

bool Parser::expand_alias(std::string_view s, const char *at, Value &out) {
  std::uint32_t idx = doc_.alias_map.find(s.substr(1));
  if (!idx)
    return fail_at(ErrorKind::Alias, at,
                   "undefined alias '" + std::string(s) + "': define it with %ALIAS: " + std::string(s) +
                       ": \"...\" or quote the value");
  std::string_view v = doc_.aliases[idx - 1].value;
  if (v == "true") {
    out = Value::boolean(true);
  } else if (v == "false") {
    out = Value::boolean(false);
  } else {
    NumberResult r = parse_number(v, out);
    if (r != NumberResult::Int && r != NumberResult::Float) out = Value::string(v);
  }
  return true;
}

bool Parser::parse_reference(std::string_view s, const char *at, const Schema *ctx, Value &out) {
  std::string_view body = s.substr(1), type, id = body;
  std::size_t colon = body.find(':');
  if (colon != std::string_view::npos) {
    type = body.substr(0, colon);
    id = body.substr(colon + 1);
  }
  if ((colon != std::string_view::npos && !is_type_token(type)) || !is_id_token(id))
    return fail_at(
        ErrorKind::Syntax, at,
        "invalid reference '" + std::string(s) + "': expected @id or @Type:id (quote the value for a string)");
  (void)ctx;  // resolved after the body is read (references.cpp)
  has_refs_ = true;
  out = Value::reference(body, false);
  return true;
}

}  // namespace hedl::detail
