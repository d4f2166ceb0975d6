// Stage 2 (§6, §11.2): the header directives up to the `---` separator.
#include <algorithm>
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

namespace {

// The directives the header knows, by name as written.
struct DirectiveName {
  std::string_view name;
  DirectiveKind kind;
  bool verbose;  // the long name: needs a space after ':'
  bool v1;       // known to HEDL 1.0
};
constexpr DirectiveName kDirectives[] = {
    {"VERSION", DirectiveKind::Version, true, true}, {"V", DirectiveKind::Version, false, true},
    {"STRUCT", DirectiveKind::Struct, true, true},   {"S", DirectiveKind::Struct, false, true},
    {"NEST", DirectiveKind::Nest, true, true},       {"N", DirectiveKind::Nest, false, true},
    {"ALIAS", DirectiveKind::Alias, true, true},     {"A", DirectiveKind::Alias, false, true},
    {"COUNT", DirectiveKind::Count, true, false},    {"C", DirectiveKind::Count, false, false},
    {"NULL", DirectiveKind::Null, false, false},     {"QUOTE", DirectiveKind::Quote, false, false},
    {"MODE", DirectiveKind::Mode, false, false},     {"PROMPT", DirectiveKind::Prompt, false, false},
};

}  // namespace

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
        return finish_header();
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
    if (!parse_directive(line)) return false;
  }
  return fail(
      ErrorKind::Syntax, last_content_line, 0,
      version_seen_
          ? "missing '---' separator after the header (the input may be truncated)"
          : "missing %VERSION directive and '---' separator: start the document with '%VERSION: 1.0' and '---'");
}

bool Parser::parse_directive(std::string_view line) {
  std::size_t name_end = 1;
  bool experimental = line.size() > 3 && line[1] == 'X' && line[2] == '-';
  if (experimental) {
    name_end = line.find(':');
    if (name_end == std::string_view::npos) name_end = line.size();
  } else {
    while (name_end < line.size() && is_upper(line[name_end])) ++name_end;
  }
  std::string_view name = line.substr(1, name_end - 1);
  if (name.empty() || name_end >= line.size() || line[name_end] != ':')
    return fail(ErrorKind::Syntax, line_no_, 1, "malformed directive: expected '%NAME: payload'");
  if (name == "ENUM" || name == "DICT" || name == "CONSTRAINT")
    return fail(ErrorKind::Syntax, line_no_, 1,
                "directive %" + std::string(name) + " was removed in v2.0 (and is not part of 1.0): delete it");
  const DirectiveName *known = nullptr;
  for (const DirectiveName &d : kDirectives)
    if (d.name == name) known = &d;
  if (!known && !experimental)
    return fail(ErrorKind::Syntax, line_no_, 1,
                "unknown directive %" + std::string(name) +
                    (version_seen_ && !ext_
                         ? ": HEDL 1.0 has %VERSION, %STRUCT, %ALIAS and %NEST"
                         : ": HEDL has %V, %S, %N, %A, %C, %NULL, %QUOTE, %MODE, %PROMPT and %X-* directives"));
  DirectiveKind kind = known ? known->kind : DirectiveKind::Extension;
  if (kind != DirectiveKind::Version && !version_seen_) {
    if (early_directive_line_ == 0) early_directive_line_ = line_no_;
    if (!known || !known->v1) return true;  // reported at %VERSION: the version decides what this line means
  }
  if (version_seen_ && !ext_ && (!known || !known->v1))
    return fail(ErrorKind::Syntax, line_no_, 1,
                "unknown directive %" + std::string(name) + " in a HEDL 1.0 document: it needs %V:2.0 (or 1.1+); " +
                    "HEDL 1.0 has %VERSION, %STRUCT, %ALIAS and %NEST");
  std::string_view payload = line.substr(name_end + 1);
  bool verbose = known && known->verbose;
  if (verbose && (payload.empty() || payload[0] != ' '))
    return fail(ErrorKind::Syntax, line_no_, static_cast<std::uint32_t>(name_end + 2),
                "missing space after ':' in directive %" + std::string(name) +
                    (ext_ || !version_seen_ ? " (or use its compact form without a space)" : ""));
  payload = trim(payload.substr(0, find_comment(payload)));
  const char *at = payload.data();
  doc_.directives.push_back(Directive{kind, verbose, line_no_});
  switch (kind) {
    case DirectiveKind::Version: return parse_version(payload, at);
    case DirectiveKind::Struct: return parse_struct(payload, at);
    case DirectiveKind::Alias: return parse_alias(payload, at);
    case DirectiveKind::Nest: return parse_nest(payload, at);
    case DirectiveKind::Count: return parse_count(payload, at);
    case DirectiveKind::Null: return parse_null_or_quote(payload, at, true);
    case DirectiveKind::Quote: return parse_null_or_quote(payload, at, false);
    case DirectiveKind::Mode: return parse_mode(payload, at);
    case DirectiveKind::Prompt: return parse_prompt(payload, at);
    case DirectiveKind::Extension: break;
  }
  doc_.extensions.push_back(Extension{name, payload, line_no_});
  return true;
}

// The `---` line of a document whose header was read: the checks that need the whole header.
bool Parser::finish_header() {
  if (v2_ && (!null_seen_ || !quote_seen_))
    return fail(ErrorKind::Syntax, line_no_, 1,
                std::string("a v2.0 header requires %NULL and %QUOTE: add '") + (null_seen_ ? "%QUOTE:\"" : "%NULL:~") +
                    "' before the separator '---'");
  // Each schema's child types, in %NEST order.
  if (!doc_.nests.empty()) {
    std::vector<const Schema *> kids;
    for (const Schema *ps : doc_.schemas) {
      if (!ps->nest_child) continue;
      kids.clear();
      for (const Nest &n : doc_.nests)
        if (n.parent == ps->type_name) kids.push_back(doc_.schema_map.find(n.child));
      auto *arr = doc_.arena.array<const Schema *>(kids.size());
      if (!arr) return fail(ErrorKind::OutOfMemory, line_no_, 0, "out of memory");
      for (std::size_t i = 0; i < kids.size(); ++i) arr[i] = kids[i];
      const_cast<Schema *>(ps)->nest_children = {arr, kids.size()};
    }
  }
  return true;
}

bool Parser::parse_null_or_quote(std::string_view /*payload*/, const char *at, bool is_null) {
  const char *what = is_null ? "%NULL" : "%QUOTE";
  bool &seen = is_null ? null_seen_ : quote_seen_;
  if (seen) return fail_at(ErrorKind::Syntax, cur_, std::string(what) + " is already defined: a header has one");
  seen = true;
  // The first character after ':' is the value; only a comment may follow it
  // (a '"' value is not the start of a quoted region).
  const char *colon = cur_;
  while (colon < cur_end_ && *colon != ':') ++colon;
  std::string_view raw = trim(std::string_view(colon + 1, static_cast<std::size_t>(cur_end_ - colon - 1)));
  if (raw.empty()) return fail_at(ErrorKind::Syntax, at, std::string(what) + " must be a single character");
  std::string_view tail = trim(raw.substr(1));
  if (!tail.empty() && tail[0] != '#')
    return fail_at(ErrorKind::Syntax, raw.data() + 1, std::string(what) + " must be a single character");
  char c = raw[0];
  char want = is_null ? '~' : '"';
  if (c != want) {
    if (v2_ || !is_null)
      return fail_at(ErrorKind::Syntax, raw.data(),
                     std::string(what) + " must be '" + want + "'" +
                         (v2_ ? " in a v2.0 document" : " (other quote characters are not supported)"));
    bool ok = static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F && !is_alnum(c) &&
              std::string_view(",|#\"@$%[]():^\\'`").find(c) == std::string_view::npos;
    if (!ok)
      return fail_at(ErrorKind::Syntax, raw.data(),
                     std::string("%NULL '") + c + "' cannot be a null marker: use a punctuation character such as '~'");
    doc_.null_char = c;
  }
  return true;
}

bool Parser::parse_mode(std::string_view payload, const char *at) {
  if (mode_seen_) return fail_at(ErrorKind::Syntax, cur_, "%MODE is already defined: a header has one");
  mode_seen_ = true;
  auto lower = [](std::string_view s, std::string_view w) {
    if (s.size() != w.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((s[i] | 0x20) != w[i]) return false;
    return true;
  };
  if (lower(payload, "strict")) return true;
  if (lower(payload, "lenient")) {
    doc_.lenient_mode = true;
    return true;
  }
  return fail_at(ErrorKind::Syntax, at, "invalid %MODE '" + std::string(payload) + "': expected strict or lenient");
}

bool Parser::parse_prompt(std::string_view payload, const char *at) {
  if (payload.size() < 2 || payload[0] != '"')
    return fail_at(ErrorKind::Syntax, at, "%PROMPT takes a quoted string, as in %PROMPT: \"Summarise the users\"");
  bool escaped;
  std::size_t k = find_closing_quote(payload, escaped);
  if (k >= payload.size()) return fail_at(ErrorKind::Syntax, at, "unclosed quoted %PROMPT string");
  if (k + 1 != payload.size())
    return fail_at(ErrorKind::Syntax, payload.data() + k + 1, "unexpected text after the %PROMPT string");
  std::string_view inner = payload.substr(1, k - 1);
  doc_.prompts.push_back(Prompt{escaped ? unescape_kv(inner) : inner, line_no_});
  return true;
}

// `%C:Type.total=N` or `%C:Type.field:v1=N1,v2=N2`.
bool Parser::parse_count(std::string_view payload, const char *at) {
  auto bad = [&](const char *where, const std::string &why) {
    return fail_at(ErrorKind::Syntax, where,
                   "malformed %C: " + why + " (expected %C:Type.total=N or %C:Type.field:value=N,...)");
  };
  std::size_t dot = payload.find('.');
  if (dot == std::string_view::npos) return bad(at, "missing '.' after the type name");
  std::string_view type = trim(payload.substr(0, dot));
  if (!is_type_token(type)) return bad(at, std::string("'").append(type).append("' is not a type name"));
  std::string_view rest = payload.substr(dot + 1);
  std::string_view field;
  std::size_t colon = rest.find(':');
  std::size_t eq = rest.find('=');
  if (eq == std::string_view::npos) return bad(rest.data(), "missing '='");
  std::vector<CountEntry> entries;
  auto read_count = [&](std::string_view n, std::uint64_t &out) {
    n = trim(n);
    if (n.empty() || n.size() > 18) return false;
    out = 0;
    for (char c : n) {
      if (!is_digit(c)) return false;
      out = out * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
  };
  if (colon == std::string_view::npos || colon > eq) {
    std::string_view key = trim(rest.substr(0, eq));
    if (key != "total") return bad(rest.data(), "expected 'total' or 'field:value' after the type");
    std::uint64_t n;
    if (!read_count(rest.substr(eq + 1), n))
      return bad(rest.data() + eq + 1, "the count is not a non-negative integer");
    entries.push_back(CountEntry{{}, n});
  } else {
    field = trim(rest.substr(0, colon));
    if (!is_key_token(field)) return bad(rest.data(), std::string("'").append(field).append("' is not a field name"));
    std::string_view list = rest.substr(colon + 1);
    while (true) {
      std::size_t comma = list.find(',');
      std::string_view part = list.substr(0, comma);
      std::size_t e = part.find('=');
      if (e == std::string_view::npos) return bad(part.data(), "missing '='");
      std::string_view value = trim(part.substr(0, e));
      if (value.empty()) return bad(part.data(), "empty value name");
      std::uint64_t n;
      if (!read_count(part.substr(e + 1), n))
        return bad(part.data() + e + 1, "the count is not a non-negative integer");
      entries.push_back(CountEntry{value, n});
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  for (const CountDirective &c : doc_.counts)
    if (c.type == type && c.field == field)
      return fail_at(ErrorKind::Syntax, at,
                     "duplicate %C for " + std::string(type) + "." + std::string(field.empty() ? "total" : field) +
                         " (first at line " + std::to_string(c.line) + ")");
  auto *arr = doc_.arena.array<CountEntry>(entries.size());
  if (!arr) return fail_at(ErrorKind::OutOfMemory, at, "out of memory");
  for (std::size_t i = 0; i < entries.size(); ++i) arr[i] = entries[i];
  doc_.counts.push_back(CountDirective{type, field, {arr, entries.size()}, line_no_});
  return true;
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
  if (major != 1 && major != 2)
    return fail_at(ErrorKind::Version, at,
                   "unsupported HEDL version " + std::string(payload) + ": this parser supports 1.0 to 1.2 and 2.x");
  doc_.major = major;
  doc_.minor = minor;
  version_seen_ = true;
  ext_ = major > 1 || minor > 0;
  v2_ = major >= 2;
  spl_ = ext_ ? 1 : 2;
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
  if (ps->nest_child && !ext_)
    return fail_at(ErrorKind::Schema, at,
                   "type '" + std::string(parent) +
                       "' already has a %NEST rule (one child type per parent in HEDL 1.0; 2.0 allows several)");
  for (const Nest &n : doc_.nests)
    if (n.parent == parent && n.child == child)
      return fail_at(ErrorKind::Schema, at,
                     "duplicate %NEST rule " + std::string(parent) + " > " + std::string(child) + " (line " +
                         std::to_string(n.line) + ")");
  // A cycle: can the child reach the parent through the rules so far?
  std::vector<std::string_view> todo{child};
  for (std::size_t i = 0; i < todo.size() && i < 100000; ++i) {
    if (todo[i] == parent)
      return fail_at(ErrorKind::Schema, at,
                     "%NEST cycle: '" + std::string(child) + "' leads back to '" + std::string(parent) + "'");
    for (const Nest &n : doc_.nests)
      if (n.parent == todo[i] && std::find(todo.begin(), todo.end(), n.child) == todo.end()) todo.push_back(n.child);
  }
  if (!ps->nest_child) ps->nest_child = cs;
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
