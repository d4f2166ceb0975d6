// Stage 3 (§7, §8, §11.3–§11.5): body lines, the context stack, objects,
// key-values, block strings and list starts.
#include <cstring>

#include "parser/parser.hpp"

namespace hedl::detail {

bool Parser::count_node() {
  if (++nodes_ > lim_.max_nodes) return fail_limit("max_nodes", lim_.max_nodes, line_no_, "too many nodes");
  return true;
}

bool Parser::add_item(Object *obj, std::string_view key, const char *key_at, Item *&out) {
  Scratch &sc = scratch_[stack_.size() - 1];
  std::vector<Item> &items = sc.items;
  std::uint32_t prev = 0;
  if (items.size() >= 16) {
    prev = sc.index.find(key);
  } else {
    for (std::size_t i = 0; i < items.size(); ++i)
      if (items[i].key == key) prev = static_cast<std::uint32_t>(i + 1);
  }
  if (prev)
    return fail_at(ErrorKind::Semantic, key_at,
                   "duplicate key '" + std::string(key) + "' (first defined at line " +
                       std::to_string(items[prev - 1].line) + ")");
  if (items.size() + 1 > lim_.max_object_keys)
    return fail_limit("max_object_keys", lim_.max_object_keys, line_no_, "too many keys in one object");
  if (++total_keys_ > lim_.max_total_keys)
    return fail_limit("max_total_keys", lim_.max_total_keys, line_no_, "too many keys in the document");
  (void)obj;
  items.emplace_back();
  Item *it = &items.back();
  it->key = key;
  it->line = line_no_;
  if (items.size() == 16) {
    for (std::size_t i = 0; i < items.size(); ++i) sc.index.insert(items[i].key, static_cast<std::uint32_t>(i + 1));
  } else if (items.size() > 16) {
    sc.index.insert(key, static_cast<std::uint32_t>(items.size()));
  }
  out = it;
  return true;
}

bool Parser::check_block_count(const Frame &f) {
  if (f.block_expected < 0 || f.block_rows == static_cast<std::uint32_t>(f.block_expected)) return true;
  return fail(ErrorKind::Syntax, f.block_line, static_cast<std::uint32_t>(f.decl_indent * spl_ + 1),
              "child block @" + std::string(f.list->type_name()) + "#" + std::to_string(f.block_expected) +
                  " declares " + std::to_string(f.block_expected) + " rows but has " + std::to_string(f.block_rows) +
                  " (the input may be truncated; fix the count)");
}

bool Parser::pop_frame() {
  Frame &f = stack_.back();
  if (f.kind != FrameKind::List) {
    Scratch &sc = scratch_[stack_.size() - 1];
    Object *obj = f.object;
    std::size_t n = sc.items.size();
    if (n) {
      Item *items = doc_.arena.array<Item>(n);
      if (!items) return fail(ErrorKind::OutOfMemory, line_no_, 0, "out of memory");
      std::memcpy(static_cast<void *>(items), sc.items.data(), n * sizeof(Item));
      obj->items = items;
      obj->count = static_cast<std::uint32_t>(n);
    }
    obj->column = static_cast<std::uint32_t>((f.indent + 1) * spl_ + 1);
    sc.items.clear();
    if (n >= 16) sc.index.clear();
  } else if (f.block_expected >= 0 && !check_block_count(f)) {
    return false;
  }
  stack_.pop_back();
  return true;
}

bool Parser::parse_body() {
  stack_.clear();
  stack_.push_back(Frame{FrameKind::Root, -1, 0, &doc_.root, nullptr, nullptr, 0, nullptr});
  scratch_.resize(1);
  while (next_line()) {
    const char *p = cur_, *e = cur_end_;
    while (p < e && *p == ' ') ++p;
    if (p == e) continue;
    if (*p == '\t') {
      const char *q = p;
      while (q < e && is_space(*q)) ++q;
      if (q == e) continue;  // a line of spaces and tabs is blank
      if (*q == '#') continue;
      return fail_at(ErrorKind::Syntax, p,
                     ext_ ? "tab in indentation: indent with one space per level"
                          : "tab in indentation: indent with two spaces per level");
    }
    if (*p == '#') continue;  // full-line comments may stand at any indentation
    std::size_t spaces = static_cast<std::size_t>(p - cur_);
    if (!ext_ && spaces % 2)
      return fail_at(ErrorKind::Syntax, p,
                     "odd indentation (" + std::to_string(spaces) + " spaces): indent with two spaces per level");
    std::size_t level = spaces / static_cast<std::size_t>(spl_);
    int indent = static_cast<int>(level);
    if (level > lim_.max_indent_depth)
      return fail_limit("max_indent_depth", lim_.max_indent_depth, line_no_,
                        "line is indented " + std::to_string(level) + " levels");
    if (e - p >= 3 && std::memcmp(p, "---", 3) == 0)
      return fail_at(ErrorKind::Syntax, p, "a second '---' separator: a document has exactly one");
    // Pop frames this line has left (§11.4).
    bool decl = *p == '@' && ext_;
    while (true) {
      Frame &top = stack_.back();
      if (top.kind == FrameKind::List) {
        if (top.row_indent < 0) {
          // An expanded block before its first row: rows at its declaration's
          // indent or one deeper fix the layout; anything else ends it.
          if (*p == '|' && (indent == top.decl_indent || indent == top.decl_indent + 1)) {
            top.row_indent = indent;
            break;
          }
        } else if (!(indent < top.row_indent || (decl && top.nest_depth > 0 && indent <= top.row_indent))) {
          break;
        }
      } else if (!(top.kind == FrameKind::Object && indent <= top.indent)) {
        break;
      }
      if (!pop_frame()) return false;
    }
    bool ok = *p == '|' ? parse_row(indent, p) : decl ? parse_block(indent, p) : parse_statement(indent, p);
    if (!ok) {
      // A duplicate ID still queued stood on an earlier line: it is the first error.
      Error later = std::move(err_);
      if (!flush_ids()) return false;
      err_ = std::move(later);
      return false;
    }
  }
  while (!stack_.empty())
    if (!pop_frame()) return false;
  return flush_ids();
}

// Why a key line's key did not read (cold: only for bad input).
bool Parser::fail_key(const char *p, const char *k, std::string_view key) {
  const char *e = cur_end_;
  if (k < e && (*k == ' ' || *k == '\t') && !key.empty()) {
    const char *q = k;
    while (q < e && is_space(*q)) ++q;
    if (q < e && *q == ':')
      return fail_at(ErrorKind::Syntax, k, "space before ':' after key '" + std::string(key) + "'");
  }
  std::string_view line = trim(std::string_view(p, static_cast<std::size_t>(e - p)));
  if (line.find(':') == std::string_view::npos)
    return fail_at(ErrorKind::Syntax, p, "expected 'key: value', 'key:' or 'key: @Type' (no ':' on this line)");
  return fail_at(
      ErrorKind::Syntax, p,
      "invalid key: keys are lowercase letters, digits and '_' (like user_name), starting with a letter or '_'");
}

// Upstream's count hint `key(N): @Type` (D17), with `k` at its '('. Moves
// `k` to the ':' after it.
bool Parser::parse_count_hint(const char *&k, std::int32_t &hint) {
  const char *e = cur_end_;
  const char *q = k + 1;
  std::uint64_t n = 0;
  while (q < e && is_digit(*q)) {
    n = n * 10 + static_cast<unsigned>(*q - '0');
    if (n > 0x7FFFFFFF) return fail_at(ErrorKind::Syntax, k, "count hint too large");
    ++q;
  }
  if (q == k + 1 || q >= e || *q != ')')
    return fail_at(ErrorKind::Syntax, k, "malformed count hint: expected key(N): @Type with N a positive number");
  if (n == 0) return fail_at(ErrorKind::Syntax, k, "count hint must be a positive number");
  hint = static_cast<std::int32_t>(n);
  k = q + 1;
  if (k >= e || *k != ':') return fail_at(ErrorKind::Syntax, k, "expected ':' after the count hint");
  return true;
}

bool Parser::parse_statement(int indent, const char *p) {
  const char *e = cur_end_;
  Frame &top = stack_.back();
  if (top.kind == FrameKind::List)
    return fail_at(ErrorKind::Syntax, p,
                   "expected a matrix row ('|...') inside the " + std::string(top.list->type_name()) +
                       " list; a key here must be indented like the list's own key");
  if (indent != top.indent + 1)
    return fail_at(ErrorKind::Syntax, p,
                   "unexpected indentation: expected " + std::to_string((top.indent + 1) * spl_) + " spaces, found " +
                       std::to_string(p - cur_));
  const char *k = p;
  if (k < e && is_lower_start(*k)) {
    ++k;
    while (k < e && is_key_char(*k)) ++k;
  }
  Statement st{indent, p, std::string_view(p, static_cast<std::size_t>(k - p)), top.object, -1, nullptr};
  if (st.key.empty() || k == e || (*k != ':' && *k != '(')) return fail_key(p, k, st.key);
  if (*k == '(') {
    st.hint_at = k;
    if (!parse_count_hint(k, st.hint)) return false;
  }
  const char *v = k + 1;  // after ':'
  const char *q = v;
  while (q < e && is_space(*q)) ++q;
  if (q == e || *q == '#') return start_object(st);
  bool spaced = *v == ' ';
  if (!spaced && !ext_) return fail_at(ErrorKind::Syntax, v, "missing space after ':' (write 'key: value')");
  std::string_view value(q, static_cast<std::size_t>(e - q));
  // Matrix list start: `@TypeName` or `@TypeName[cols]`, then only a comment
  // (HEDL 1.1+ also takes `key:@TypeName`).
  if (value.size() >= 2 && value[0] == '@' && is_upper(value[1])) {
    std::size_t i = 2;
    while (i < value.size() && is_alnum(value[i])) ++i;
    std::string_view rest = value.substr(i);
    if (rest.empty() || rest[0] == '[' || is_space(rest[0]) || rest[0] == '#')
      return start_list(st, value.substr(1, i - 1), rest);
  }
  if (!spaced)
    return fail_at(ErrorKind::Syntax, v,
                   "missing space after ':' (write 'key: value'; only a list start 'key:@Type' may omit it)");
  if (st.hint >= 0)
    return fail_at(ErrorKind::Syntax, st.hint_at, "count hints are only allowed on matrix lists (key(N): @Type)");
  // The item is added first: a block string moves the cursor past its lines.
  Item *it;
  if (!add_item(st.object, st.key, st.key_at, it) || !count_node()) return false;
  return parse_kv_value(value, indent, it->value);
}

// `key:` (then only a comment): an object whose keys follow, indented.
bool Parser::start_object(const Statement &st) {
  if (st.hint >= 0)
    return fail_at(ErrorKind::Syntax, st.hint_at, "count hints are only allowed on matrix lists (key(N): @Type)");
  auto *child = doc_.arena.make<Object>();
  if (!child) return fail_at(ErrorKind::OutOfMemory, st.key_at, "out of memory");
  Item *it;
  if (!add_item(st.object, st.key, st.key_at, it) || !count_node()) return false;
  it->set_object(child);
  stack_.push_back(Frame{FrameKind::Object, st.indent, 0, child, nullptr, nullptr, 0, nullptr});
  if (scratch_.size() < stack_.size()) scratch_.resize(stack_.size());
  return true;
}

// `key: @Type` or `key: @Type[cols]` (`rest` is what follows the type): a
// matrix list whose rows follow, with its schema checked or made here.
bool Parser::start_list(const Statement &st, std::string_view type, std::string_view rest) {
  std::string_view cols_text;
  if (!rest.empty() && rest[0] == '[') {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos)
      return fail_at(ErrorKind::Syntax, rest.data(), "unclosed inline schema: expected @Type[col1, col2]");
    cols_text = rest.substr(0, close + 1);
    rest.remove_prefix(close + 1);
  }
  std::string_view tail = trim(rest);
  if (!tail.empty() && tail[0] != '#')
    return fail_at(ErrorKind::Syntax, tail.data(), "unexpected text after the list type");
  const Schema *schema = doc_.schema_map.find(type);
  if (!cols_text.empty()) {
    std::vector<std::string_view> cols;
    if (!parse_columns(cols_text, cols_text.data(), cols)) return false;
    if (schema) {
      bool same = schema->columns.size() == cols.size();
      for (std::size_t c = 0; same && c < cols.size(); ++c) same = schema->columns[c] == cols[c];
      if (!same)
        return fail_at(ErrorKind::Schema, cols_text.data(),
                       "inline schema for '" + std::string(type) + "' does not match its %STRUCT (line " +
                           std::to_string(schema->line) + ")");
    } else {
      // An inline schema of an undeclared type holds for this list only.
      schema = make_schema(type, cols, false);
      if (!schema) return fail_at(ErrorKind::OutOfMemory, st.key_at, "out of memory");
    }
  } else if (!schema) {
    return fail_at(ErrorKind::Schema, type.data() - 1,
                   "unknown type '" + std::string(type) + "': declare it with %STRUCT: " + std::string(type) +
                       ": [id, ...] or give columns inline as @" + std::string(type) + "[id, ...]");
  }
  auto *list = doc_.arena.make<MatrixList>();
  if (!list) return fail_at(ErrorKind::OutOfMemory, st.key_at, "out of memory");
  list->schema = schema;
  list->line = line_no_;
  list->column = static_cast<std::uint32_t>((st.indent + 1) * spl_ + 1);
  list->count_hint = st.hint;
  Item *it;
  if (!add_item(st.object, st.key, st.key_at, it)) return false;
  it->set_list(list);
  stack_.push_back(Frame{FrameKind::List, st.indent, st.indent + 1, nullptr, list, nullptr, 0, nullptr});
  return true;
}

bool Parser::parse_kv_value(std::string_view v, int indent, Value &out) {
  const char *at = v.data();
  if (v.size() >= 3 && std::memcmp(v.data(), "\"\"\"", 3) == 0) return parse_block_string(v.data() + 3, indent, out);
  if (v[0] == '"') {
    bool escaped;
    std::size_t k = find_closing_quote(v, escaped);
    if (k >= v.size())
      return fail_at(
          ErrorKind::Syntax, at,
          "unclosed quoted string: add the closing '\"' (strings cannot span lines; use \"\"\" for multi-line text)");
    std::string_view tail = trim(v.substr(k + 1));
    if (!tail.empty() && tail[0] != '#')
      return fail_at(ErrorKind::Syntax, tail.data(), "unexpected text after the closing quote");
    std::string_view inner = v.substr(1, k - 1);
    if (inner.size() > Value::kMaxLength) return fail_at(ErrorKind::Security, at, "string too long");
    out = Value::string(escaped ? unescape_kv(inner) : inner);
    return true;
  }
  if (v.size() >= 2 && v[0] == '$' && v[1] == '(') {
    const char *end = scan_expression(v.data(), v.data() + v.size());
    if (!end)
      return fail_at(ErrorKind::Syntax, at, "unclosed expression: add the closing ')' (expressions stay on one line)");
    std::string_view tail = trim(std::string_view(end, static_cast<std::size_t>(v.data() + v.size() - end)));
    if (!tail.empty() && tail[0] != '#')
      return fail_at(ErrorKind::Syntax, tail.data(),
                     "unexpected text after the expression: a value starting with '$(' must be one expression (quote "
                     "it for a string)");
    std::string_view expr(v.data(), static_cast<std::size_t>(end - v.data()));
    if (expr.size() > Value::kMaxLength) return fail_at(ErrorKind::Security, at, "expression too long");
    out = Value::expression(expr);
    return true;
  }
  std::string_view s = trim_right(v.substr(0, find_comment(v)));
  if (v[0] == '(' && ext_) return parse_list(s, at, false, nullptr, out);
  return parse_unquoted(s, at, false, nullptr, out);
}

bool Parser::parse_block_string(const char *after, int indent, Value &out) {
  std::uint32_t open_line = line_no_;
  const char *open_at = after - 3;
  std::string_view rest = trim(std::string_view(after, static_cast<std::size_t>(cur_end_ - after)));
  if (!rest.empty() && rest[0] != '#')
    return fail_at(ErrorKind::Syntax, after,
                   "text after the opening \"\"\": a block string starts on the next line (use \"...\" for one line)");
  std::size_t base = static_cast<std::size_t>(indent) * static_cast<std::size_t>(spl_);
  // First pass: find the closing line and the size of the value.
  const char *save_pos = pos_;
  std::uint32_t save_line = line_no_;
  const char *save_cur = cur_, *save_cur_end = cur_end_;
  std::size_t total = 0;
  std::size_t nlines = 0;
  bool closed = false;
  while (next_line()) {
    std::string_view line(cur_, static_cast<std::size_t>(cur_end_ - cur_));
    std::string_view t = line;
    while (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    if (t.size() >= 3 && t.substr(0, 3) == "\"\"\"") {
      std::string_view after_close = trim(t.substr(3));
      if (after_close.empty() || after_close[0] == '#') {
        closed = true;
        break;
      }
    }
    std::size_t n = line.size();
    if (line.size() >= base && line.find_first_not_of(' ') >= base)
      n -= base;
    else
      n = t.size();
    total += n + (nlines ? 1 : 0);
    ++nlines;
    if (total > lim_.max_block_string_size)
      return fail_limit("max_block_string_size", lim_.max_block_string_size, open_line, "block string is larger");
  }
  if (!closed) {
    line_no_ = open_line;
    cur_ = save_cur;
    cur_end_ = save_cur_end;
    return fail_at(ErrorKind::Syntax, open_at, "unclosed block string: add a line with only \"\"\" to close it");
  }
  if (total > Value::kMaxLength) return fail(ErrorKind::Security, open_line, 0, "block string too long");
  // Second pass: copy the content lines, each minus the key line's indentation.
  std::uint32_t close_line = line_no_;
  const char *close_pos = pos_;
  const char *close_cur = cur_, *close_cur_end = cur_end_;
  pos_ = save_pos;
  line_no_ = save_line;
  char *buf = static_cast<char *>(doc_.arena.allocate(total ? total : 1, 1));
  if (!buf) return fail(ErrorKind::OutOfMemory, open_line, 0, "out of memory");
  std::size_t w = 0;
  for (std::size_t i = 0; i < nlines; ++i) {
    next_line();
    std::string_view line(cur_, static_cast<std::size_t>(cur_end_ - cur_));
    std::string_view t = line;
    if (line.size() >= base && line.find_first_not_of(' ') >= base)
      t.remove_prefix(base);
    else
      while (!t.empty() && t[0] == ' ') t.remove_prefix(1);
    if (i) buf[w++] = '\n';
    std::memcpy(buf + w, t.data(), t.size());
    w += t.size();
  }
  pos_ = close_pos;
  line_no_ = close_line;
  cur_ = close_cur;
  cur_end_ = close_cur_end;
  out = Value::string(std::string_view(buf, w));
  return true;
}

}  // namespace hedl::detail
