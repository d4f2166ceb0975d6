// Resource limits (SPEC §14, docs/format.md "Limits", D23) and hostile input.
//
// Each of the ten Limits fields is checked at its boundary: a document that
// sits exactly at a small limit value parses, and the same document with one
// more unit is a SecurityError whose message names the field. How each limit
// is counted here:
//
//   max_file_size          total input bytes (all of them, newlines included).
//   max_line_length        bytes of one line, excluding its newline (LF or CRLF).
//   max_indent_depth       indent level (2 spaces each) of a body line; the
//                          top level is level 0.
//   max_nodes              nested objects (`key:` lines) + matrix rows (child
//                          rows included) + scalar key-values. The root object
//                          and the lists themselves (`key: @T`) do not count.
//   max_aliases            number of %ALIAS directives.
//   max_columns            columns of one schema, %STRUCT or inline.
//   max_nest_depth         depth of %NEST child lists below a top-level list:
//                          the children of a top-level row are depth 1, their
//                          children depth 2, ...
//   max_block_string_size  bytes of a block string's value (after D3: without
//                          the newlines after `"""` and before the closing one).
//   max_object_keys        keys (of any kind: scalar, object, list) of one
//                          object, the root included.
//   max_total_keys         keys of all objects together, the root's included
//                          (row cells are not keys).
//
// Then hostile inputs: each must give a Document or an Error, never crash,
// hang or overflow the stack.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.h"
#include "hedl.hpp"
#include "json_compare.hpp"

namespace fs = std::filesystem;

namespace {

const std::string kHeader = "%VERSION: 1.0\n---\n";  // two lines, 18 bytes

std::string spaces(std::size_t n) { return std::string(n, ' '); }

/// Printable form of arbitrary bytes for failure messages.
std::string escape(std::string_view s, std::size_t max = 400) {
  static const char *hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  if (s.size() > max) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

hedl::Result<hedl::Document> parse_lim(std::string_view text, const hedl::Limits &limits, bool strict = true) {
  return hedl::parse_with_limits(text, hedl::ParseOptions{limits, strict});
}

void require_ok(std::string_view text, const hedl::Limits &limits) {
  auto r = parse_lim(text, limits);
  INFO("input: " << escape(text));
  INFO("error: " << (r.ok() ? std::string() : r.error().to_string()));
  REQUIRE(r.ok());
  // The other overloads agree.
  auto r2 = hedl::parse(text, hedl::ParseOptions{limits, true});
  REQUIRE(r2.ok());
  std::vector<std::uint8_t> bytes(text.begin(), text.end());
  auto r3 = hedl::parse_with_limits(std::span<const std::uint8_t>(bytes), hedl::ParseOptions{limits, true});
  REQUIRE(r3.ok());
}

/// REQUIREs a SecurityError naming `field`; checks its line when `line` != 0.
void require_security(std::string_view text, const hedl::Limits &limits, const char *field, std::uint32_t line = 0) {
  auto r = parse_lim(text, limits);
  INFO("input: " << escape(text));
  REQUIRE_FALSE(r.ok());
  INFO("error: " << r.error().to_string());
  CHECK(r.error().kind == hedl::ErrorKind::Security);
  CHECK(r.error().message.find(field) != std::string::npos);
  CHECK(r.error().line >= 1);
  if (line != 0) CHECK(r.error().line == line);
  auto r2 = hedl::parse(text, hedl::ParseOptions{limits, true});
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.error().kind == hedl::ErrorKind::Security);
  CHECK(r2.error().message.find(field) != std::string::npos);
}

// ---------------------------------------------------------------------------
// Visiting a whole Document: touches every node so that ASan sees any bad
// pointer, and checks the invariants a Document must keep.

struct Walk {
  std::size_t nodes = 0;
  std::size_t bytes = 0;
  std::string problem;
  void value(const hedl::Value &v) {
    switch (v.kind()) {
      case hedl::ValueKind::String:
      case hedl::ValueKind::Expression: {
        std::string_view s = v.as_string();
        for (char c : s) bytes += static_cast<unsigned char>(c) & 1u;
        if (v.kind() == hedl::ValueKind::Expression && (s.size() < 3 || s.substr(0, 2) != "$(" || s.back() != ')')) {
          problem = "expression token not of the form $(...): " + escape(s);
        }
        break;
      }
      case hedl::ValueKind::Reference: {
        const hedl::Reference &r = v.as_reference();
        bytes += r.type.size() + r.id.size();
        if (r.id.empty()) problem = "reference with an empty id";
        break;
      }
      case hedl::ValueKind::Tensor: {
        const hedl::Tensor &t = v.as_tensor();
        std::size_t n = 1;
        for (std::uint32_t d : t.shape) n *= d;
        if (t.shape.empty() || n != t.data.size()) problem = "tensor shape does not match its data";
        for (double d : t.data) bytes += d == d ? 0 : 1;
        break;
      }
      default: break;
    }
  }
  void list(const hedl::MatrixList &l, int depth) {
    if (depth > 1000) {
      problem = "lists nested deeper than 1000";
      return;
    }
    std::uint32_t n = 0;
    const std::size_t ncols = l.column_count();
    if (ncols == 0) problem = "schema without columns";
    for (const hedl::Row &r : l.rows()) {
      ++n;
      ++nodes;
      if (r.line == 0) problem = "row without a line";
      for (const hedl::Value &v : r.cells(ncols)) value(v);
      if (r.children) list(*r.children, depth + 1);
    }
    if (n != l.count) problem = "list count does not match its rows";
  }
  void object(const hedl::Object &o, int depth) {
    if (depth > 1000) {
      problem = "objects nested deeper than 1000";
      return;
    }
    for (const hedl::Item &it : o.entries()) {
      ++nodes;
      if (it.line == 0) problem = "item without a line";
      if (it.key.empty()) problem = "item with an empty key";
      switch (it.kind()) {
        case hedl::ItemKind::Scalar: value(it.value); break;
        case hedl::ItemKind::Object: object(*it.object(), depth + 1); break;
        case hedl::ItemKind::List: list(*it.list(), depth + 1); break;
      }
    }
  }
};

/// For a parsed document: walk it and check that every JSON form is valid JSON.
std::string check_document(const hedl::Document &doc) {
  Walk w;
  w.object(doc.root(), 0);
  if (!w.problem.empty()) return w.problem;
  for (int i = 0; i < 4; ++i) {
    hedl::JsonOptions o;
    o.pretty = (i & 1) != 0;
    o.metadata = (i & 2) != 0;
    std::string j = hedl::to_json(doc, o);
    std::string why;
    if (!hedl_test::json_valid(j, &why)) {
      return "to_json (pretty " + std::to_string(o.pretty) + ", metadata " + std::to_string(o.metadata) +
             ") is not valid JSON (" + why + "): " + escape(j, 300);
    }
  }
  return {};
}

/// For any input: a Document that checks out, or a well-formed Error.
std::string check_any(std::string_view text, bool strict) {
  auto r = parse_lim(text, hedl::Limits{}, strict);
  if (r.ok()) return check_document(r.value());
  const hedl::Error &e = r.error();
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (e.line < 1 || e.line > lines) {
    return "error line " + std::to_string(e.line) + " outside 1.." + std::to_string(lines) + ": " + e.to_string();
  }
  if (static_cast<int>(e.kind) > static_cast<int>(hedl::ErrorKind::Conversion)) return "bad error kind";
  if (e.message.empty()) return "error without a message";
  return {};
}

/// The same input through the C API, with an explicit length.
std::string check_c_api(std::string_view text, int strict) {
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) return {};
  HedlDocument *doc = nullptr;
  int rc = hedl_parse(text.data(), static_cast<int>(text.size()), strict, &doc);
  if (rc == HEDL_OK) {
    if (!doc) return "HEDL_OK without a document";
    for (int meta = 0; meta < 2; ++meta) {
      char *json = nullptr;
      if (hedl_to_json(doc, meta, &json) != HEDL_OK || !json) {
        hedl_free_document(doc);
        return "hedl_to_json failed on a parsed document";
      }
      std::string why;
      bool valid = hedl_test::json_valid(json, &why);
      hedl_free_string(json);
      if (!valid) {
        hedl_free_document(doc);
        return "hedl_to_json gave invalid JSON: " + why;
      }
    }
    hedl_free_document(doc);
    return {};
  }
  if (doc) return "out_doc not NULL after failure";
  if (rc != HEDL_ERR_PARSE && rc != HEDL_ERR_INVALID_UTF8) return "unexpected rc " + std::to_string(rc);
  if (!hedl_get_last_error() || !hedl_get_last_error_kind()) return "failure without error details";
  return {};
}

std::string read_bytes(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Syntax-heavy bytes for random input and mutations.
const std::string kAlphabet = "%:|@$()[]^~#,\" \n\n\n  \r\t-_abcxyzTUV019.>\"\"\"";

}  // namespace

// ---------------------------------------------------------------------------
// The ten limits

TEST_CASE("Limits defaults match docs/format.md", "[limits]") {
  hedl::Limits l;
  CHECK(l.max_file_size == (std::size_t{1} << 30));
  CHECK(l.max_line_length == (std::size_t{1} << 20));
  CHECK(l.max_indent_depth == 50);
  CHECK(l.max_nodes == 10'000'000);
  CHECK(l.max_aliases == 10'000);
  CHECK(l.max_columns == 100);
  CHECK(l.max_nest_depth == 100);
  CHECK(l.max_block_string_size == (std::size_t{10} << 20));
  CHECK(l.max_object_keys == 10'000);
  CHECK(l.max_total_keys == 10'000'000);
  hedl::ParseOptions o;
  CHECK(o.strict_refs);
}

TEST_CASE("limit max_file_size", "[limits]") {
  hedl::Limits l;
  l.max_file_size = 64;
  auto file_of = [](std::size_t n) {
    std::string s = kHeader + "a: ";
    s.append(n - s.size() - 1, 'x');
    return s + "\n";
  };
  REQUIRE(file_of(64).size() == 64);
  require_ok(file_of(64), l);
  require_security(file_of(65), l, "max_file_size");
  // Without a final newline too.
  std::string no_nl = file_of(65);
  no_nl.pop_back();
  REQUIRE(no_nl.size() == 64);
  require_ok(no_nl, l);
  require_security(no_nl + "x", l, "max_file_size");
}

TEST_CASE("limit max_line_length", "[limits]") {
  hedl::Limits l;
  l.max_line_length = 40;
  auto kv_line = [](std::size_t n) { return "a: " + std::string(n - 3, 'x'); };
  auto comment_line = [](std::size_t n) { return "# " + std::string(n - 2, 'c'); };

  require_ok(kHeader + kv_line(40) + "\nb: 1\n", l);
  require_security(kHeader + kv_line(41) + "\nb: 1\n", l, "max_line_length", 3);

  require_ok(kHeader + "b: 1\n" + comment_line(40) + "\n", l);
  require_security(kHeader + "b: 1\n" + comment_line(41) + "\n", l, "max_line_length", 4);

  // The last line, without a newline.
  require_ok(kHeader + kv_line(40), l);
  require_security(kHeader + kv_line(41), l, "max_line_length", 3);

  // A header line.
  const std::string alias40 = "%ALIAS: %k: \"" + std::string(40 - 14, 'v') + "\"";
  REQUIRE(alias40.size() == 40);
  require_ok("%VERSION: 1.0\n" + alias40 + "\n---\n", l);
  require_security("%VERSION: 1.0\n%ALIAS: %k: \"" + std::string(27, 'v') + "\"\n---\n", l, "max_line_length", 2);

  // A matrix row.
  const std::string row40 = "  |r1," + std::string(40 - 6, 'z');
  require_ok(kHeader + "l: @T[id,v]\n" + row40 + "\n", l);
  require_security(kHeader + "l: @T[id,v]\n" + row40 + "z\n", l, "max_line_length", 4);

  // CRLF: the CR is part of the line ending, not of the line.
  require_ok("%VERSION: 1.0\r\n---\r\n" + kv_line(40) + "\r\n", l);
  require_security("%VERSION: 1.0\r\n---\r\n" + kv_line(41) + "\r\n", l, "max_line_length", 3);
}

TEST_CASE("limit max_indent_depth", "[limits]") {
  hedl::Limits l;
  l.max_indent_depth = 4;
  // Objects k0 at level 0 ... k{d-1} at level d-1, then `v: 1` at level d (line 3 + d).
  auto nested = [](std::size_t d) {
    std::string s = kHeader;
    for (std::size_t i = 0; i < d; ++i) s += spaces(2 * i) + "k" + std::to_string(i) + ":\n";
    return s + spaces(2 * d) + "v: 1\n";
  };
  require_ok(nested(4), l);
  require_security(nested(5), l, "max_indent_depth", 8);

  // Rows of a list whose key sits at level d - 1: the rows are at level d.
  auto rows_at = [](std::size_t d) {
    std::string s = kHeader;
    for (std::size_t i = 0; i + 1 < d; ++i) s += spaces(2 * i) + "k" + std::to_string(i) + ":\n";
    s += spaces(2 * (d - 1)) + "l: @T[id]\n";
    return s + spaces(2 * d) + "|r1\n";
  };
  require_ok(rows_at(4), l);
  require_security(rows_at(5), l, "max_indent_depth", 3 + 5);
}

TEST_CASE("limit max_nodes", "[limits]") {
  hedl::Limits l;
  l.max_nodes = 10;
  // 2 objects + 5 scalar key-values + 3 rows = 10 nodes.
  auto doc = [](int extra_kv, int extra_obj, int extra_row) {
    std::string s = kHeader;
    s += "o1:\n  a: 1\n  b: 2\n";                     // object, kv, kv
    s += "o2:\n  c: 3\n";                             // object, kv
    s += "l: @T[id,v]\n  |r1,1\n  |r2,2\n  |r3,3\n";  // rows
    if (extra_row) s += "  |r4,4\n";
    s += "d: 4\ne: 5\n";  // kv, kv
    if (extra_kv) s += "f: 6\n";
    if (extra_obj) s += "o3:\n";
    return s;
  };
  require_ok(doc(0, 0, 0), l);
  require_security(doc(1, 0, 0), l, "max_nodes");
  require_security(doc(0, 1, 0), l, "max_nodes");
  require_security(doc(0, 0, 1), l, "max_nodes");

  // Child rows count like rows: 6 key-values + 1 row + 3 child rows = 10.
  std::string nest =
      "%VERSION: 1.0\n%STRUCT: P: [id]\n%STRUCT: C: [id]\n%NEST: P > C\n---\n"
      "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n"
      "ps: @P\n  |p1\n    |c1\n    |c2\n";
  require_ok(nest + "    |c3\n", l);
  require_security(nest + "    |c3\n    |c4\n", l, "max_nodes");
}

TEST_CASE("limit max_aliases", "[limits]") {
  hedl::Limits l;
  l.max_aliases = 3;
  auto doc = [](int n) {
    std::string s = "%VERSION: 1.0\n";
    for (int i = 0; i < n; ++i) s += "%ALIAS: %a" + std::to_string(i) + ": \"" + std::to_string(i) + "\"\n";
    s += "---\n";
    for (int i = 0; i < n; ++i) s += "k" + std::to_string(i) + ": %a" + std::to_string(i) + "\n";
    return s;
  };
  require_ok(doc(3), l);
  require_security(doc(4), l, "max_aliases", 5);
}

TEST_CASE("limit max_columns", "[limits]") {
  hedl::Limits l;
  l.max_columns = 4;
  auto cols = [](int n) {
    std::string s = "[";
    for (int i = 0; i < n; ++i) s += (i ? ", c" : "c") + std::to_string(i);
    return s + "]";
  };
  auto row = [](int n) {
    std::string s = "  |r1";
    for (int i = 1; i < n; ++i) s += "," + std::to_string(i);
    return s + "\n";
  };
  // %STRUCT schema.
  require_ok("%VERSION: 1.0\n%STRUCT: T: " + cols(4) + "\n---\nl: @T\n" + row(4), l);
  require_security("%VERSION: 1.0\n%STRUCT: T: " + cols(5) + "\n---\nl: @T\n" + row(5), l, "max_columns", 2);
  // Inline schema.
  require_ok(kHeader + "l: @T" + cols(4) + "\n" + row(4), l);
  require_security(kHeader + "l: @T" + cols(5) + "\n" + row(5), l, "max_columns", 3);
}

TEST_CASE("limit max_nest_depth", "[limits]") {
  hedl::Limits l;
  l.max_nest_depth = 2;
  // Types T0 > T1 > ... > Td; one row per level, each indented one level more.
  auto doc = [](int d) {
    std::string s = "%VERSION: 1.0\n";
    for (int i = 0; i <= d; ++i) s += "%STRUCT: T" + std::to_string(i) + ": [id]\n";
    for (int i = 0; i < d; ++i) s += "%NEST: T" + std::to_string(i) + " > T" + std::to_string(i + 1) + "\n";
    s += "---\nl: @T0\n";
    for (int i = 0; i <= d; ++i) s += spaces(2 * (i + 1)) + "|r" + std::to_string(i) + "\n";
    return s;
  };
  require_ok(doc(2), l);  // r2 is a child at depth 2
  require_security(doc(3), l, "max_nest_depth");
}

TEST_CASE("limit max_block_string_size", "[limits]") {
  hedl::Limits l;
  l.max_block_string_size = 10;
  auto block = [](const std::string &content) { return kHeader + "t: \"\"\"\n" + content + "\n\"\"\"\nafter: 1\n"; };
  require_ok(block(std::string(10, 'x')), l);
  require_security(block(std::string(11, 'x')), l, "max_block_string_size");
  // Two lines: "abcd\nefghi" is 10 bytes (the joining newline counts).
  require_ok(block("abcd\nefghi"), l);
  require_security(block("abcd\nefghij"), l, "max_block_string_size");
  // The key line's indentation is stripped before counting.
  require_ok(kHeader + "o:\n  t: \"\"\"\n  abcd\n  efghi\n  \"\"\"\n", l);
  require_security(kHeader + "o:\n  t: \"\"\"\n  abcd\n  efghij\n  \"\"\"\n", l, "max_block_string_size");
}

TEST_CASE("limit max_object_keys", "[limits]") {
  hedl::Limits l;
  l.max_object_keys = 5;
  // The root: 5 keys of every kind.
  const std::string five = kHeader + "a: 1\nb: 2\nc:\n  x: 1\nd: @T[id]\n  |r1\ne: 5\n";
  require_ok(five, l);
  require_security(five + "f: 6\n", l, "max_object_keys", 10);
  // A nested object.
  std::string nested = kHeader + "o:\n";
  for (int i = 0; i < 5; ++i) nested += "  k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  require_ok(nested, l);
  require_security(nested + "  k5: 5\n", l, "max_object_keys", 9);
}

TEST_CASE("limit max_total_keys", "[limits]") {
  hedl::Limits l;
  l.max_total_keys = 8;
  // Root: o1, o2 (2 keys); o1: a, b, l (3); o2: c, d, e (3) = 8. Row cells are not keys.
  const std::string base = kHeader +
                           "o1:\n  a: 1\n  b: 2\n  l: @T[id, v, w]\n    |r1, 1, 2\n    |r2, 3, 4\n"
                           "o2:\n  c: 1\n  d: 2\n  e: 3\n";
  require_ok(base, l);
  require_security(base + "  f: 4\n", l, "max_total_keys");
  require_security(base + "g: 5\n", l, "max_total_keys");
}

// ---------------------------------------------------------------------------
// Hostile inputs

TEST_CASE("hostile: 100k-deep expression on one line parses (D2, D23)", "[hostile]") {
  const std::size_t depth = 100000;
  std::string expr = "$(";
  for (std::size_t i = 0; i < depth; ++i) expr += "f(";
  expr += "x";
  expr.append(depth, ')');
  expr += ")";
  {
    auto r = hedl::parse(kHeader + "e: " + expr + "\n");
    INFO((r.ok() ? std::string() : r.error().to_string()));
    REQUIRE(r.ok());
    const hedl::Item *e = r->root().find("e");
    REQUIRE(e != nullptr);
    REQUIRE(e->value.kind() == hedl::ValueKind::Expression);
    CHECK(e->value.as_string() == expr);
    CHECK(check_document(r.value()) == "");
  }
  {
    auto r = hedl::parse(kHeader + "l: @T[id, e]\n  |a, " + expr + "\n");
    INFO((r.ok() ? std::string() : r.error().to_string()));
    REQUIRE(r.ok());
    const hedl::Item *l = r->root().find("l");
    REQUIRE(l != nullptr);
    REQUIRE(l->kind() == hedl::ItemKind::List);
    const hedl::Value &cell = l->list()->head->cells(2)[1];
    REQUIRE(cell.kind() == hedl::ValueKind::Expression);
    CHECK(cell.as_string() == expr);
  }
  {
    // Unbalanced: unterminated expression.
    std::string open = "$(";
    for (std::size_t i = 0; i < depth; ++i) open += "f(";
    auto r = hedl::parse(kHeader + "e: " + open + "\nb: 1\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == hedl::ErrorKind::Syntax);
    CHECK(r.error().line == 3);
  }
}

TEST_CASE("hostile: 100k-deep tensor brackets", "[hostile]") {
  const std::size_t depth = 100000;
  const std::string deep = std::string(depth, '[') + "1" + std::string(depth, ']');
  const std::string open = std::string(depth, '[') + "1";
  // Balanced: a SyntaxError or SecurityError (never a stack overflow).
  // Unbalanced: a SyntaxError (D7).
  const std::vector<std::pair<std::string, bool>> cases = {
      {kHeader + "t: " + deep + "\n", true},
      {kHeader + "l: @T[id, t]\n  |a, " + deep + "\n", true},
      {kHeader + "t: " + open + "\n", false},
      {kHeader + "l: @T[id, t]\n  |a, " + open + "\n", false},
  };
  for (const auto &[text, balanced] : cases) {
    auto r = hedl::parse(text);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().to_string());
    if (balanced) {
      CHECK((r.error().kind == hedl::ErrorKind::Syntax || r.error().kind == hedl::ErrorKind::Security));
    } else {
      CHECK(r.error().kind == hedl::ErrorKind::Syntax);
    }
    CHECK(r.error().line == (text.find("|a") != std::string::npos ? 4u : 3u));
  }
  // A moderately deep tensor (shape 1x...x1x2): either way, nothing breaks.
  const std::string fifty = std::string(50, '[') + "1, 2" + std::string(50, ']');
  CHECK(check_any(kHeader + "t: " + fifty + "\n", true) == "");
  CHECK(check_any(kHeader + "t: " + std::string(depth, ']') + "\n", true) == "");  // a string
}

TEST_CASE("hostile: deep indentation", "[hostile]") {
  // Nested objects 1000 levels deep: the first line past level 50 (level 51,
  // line 54) is a SecurityError.
  std::string s = kHeader;
  for (std::size_t i = 0; i < 1000; ++i) s += spaces(2 * i) + "k:\n";
  auto r = hedl::parse(s);
  REQUIRE_FALSE(r.ok());
  INFO(r.error().to_string());
  CHECK(r.error().kind == hedl::ErrorKind::Security);
  CHECK(r.error().message.find("max_indent_depth") != std::string::npos);
  CHECK(r.error().line == 54);

  // One line indented 10k levels.
  auto r2 = hedl::parse(kHeader + "a:\n" + spaces(20000) + "b: 1\n");
  REQUIRE_FALSE(r2.ok());
  INFO(r2.error().to_string());
  CHECK((r2.error().kind == hedl::ErrorKind::Security || r2.error().kind == hedl::ErrorKind::Syntax));
  CHECK(r2.error().line == 4);

  // Exactly at the default limit: fine.
  std::string ok = kHeader;
  for (std::size_t i = 0; i < 50; ++i) ok += spaces(2 * i) + "k:\n";
  ok += spaces(100) + "v: 1\n";
  auto r3 = hedl::parse(ok);
  INFO((r3.ok() ? std::string() : r3.error().to_string()));
  REQUIRE(r3.ok());
  CHECK(check_document(r3.value()) == "");
}

TEST_CASE("hostile: a 5 MB line", "[hostile]") {
  const std::string big(5u << 20, 'x');
  for (const auto &[text, line] : std::vector<std::pair<std::string, std::uint32_t>>{
           {kHeader + "a: " + big + "\n", 3},
           {"%VERSION: 1.0\n# " + big + "\n---\n", 2},
           {big, 1},
           {kHeader + "l: @T[id,v]\n  |a," + big + "\n", 4},
       }) {
    auto r = hedl::parse(text);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().to_string());
    CHECK(r.error().kind == hedl::ErrorKind::Security);
    CHECK(r.error().message.find("max_line_length") != std::string::npos);
    CHECK(r.error().line == line);
  }
  // Raised limit: the same line parses.
  hedl::Limits l;
  l.max_line_length = 6u << 20;
  auto r = parse_lim(kHeader + "a: " + big + "\n", l);
  REQUIRE(r.ok());
  CHECK(r->root().find("a")->value.as_string().size() == big.size());
}

TEST_CASE("hostile: invalid UTF-8 is a SyntaxError at its line", "[hostile][utf8]") {
  const std::vector<std::string> bad = {
      "\x80",
      "\xbf",
      "\x80\x80",  // lone continuation bytes
      "\xc0\x80",
      "\xc1\xbf",  // overlong 2-byte
      "\xe0\x80\x80",
      "\xe0\x9f\xbf",  // overlong 3-byte
      "\xf0\x80\x80\x80",
      "\xf0\x8f\xbf\xbf",  // overlong 4-byte
      "\xed\xa0\x80",
      "\xed\xbf\xbf",
      "\xed\xa0\x80\xed\xb0\x80",  // surrogates (CESU)
      "\xf4\x90\x80\x80",          // above U+10FFFF
      "\xc3",
      "\xc3 ",
      "\xe2\x82",
      "\xe2\x82 x",
      "\xf0\x9f\x98",
      "\xf0\x9f",  // truncated
      "\xfe\xff",
      "\xff\xfe",  // UTF-16 BOMs
      "ok\xc3\x28",
      "a\xe2\x28\xa1",  // bad continuation
  };
  std::vector<std::string> all = bad;
  for (int b = 0xf5; b <= 0xff; ++b) all.push_back(std::string(1, static_cast<char>(b)));
  for (int b = 0xf5; b <= 0xf7; ++b) all.push_back(std::string(1, static_cast<char>(b)) + "\x80\x80\x80");

  for (const std::string &seq : all) {
    // Where the bad bytes sit: the line they are on.
    const std::vector<std::pair<std::string, std::uint32_t>> places = {
        {kHeader + "a: 1\nb: " + seq + "\nc: 2\n", 4},
        {kHeader + "a: 1\nb: \"" + seq + "\"\n", 4},
        {kHeader + "a: 1\n# " + seq + "\nc: 2\n", 4},
        {"%VERSION: 1.0\n# " + seq + "\n---\n", 2},
        {"%VERSION: 1.0\n%ALIAS: %k: \"" + seq + "\"\n---\n", 2},
        {kHeader + "l: @T[id,v]\n  |a,x" + seq + "\n", 4},
        {kHeader + "t: \"\"\"\nfine\n" + seq + "\n\"\"\"\n", 5},
        {kHeader + "a: 1\nb: " + seq, 4},  // at the very end, no newline
        {seq + "%VERSION: 1.0\n---\n", 1},
    };
    for (const auto &[text, line] : places) {
      INFO("input: " << escape(text));
      for (bool strict : {true, false}) {
        auto r = parse_lim(text, hedl::Limits{}, strict);
        REQUIRE_FALSE(r.ok());
        INFO(r.error().to_string());
        CHECK(r.error().kind == hedl::ErrorKind::Syntax);
        CHECK(r.error().line == line);
      }
      auto r2 = hedl::parse(text);  // the string_view overload validates too
      REQUIRE_FALSE(r2.ok());
      CHECK(r2.error().kind == hedl::ErrorKind::Syntax);
      CHECK(r2.error().line == line);

      HedlDocument *doc = nullptr;
      CHECK(hedl_parse(text.data(), static_cast<int>(text.size()), 1, &doc) == HEDL_ERR_INVALID_UTF8);
      CHECK(doc == nullptr);
      CHECK(hedl_get_last_error_line() == static_cast<int>(line));
      const char *kind = hedl_get_last_error_kind();
      CHECK(std::string(kind ? kind : "") == "SyntaxError");
    }
  }
}

TEST_CASE("hostile: valid UTF-8 edge cases are data", "[hostile][utf8]") {
  const std::vector<std::string> good = {
      "\xc2\x80",          // U+0080
      "\xdf\xbf",          // U+07FF
      "\xe0\xa0\x80",      // U+0800
      "\xed\x9f\xbf",      // U+D7FF
      "\xee\x80\x80",      // U+E000
      "\xef\xbf\xbf",      // U+FFFF
      "\xf0\x90\x80\x80",  // U+10000
      "\xf4\x8f\xbf\xbf",  // U+10FFFF
      "\xc2\xa0",          // NBSP: data, not whitespace (D19)
      "\xe2\x80\x8b",      // zero-width space
  };
  for (const std::string &seq : good) {
    const std::string value = "x" + seq + "y";
    const std::string text = kHeader + "a: " + value + "\nl: @T[id,v]\n  |r,\"" + value + "\"\n";
    INFO("input: " << escape(text));
    auto r = hedl::parse(text);
    INFO((r.ok() ? std::string() : r.error().to_string()));
    REQUIRE(r.ok());
    CHECK(r->root().find("a")->value.as_string() == value);
    const std::string expected = "{\"a\":\"" + value + "\",\"l\":[{\"id\":\"r\",\"v\":\"" + value + "\"}]}";
    CHECK(hedl_test::json_text_diff(hedl::to_json(r.value()), expected) == "");
  }
}

TEST_CASE("hostile: NUL bytes", "[hostile]") {
  using namespace std::string_literals;
  const std::vector<std::pair<std::string, std::uint32_t>> cases = {
      {kHeader + "a: x\0y\n"s, 3},
      {kHeader + "a: 1\nb: \"x\0y\"\n"s, 4},
      {kHeader + "a: 1\n# \0\n"s, 4},
      {"%VERSION: 1.0\0\n---\n"s, 1},
      {kHeader + "l: @T[id,v]\n  |a,\0\n"s, 4},
      {kHeader + "\0"s, 3},
      {"\0"s, 1},
      {std::string(1000, '\0'), 1},
  };
  for (const auto &[text, line] : cases) {
    INFO("input: " << escape(text));
    auto r = hedl::parse(text);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().to_string());
    CHECK(r.error().kind == hedl::ErrorKind::Syntax);
    CHECK(r.error().line == line);
    HedlDocument *doc = nullptr;
    CHECK(hedl_parse(text.data(), static_cast<int>(text.size()), 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
  }
}

TEST_CASE("hostile: numbers and hints at the edges", "[hostile]") {
  {
    auto r = hedl::parse(kHeader +
                         "max: 9223372036854775807\n"
                         "min: -9223372036854775808\n"
                         "over: 9223372036854775808\n"
                         "under: -9223372036854775809\n"
                         "huge: 99999999999999999999999999999999\n");
    REQUIRE(r.ok());
    const hedl::Object &o = r->root();
    REQUIRE(o.find("max")->value.kind() == hedl::ValueKind::Int);
    CHECK(o.find("max")->value.as_int() == INT64_MAX);
    REQUIRE(o.find("min")->value.kind() == hedl::ValueKind::Int);
    CHECK(o.find("min")->value.as_int() == INT64_MIN);
    CHECK(o.find("over")->value.kind() == hedl::ValueKind::String);  // D6: lossless
    CHECK(o.find("under")->value.kind() == hedl::ValueKind::String);
    CHECK(o.find("huge")->value.kind() == hedl::ValueKind::String);
    CHECK(hedl_test::json_text_diff(hedl::to_json(r.value()),
                                    R"({"max":9223372036854775807,"min":-9223372036854775808,
                                        "over":"9223372036854775808","under":"-9223372036854775809",
                                        "huge":"99999999999999999999999999999999"})") == "");
  }
  // Floats beyond double's range and with many digits: any value, but valid JSON.
  const std::string many_digits = "1" + std::string(400, '0') + ".5";
  const std::string tiny = "0." + std::string(400, '0') + "1";
  for (const std::string &num : {many_digits, tiny, "-" + many_digits, std::string("0.") + std::string(1000, '9')}) {
    CHECK(check_any(kHeader + "f: " + num + "\nt: [" + num + ", 1]\nl: @T[id,v]\n  |a," + num + "\n", true) == "");
  }
  // Count hints too large for any integer type: no crash.
  CHECK(check_any(kHeader + "l: @T[id]\n  |[99999999999999999999999] a\n", true) == "");
  CHECK(check_any(kHeader + "l: @T[id]\n  |[4294967296] a\n", true) == "");
  CHECK(check_any(kHeader + "l(99999999999999999999999): @T[id]\n  |a\n", true) == "");
  CHECK(check_any(kHeader + "l(4294967297): @T[id]\n  |a\n", true) == "");
  CHECK(check_any("%VERSION: 99999999999999999999999.0\n---\n", true) == "");
  CHECK(check_any("%VERSION: 1.99999999999999999999999\n---\n", true) == "");
  CHECK(check_any("%VERSION: 1.4294967296\n---\n", true) == "");
}

TEST_CASE("hostile: wide rows and many cells", "[hostile]") {
  // 400k cells on one line (< 1 MiB): a ShapeError, found quickly.
  std::string row = "  |a";
  for (int i = 0; i < 400000; ++i) row += ",x";
  auto r = hedl::parse(kHeader + "l: @T[id,v]\n" + row + "\n");
  REQUIRE_FALSE(r.ok());
  INFO(r.error().to_string());
  CHECK(r.error().kind == hedl::ErrorKind::Shape);
  CHECK(r.error().line == 4);
  // An inline schema with 100k columns (< 1 MiB): SecurityError (max_columns 100).
  std::string cols = "[c0";
  for (int i = 1; i < 100000; ++i) cols += ",c" + std::to_string(i);
  auto r2 = hedl::parse(kHeader + "l: @T" + cols + "]\n");
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.error().kind == hedl::ErrorKind::Security);
  CHECK(r2.error().message.find("max_columns") != std::string::npos);
}

TEST_CASE("hostile: 2000 random byte strings", "[hostile][fuzz]") {
  std::mt19937 rng(20240611u);
  const std::string prefixes[] = {"", kHeader,
                                  "%VERSION: 1.0\n%STRUCT: T: [id,v]\n%STRUCT: C: [id]\n%NEST: T > C\n---\nl: @T\n",
                                  "%VERSION: 1.0\n%STRUCT: A: [id,r]\n%STRUCT: B: [id]\n%NEST: A > B\n---\n"};
  std::size_t parsed = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string s = prefixes[rng() % 4];
    const std::size_t len = rng() % 200;
    const bool syntaxy = rng() % 4 != 0;
    for (std::size_t k = 0; k < len; ++k) {
      if (syntaxy && rng() % 8 != 0) {
        s += kAlphabet[rng() % kAlphabet.size()];
      } else {
        s += static_cast<char>(rng() & 0xff);
      }
    }
    for (bool strict : {true, false}) {
      std::string why = check_any(s, strict);
      if (!why.empty()) FAIL_CHECK("random input " << i << ": " << why << "\n  input: " << escape(s));
    }
    if (i % 4 == 0) {
      std::string why = check_c_api(s, static_cast<int>(i & 1));
      if (!why.empty()) FAIL_CHECK("random input " << i << " (C API): " << why << "\n  input: " << escape(s));
    }
    if (parse_lim(s, hedl::Limits{}).ok()) ++parsed;
  }
  SUCCEED("random inputs that parsed: " << parsed);
}

TEST_CASE("hostile: mutated conformance documents", "[hostile][fuzz]") {
  std::vector<std::string> docs;
  for (const auto &e : fs::recursive_directory_iterator(fs::path(HEDL_CONFORMANCE_DIR))) {
    if (e.is_regular_file() && e.path().extension() == ".hedl") docs.push_back(read_bytes(e.path()));
  }
  std::sort(docs.begin(), docs.end());  // a fixed order, whatever the file system's
  REQUIRE(!docs.empty());

  std::mt19937 rng(0x4845444cu);
  const int kMutants = 6000;
  std::size_t parsed = 0;
  for (int i = 0; i < kMutants; ++i) {
    std::string s = docs[rng() % docs.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
      switch (rng() % 7) {
        case 0:  // flip one bit
          if (pos < s.size()) s[pos] = static_cast<char>(s[pos] ^ (1 << (rng() % 8)));
          break;
        case 1:  // insert a random byte
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<char>(rng() & 0xff));
          break;
        case 2:  // insert a syntax character
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), kAlphabet[rng() % kAlphabet.size()]);
          break;
        case 3:  // delete a byte
          if (pos < s.size()) s.erase(pos, 1);
          break;
        case 4:  // replace with a syntax character
          if (pos < s.size()) s[pos] = kAlphabet[rng() % kAlphabet.size()];
          break;
        case 5: {  // duplicate a slice
          if (pos < s.size()) {
            const std::size_t n = std::min<std::size_t>(1 + rng() % 40, s.size() - pos);
            s.insert(pos, s.substr(pos, n));
          }
          break;
        }
        case 6:  // truncate
          if (rng() % 3 == 0) s.resize(pos);
          break;
      }
    }
    for (bool strict : {true, false}) {
      std::string why = check_any(s, strict);
      if (!why.empty()) FAIL_CHECK("mutant " << i << ": " << why << "\n  input: " << escape(s, 2000));
    }
    if (i % 8 == 0) {
      std::string why = check_c_api(s, static_cast<int>(i & 1));
      if (!why.empty()) FAIL_CHECK("mutant " << i << " (C API): " << why << "\n  input: " << escape(s, 2000));
    }
    if (parse_lim(s, hedl::Limits{}).ok()) ++parsed;
  }
  SUCCEED("mutants that parsed: " << parsed << " of " << kMutants);
}
