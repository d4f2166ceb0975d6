// Stage 2 (§6, §11.2): the header directives up to the `---` separator.
#include <cstring>

#include "parser/parser.hpp"

#include "util/simd.hpp"

namespace hedl::detail {

namespace {

inline const char *find_newline(const char *p, const char *e) { return simd::find_byte(p, e, '\n'); }

}  // namespace

Schema *Parser::make_schema(std::string_view type, const std::vector<std::string_view> &cols, bool declared) {
  auto *s = doc_.arena.make<Schema>();
  auto *arr = doc_.arena.array<std::string_view>(cols.size());
  if (!s || !arr) return nullptr;
  for (std::size_t c = 0; c < cols.size(); ++c) arr[c] = cols[c];
  s->type_name = type;
  s->columns = {arr, cols.size()};
  s->line = line_no_;
  s->declared = declared;
  return s;
}

bool Parser::fail(ErrorKind kind, std::uint32_t line, std::uint32_t col, std::string msg) {
  err_.kind = kind;
  err_.line = line;
  err_.column = col;
  err_.message = std::move(msg);
  return false;
}

bool Parser::fail_at(ErrorKind kind, const char *at, std::string msg) {
  return fail(kind, line_no_, at ? column_of(cur_, at) : 0, std::move(msg));
}

bool Parser::fail_limit(const char *name, std::size_t value, std::uint32_t line, std::string what) {
  return fail(ErrorKind::Security, line, 0,
              std::string("limit ") + name + " (" + std::to_string(value) + ") exceeded: " + what + "; raise " + name +
                  " in the parse limits if this input is trusted");
}

bool Parser::next_line() {
  if (pos_ >= end_) return false;
  cur_ = pos_;
  const char *e = find_newline(pos_, end_);
  pos_ = e < end_ ? e + 1 : end_;
  if (e > cur_ && e[-1] == '\r') --e;
  cur_end_ = e;
  ++line_no_;
  return true;
}

bool Parser::run() {
  const char *begin = doc_.input.get();
  end_ = begin + doc_.input_size;
  if (!preprocess(begin)) return false;
  pos_ = begin;
  if (!parse_header()) return false;
  if (!parse_body()) return false;
  return resolve_references();
}

bool Parser::parse_header() {
  std::uint32_t last_content_line = 1;
  while (next_line()) {
    std::string_view line(cur_, static_cast<std::size_t>(cur_end_ - cur_));
    std::string_view t = trim(line);
    if (t.empty()) continue;
    last_content_line = line_no_;
    if (t[0] == '#') continue;
    if (line[0] == '-') {
      if (line.size() >= 3 && line.substr(0, 3) == "---" &&
          (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '#')) {
        if (!version_seen_)
          return fail(ErrorKind::Syntax, line_no_, 1,
                      "missing %VERSION directive before '---': start the document with '%VERSION: 1.0'");
        return true;
      }
      if (line.find_first_not_of('-') == std::string_view::npos && line.size() < 3)
        return fail(ErrorKind::Syntax, line_no_, 1,
                    "truncated separator '" + std::string(line) + "': the separator is exactly '---'");
      return fail(ErrorKind::Syntax, line_no_, 1,
                  "invalid separator: the separator is exactly '---' (optionally followed by a space or comment)");
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (t.substr(0, 3) == "---")
        return fail(ErrorKind::Syntax, line_no_, 1, "the separator '---' must start at column 1 (no leading spaces)");
      return fail(ErrorKind::Syntax, line_no_, 1, "header directives start at column 1 (no indentation)");
    }
    if (line[0] != '%')
      return fail(ErrorKind::Syntax, line_no_, 1,
                  "expected a header directive (%VERSION, %STRUCT, %ALIAS, %NEST) or the '---' separator");
    std::size_t name_end = 1;
    while (name_end < line.size() && is_upper(line[name_end])) ++name_end;
    std::string_view name = line.substr(1, name_end - 1);
    if (name.empty() || name_end >= line.size() || line[name_end] != ':')
      return fail(ErrorKind::Syntax, line_no_, 1, "malformed directive: expected '%NAME: payload'");
    if (name_end + 1 >= line.size() || line[name_end + 1] != ' ')
      return fail(ErrorKind::Syntax, line_no_, static_cast<std::uint32_t>(name_end + 2),
                  "missing space after ':' in directive %" + std::string(name));
    std::string_view payload = line.substr(name_end + 2);
    payload = trim(payload.substr(0, find_comment(payload)));
    const char *at = payload.data();
    if (name == "VERSION") {
      if (!parse_version(payload, at)) return false;
    } else {
      if (!version_seen_ && early_directive_line_ == 0) early_directive_line_ = line_no_;
      bool ok;
      if (name == "STRUCT")
        ok = parse_struct(payload, at);
      else if (name == "ALIAS")
        ok = parse_alias(payload, at);
      else if (name == "NEST")
        ok = parse_nest(payload, at);
      else
        return fail(ErrorKind::Syntax, line_no_, 1,
                    "unknown directive %" + std::string(name) + ": HEDL 1.0 has %VERSION, %STRUCT, %ALIAS and %NEST");
      if (!ok) return false;
    }
  }
  return fail(
      ErrorKind::Syntax, last_content_line, 0,
      version_seen_
          ? "missing '---' separator after the header (the input may be truncated)"
          : "missing %VERSION directive and '---' separator: start the document with '%VERSION: 1.0' and '---'");
}

bool Parser::parse_version(std::string_view payload, const char *at) {
  if (version_seen_)
    return fail_at(ErrorKind::Syntax, cur_, "duplicate %VERSION directive: a document has exactly one");
  if (early_directive_line_)
    return fail_at(ErrorKind::Syntax, cur_,
                   "%VERSION must be the first directive (a directive stands before it at line " +
                       std::to_string(early_directive_line_) + ")");
  auto read_part = [](std::string_view &s, std::uint32_t &v) {
    if (s.empty() || !is_digit(s[0])) return false;
    if (s[0] == '0' && s.size() > 1 && is_digit(s[1])) return false;  // leading zero
    std::size_t i = 0;
    std::uint64_t x = 0;
    while (i < s.size() && is_digit(s[i])) {
      x = x * 10 + static_cast<unsigned>(s[i] - '0');
      if (x > 0x7FFFFFFFull) return false;  // fits the C API's int
      ++i;
    }
    v = static_cast<std::uint32_t>(x);
    s.remove_prefix(i);
    return true;
  };
  std::string_view s = payload;
  std::uint32_t major = 0, minor = 0;
  bool ok = read_part(s, major) && !s.empty() && s[0] == '.';
  if (ok) {
    s.remove_prefix(1);
    ok = read_part(s, minor) && s.empty();
  }
  if (!ok)
    return fail_at(ErrorKind::Version, at,
                   "invalid version '" + std::string(payload) + "': expected major.minor such as '1.0'");
  if (major != 1)
    return fail_at(ErrorKind::Version, at,
                   "unsupported HEDL version " + std::string(payload) + ": this parser supports 1.x");
  doc_.major = major;
  doc_.minor = minor;
  version_seen_ = true;
  return true;
}

bool Parser::parse_columns(std::string_view list, const char *at, std::vector<std::string_view> &cols) {
  list = trim(list);
  if (list.size() < 2 || list.front() != '[' || list.back() != ']')
    return fail_at(ErrorKind::Syntax, at, "expected a column list such as [id, name]");
  std::string_view inner = list.substr(1, list.size() - 2);
  if (trim(inner).empty())
    return fail_at(ErrorKind::Syntax, at, "empty column list: a schema needs at least one column");
  cols.clear();
  while (true) {
    std::size_t comma = inner.find(',');
    std::string_view part = trim(inner.substr(0, comma));
    if (part.empty()) return fail_at(ErrorKind::Syntax, part.data(), "empty column name in column list (stray comma?)");
    if (!is_key_token(part))
      return fail_at(ErrorKind::Syntax, part.data(),
                     "invalid column name '" + std::string(part) + "': columns are lowercase keys like user_id");
    for (std::string_view c : cols)
      if (c == part) return fail_at(ErrorKind::Schema, part.data(), "duplicate column '" + std::string(part) + "'");
    cols.push_back(part);
    if (cols.size() > lim_.max_columns)
      return fail_limit("max_columns", lim_.max_columns, line_no_, "the schema has more columns");
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  return true;
}

bool Parser::parse_struct(std::string_view payload, const char *at) {
  std::size_t i = 0;
  while (i < payload.size() && is_alnum(payload[i])) ++i;
  std::string_view type = payload.substr(0, i);
  if (!is_type_token(type))
    return fail_at(ErrorKind::Syntax, at,
                   "invalid type name '" + std::string(type) + "': type names are PascalCase like User");
  std::string_view rest = payload.substr(i);
  std::size_t j = 0;
  while (j < rest.size() && rest[j] == ' ') ++j;
  if (j < rest.size() && rest[j] == '(') {  // upstream's `%STRUCT: T (N): [...]`; N is informational
    std::size_t k = j + 1;
    while (k < rest.size() && is_digit(rest[k])) ++k;
    if (k == j + 1 || k >= rest.size() || rest[k] != ')')
      return fail_at(ErrorKind::Syntax, rest.data() + j, "malformed count in %STRUCT: expected (N) with N a number");
    j = k + 1;
  }
  rest.remove_prefix(j);
  if (rest.empty() || rest[0] != ':')
    return fail_at(ErrorKind::Syntax, rest.data(), "expected ':' after the type name in %STRUCT: T: [columns]");
  rest.remove_prefix(1);
  std::vector<std::string_view> cols;
  if (!parse_columns(rest, rest.data(), cols)) return false;
  if (Schema *old = doc_.schema_map.find(type)) {
    bool same = old->columns.size() == cols.size();
    for (std::size_t c = 0; same && c < cols.size(); ++c) same = old->columns[c] == cols[c];
    if (!same)
      return fail_at(ErrorKind::Schema, at,
                     "struct '" + std::string(type) + "' is already defined with different columns (line " +
                         std::to_string(old->line) + ")");
    return true;
  }
  Schema *s = make_schema(type, cols, true);
  if (!s) return fail_at(ErrorKind::OutOfMemory, at, "out of memory");
  doc_.schema_map.insert(type, s);
  doc_.schemas.push_back(s);
  return true;
}

bool Parser::parse_alias(std::string_view payload, const char *at) {
  if (payload.empty() || payload[0] != '%')
    return fail_at(ErrorKind::Syntax, at, "malformed %ALIAS: expected %ALIAS: %name: \"value\"");
  std::size_t i = 1;
  while (i < payload.size() && payload[i] != ':' && payload[i] != ' ') ++i;
  std::string_view key = payload.substr(1, i - 1);
  if (!is_key_token(key))
    return fail_at(ErrorKind::Syntax, at,
                   "invalid alias name '%" + std::string(key) + "': alias names are lowercase keys");
  std::string_view rest = payload.substr(i);
  while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (rest.empty() || rest[0] != ':')
    return fail_at(ErrorKind::Syntax, rest.data(), "malformed %ALIAS: expected ':' after the alias name");
  rest = trim(rest.substr(1));
  if (rest.size() < 2 || rest[0] != '"')
    return fail_at(ErrorKind::Syntax, rest.data(), "alias value must be a quoted string such as \"true\"");
  bool escaped;
  std::size_t k = find_closing_quote(rest, escaped);
  if (k >= rest.size()) return fail_at(ErrorKind::Syntax, rest.data(), "unclosed quoted alias value");
  if (k + 1 != rest.size())
    return fail_at(ErrorKind::Syntax, rest.data() + k + 1, "unexpected text after the alias value");
  std::string_view inner = rest.substr(1, k - 1);
  std::string_view value = escaped ? unescape_kv(inner) : inner;
  if (doc_.alias_map.find(key)) return fail_at(ErrorKind::Alias, at, "duplicate alias '%" + std::string(key) + "'");
  if (doc_.aliases.size() + 1 > lim_.max_aliases)
    return fail_limit("max_aliases", lim_.max_aliases, line_no_, "too many %ALIAS directives");
  doc_.aliases.push_back(Alias{key, value, line_no_});
  doc_.alias_map.insert(key, static_cast<std::uint32_t>(doc_.aliases.size()));
  return true;
}

bool Parser::parse_nest(std::string_view payload, const char *at) {
  std::size_t gt = payload.find('>');
  if (gt == std::string_view::npos)
    return fail_at(ErrorKind::Syntax, at, "malformed %NEST: expected %NEST: Parent > Child");
  std::string_view parent = trim(payload.substr(0, gt)), child = trim(payload.substr(gt + 1));
  if (!is_type_token(parent) || !is_type_token(child))
    return fail_at(ErrorKind::Syntax, at, "malformed %NEST: both sides must be type names, as in %NEST: User > Post");
  Schema *ps = doc_.schema_map.find(parent);
  if (!ps)
    return fail_at(ErrorKind::Schema, at, "%NEST parent type '" + std::string(parent) + "' is not defined by %STRUCT");
  Schema *cs = doc_.schema_map.find(child);
  if (!cs)
    return fail_at(ErrorKind::Schema, at, "%NEST child type '" + std::string(child) + "' is not defined by %STRUCT");
  if (ps->nest_child)
    return fail_at(ErrorKind::Schema, at,
                   "type '" + std::string(parent) + "' already has a %NEST rule (one child type per parent)");
  for (const Schema *s = cs; s; s = s->nest_child)
    if (s == ps)
      return fail_at(ErrorKind::Schema, at,
                     "%NEST cycle: '" + std::string(child) + "' leads back to '" + std::string(parent) + "'");
  ps->nest_child = cs;
  doc_.nests.push_back(Nest{parent, child, line_no_});
  return true;
}

std::string_view Parser::unescape_kv(std::string_view inner) {
  char *out = static_cast<char *>(doc_.arena.allocate(inner.size() ? inner.size() : 1, 1));
  if (!out) return {};
  std::size_t n = 0;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    out[n++] = inner[i];
    if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;
  }
  return {out, n};
}

}  // namespace hedl::detail
