// The canonical form (SPEC 13, D15): exact bytes for small
// documents, and for every valid conformance case and thousands of generated
// hostile documents: a fixed point (canonicalize(parse(c)) == c) that parses
// back to the same data (JSON as data, plus an exact dump of kinds, float
// bits and reference resolution).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../../core/src/c_api/internal.hpp"  // HedlDocument, to plant an unspellable value
#include "canonical_gen.hpp"
#include "hedl.h"
#include "hedl.hpp"
#include "json_compare.hpp"

namespace fs = std::filesystem;

namespace {

// ---- an exact dump of a Document's data -------------------------------------

std::string hex_bits(double d) {
  std::uint64_t u;
  std::memcpy(&u, &d, 8);
  char buf[20];
  auto r = std::to_chars(buf, buf + sizeof buf, u, 16);
  return std::string(buf, r.ptr);
}

void dump_value(const hedl::Value &v, std::string &out) {
  using hedl::ValueKind;
  switch (v.kind()) {
    case ValueKind::Null: out += "null"; return;
    case ValueKind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case ValueKind::Int: out += "int " + std::to_string(v.as_int()); return;
    case ValueKind::Float: out += "float " + hex_bits(v.as_float()); return;
    case ValueKind::String:
      out += "str " + std::to_string(v.as_string().size()) + ":" + std::string(v.as_string());
      return;
    case ValueKind::Expression: out += "expr " + std::string(v.as_string()); return;
    case ValueKind::Reference:
      out += std::string("ref ") + (v.as_reference().resolved ? "resolved " : "unresolved ") +
             std::string(v.reference_text());
      return;
    case ValueKind::Tensor: {
      const hedl::Tensor &t = v.as_tensor();
      out += "tensor";
      for (auto s : t.shape) out += " " + std::to_string(s);
      out += ":";
      for (double d : t.data) out += " " + hex_bits(d);
      return;
    }
  }
}

void dump_rows(const hedl::MatrixList &l, int depth, std::string &out) {
  out += std::string(l.type_name()) + (l.schema->declared ? " declared [" : " inline [");
  for (auto c : l.schema->columns) out += std::string(c) + ",";
  out += "] " + std::to_string(l.count) + " rows\n";
  for (const hedl::Row &r : l.rows()) {
    out += std::string(2 * depth, ' ') + "row";
    for (const hedl::Value &v : r.cells(l.column_count())) {
      out += " | ";
      dump_value(v, out);
    }
    out += "\n";
    if (r.children) {
      out += std::string(2 * depth + 2, ' ') + "children ";
      dump_rows(*r.children, depth + 2, out);
    }
  }
}

void dump_object(const hedl::Object &o, int depth, std::string &out) {
  std::vector<const hedl::Item *> items;
  for (const hedl::Item &it : o.entries()) items.push_back(&it);
  std::sort(items.begin(), items.end(), [](auto *a, auto *b) { return a->key < b->key; });
  for (const hedl::Item *it : items) {
    out += std::string(2 * depth, ' ') + std::string(it->key) + ": ";
    switch (it->kind()) {
      case hedl::ItemKind::Scalar:
        dump_value(it->value, out);
        out += "\n";
        break;
      case hedl::ItemKind::Object:
        out += "object\n";
        dump_object(*it->object(), depth + 1, out);
        break;
      case hedl::ItemKind::List: dump_rows(*it->list(), depth + 1, out); break;
    }
  }
}

/// Everything a document holds as data, keys and directives sorted; count
/// hints and source lines left out (they are not data).
std::string dump(const hedl::Document &doc) {
  std::string out = "version " + std::to_string(doc.version_major()) + "." + std::to_string(doc.version_minor()) + "\n";
  std::vector<std::string> lines;
  for (const hedl::Alias &a : doc.aliases())
    lines.push_back("alias " + std::string(a.key) + "=" + std::string(a.value));
  for (const hedl::Schema *s : doc.schemas()) {
    std::string l = "struct " + std::string(s->type_name) + " [";
    for (auto c : s->columns) l += std::string(c) + ",";
    lines.push_back(l + "]");
  }
  for (const hedl::Nest &n : doc.nests()) lines.push_back("nest " + std::string(n.parent) + ">" + std::string(n.child));
  std::sort(lines.begin(), lines.end());
  for (auto &l : lines) out += l + "\n";
  dump_object(doc.root(), 0, out);
  return out;
}

// ---- the round-trip check ------------------------------------------------------

/// Lines that end in a space or tab outside block-string content, or "".
std::string trailing_whitespace(const std::string &c) {
  bool in_block = false;
  std::size_t start = 0, line = 1;
  while (start < c.size()) {
    std::size_t nl = c.find('\n', start);
    std::string l = c.substr(start, nl - start);
    start = nl == std::string::npos ? c.size() : nl + 1;
    ++line;
    std::string t = l.substr(std::min(l.find_first_not_of(' '), l.size()));
    if (in_block) {
      if (t == "\"\"\"") in_block = false;
      continue;
    }
    if (l.size() >= 5 && l.compare(l.size() - 5, 5, ": \"\"\"") == 0) in_block = true;
    if (!l.empty() && (l.back() == ' ' || l.back() == '\t')) return "line " + std::to_string(line - 1) + ": " + l;
  }
  return {};
}

/// Checks D15 for one document text; returns "" or what failed.
std::string round_trip(const std::string &text, bool strict) {
  hedl::ParseOptions opt;
  opt.strict_refs = strict;
  auto p1 = hedl::parse(text, opt);
  if (!p1.ok()) return "the input does not parse: " + p1.error().to_string();
  auto c1 = hedl::canonicalize(p1.value());
  if (!c1.ok()) return "canonicalize failed: " + c1.error().to_string();
  const std::string &canon = c1.value();
  if (canon.find('\r') != std::string::npos) return "canonical form holds a CR";
  if (canon.empty() || canon.back() != '\n') return "canonical form does not end with a newline";
  if (std::string t = trailing_whitespace(canon); !t.empty()) return "trailing whitespace at " + t + "\n" + canon;
  auto p2 = hedl::parse(canon, opt);
  if (!p2.ok()) return "the canonical form does not parse: " + p2.error().to_string() + "\n" + canon;
  auto c2 = hedl::canonicalize(p2.value());
  if (!c2.ok()) return "second canonicalize failed: " + c2.error().to_string();
  if (c2.value() != canon) return "not a fixed point:\n--- first\n" + canon + "--- second\n" + c2.value();
  for (bool meta : {false, true}) {
    hedl::JsonOptions jo;
    jo.metadata = meta;
    std::string d = hedl_test::json_text_diff(hedl::to_json(p2.value(), jo), hedl::to_json(p1.value(), jo));
    if (!d.empty()) return std::string(meta ? "metadata " : "") + "JSON differs: " + d + "\n" + canon;
  }
  std::string d1 = dump(p1.value()), d2 = dump(p2.value());
  if (d1 != d2) return "data differs:\n--- input\n" + d1 + "--- canonical\n" + d2 + "--- text\n" + canon;
  // Without ditto: the same data, its own fixed point, and ditto is only a spelling.
  auto n1 = hedl::canonicalize(p1.value(), {.ditto = false});
  if (!n1.ok()) return "canonicalize without ditto failed: " + n1.error().to_string();
  auto pn = hedl::parse(n1.value(), opt);
  if (!pn.ok()) return "the ditto-free form does not parse: " + pn.error().to_string() + "\n" + n1.value();
  if (dump(pn.value()) != d1) return "the ditto-free form changes the data:\n" + n1.value();
  auto n2 = hedl::canonicalize(pn.value(), {.ditto = false});
  if (!n2.ok() || n2.value() != n1.value()) return "the ditto-free form is not a fixed point:\n" + n1.value();
  auto back = hedl::canonicalize(pn.value());
  if (!back.ok() || back.value() != canon) return "ditto-free and ditto forms disagree:\n" + n1.value();
  return {};
}

std::string canon_of(const std::string &text, bool ditto = true) {
  auto p = hedl::parse(text);
  INFO(text);
  REQUIRE(p.ok());
  auto c = hedl::canonicalize(p.value(), {.ditto = ditto});
  REQUIRE(c.ok());
  return c.value();
}

std::string read_bytes(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// ---- exact output ------------------------------------------------------------------

TEST_CASE("canonical: directive order, sorted keys, ditto on and off", "[canonical]") {
  const std::string in =
      "%VERSION: 1.0\n"
      "%STRUCT: User: [id, name, role]\n"
      "%ALIAS: %zed: \"x\"\n"
      "%STRUCT: Post: [id,body]\n"
      "%STRUCT: Comment: [id,text]\n"
      "%ALIAS: %act: \"1\"\n"
      "%NEST: User > Post\n"
      "%NEST: Post > Comment\n"
      "---\n"
      "# a comment\n"
      "zeta: 1   # inline\n"
      "alpha:\n"
      "  y: true\n"
      "  b: ~\n"
      "  inner:\n"
      "users(3): @User\n"
      "  |[7] u1, Ann, admin\n"
      "  |u2,Bob,^\n"
      "    |p1,hello\n"
      "    |p2,hello\n"
      "      |c1,x\n"
      "  |u3,^,user\n"
      "empty: @User\n";
  CHECK(canon_of(in) ==
        "%VERSION: 1.0\n"
        "%ALIAS: %act: \"1\"\n"
        "%ALIAS: %zed: \"x\"\n"
        "%STRUCT: Comment: [id,text]\n"
        "%STRUCT: Post: [id,body]\n"
        "%STRUCT: User: [id,name,role]\n"
        "%NEST: Post > Comment\n"
        "%NEST: User > Post\n"
        "---\n"
        "alpha:\n"
        "  b: ~\n"
        "  inner:\n"
        "  y: true\n"
        "empty: @User\n"
        "users: @User\n"
        "  |u1,Ann,admin\n"
        "  |[2] u2,Bob,^\n"
        "    |p1,hello\n"
        "    |[1] p2,^\n"
        "      |c1,x\n"
        "  |u3,^,user\n"
        "zeta: 1\n");
  CHECK(canon_of(in, false) ==
        "%VERSION: 1.0\n"
        "%ALIAS: %act: \"1\"\n"
        "%ALIAS: %zed: \"x\"\n"
        "%STRUCT: Comment: [id,text]\n"
        "%STRUCT: Post: [id,body]\n"
        "%STRUCT: User: [id,name,role]\n"
        "%NEST: Post > Comment\n"
        "%NEST: User > Post\n"
        "---\n"
        "alpha:\n"
        "  b: ~\n"
        "  inner:\n"
        "  y: true\n"
        "empty: @User\n"
        "users: @User\n"
        "  |u1,Ann,admin\n"
        "  |[2] u2,Bob,admin\n"
        "    |p1,hello\n"
        "    |[1] p2,hello\n"
        "      |c1,x\n"
        "  |u3,Bob,user\n"
        "zeta: 1\n");
  CHECK(canon_of("%VERSION: 1.3\n---\n") == "%V:1.3\n%NULL:~\n%QUOTE:\"\n---\n");
}

TEST_CASE("canonical: key-value quoting and block strings", "[canonical]") {
  const std::string in =
      "%VERSION: 1.0\n"
      "---\n"
      "a01: \"true\"\n"
      "a02: \"42\"\n"
      "a03: \"-0.5\"\n"
      "a04: \"  pad  \"\n"
      "a05: \"a # b\"\n"
      "a06: say \"hi\"\n"
      "a07: \"@x\"\n"
      "a08: ^\n"
      "a09: \"\"\n"
      "a10: back\\slash\n"
      "a11: \"~\"\n"
      "a12: \"%50\"\n"
      "a13: 100$ and $(x\n"
      "a14: \"tab\there\"\n"
      "a15: \"\"\"\n"
      "\"lead\n"
      "  \"\"\"\n"
      "a16: \"\"\"  # a comment\n"
      "line 1  \n"
      "\n"
      "  indented\n"
      "\"\"\"\n"
      "a17: \"[1]\"\n"
      "a18: \"007\"\n"
      "a19: 1e10\n"
      "a20: \"9223372036854775808\"\n"
      "n:\n"
      "  deep: \"\"\"\n"
      "  x\n"
      "    \"\"\"\n"
      "  deeper: \"\"\"\n"
      "      y \n"
      "  \"\"\"\n";
  CHECK(canon_of(in) ==
        "%VERSION: 1.0\n"
        "---\n"
        "a01: \"true\"\n"
        "a02: \"42\"\n"
        "a03: \"-0.5\"\n"
        "a04: \"  pad  \"\n"
        "a05: \"a # b\"\n"
        "a06: \"say \"\"hi\"\"\"\n"
        "a07: \"@x\"\n"
        "a08: ^\n"
        "a09: \"\"\n"
        "a10: back\\slash\n"
        "a11: \"~\"\n"
        "a12: \"%50\"\n"
        "a13: 100$ and $(x\n"
        "a14: \"tab\there\"\n"
        "a15: \"\"\"\n"
        "\"lead\n"
        "\"\"\"\n"
        "a16: \"\"\"\n"
        "line 1  \n"
        "\n"
        "  indented\n"
        "\"\"\"\n"
        "a17: \"[1]\"\n"
        "a18: \"007\"\n"
        "a19: 1e10\n"
        "a20: \"9223372036854775808\"\n"
        "n:\n"
        "  deep: x\n"
        "  deeper: \"    y \"\n");
}

TEST_CASE("canonical: cell quoting, IDs, empty cells", "[canonical]") {
  const std::string in =
      "%VERSION: 1.0\n"
      "---\n"
      "t: @Thing[id,a,b,c]\n"
      "  |x1,\"a,b\",\"x\\ny\",\"\"\n"
      "  |\"a b\",,\"^\",\"\"\n"
      "  |\"true\",a\\b,\"q\"\"q\",\"  \"\n"
      "  |\"1\",\"|\",\"#\",\"tab\\there\"\n"
      "  |\"\\\\\",\"cr\\r\",\"$(x)\",a$x\n"
      "  |\"x,\\\\\",\"true\",\"12.5\",\"~\"\n";
  CHECK(canon_of(in) ==
        "%VERSION: 1.0\n"
        "---\n"
        "t: @Thing[id,a,b,c]\n"
        "  |x1,\"a,b\",\"x\\ny\",\"\"\n"
        "  |\"a b\",,\"^\",^\n"
        "  |\"true\",a\\b,\"q\"\"q\",\"  \"\n"
        "  |\"1\",\"|\",\"#\",\"tab\\there\"\n"
        "  |\"\\\\\",\"cr\\r\",\"$(x)\",a$x\n"
        "  |\"x,\\\\\",\"true\",\"12.5\",\"~\"\n");
}

TEST_CASE("canonical: numbers, tensors, references, expressions", "[canonical]") {
  const std::string in =
      "%VERSION: 1.0\n"
      "%STRUCT: N: [id,f,r]\n"
      "---\n"
      "f1: 1.0\n"
      "f2: 10000000000000000.0\n"
      "f3: 0.00001\n"
      "f4: -0.0\n"
      "f5: 0.1000\n"
      "f6: 0." +
      std::string(323, '0') + "494065645841246544\n" +  // 5e-324, the smallest subnormal
      "i1: -9223372036854775808\n"
      "i2: 007\n"
      "t1: [1,2,3]\n"
      "t2: [[1.0, 2.5], [-0.0, 100000000000000000000.0]]\n"
      "e: $(f(\")\", \"a,b\") # x)\n"
      "r: @N:n1\n"
      "nodes: @N\n"
      "  |n1,1.5,@n2\n"
      "  |n2,1.5,@n2\n"
      "  |n3,$(a, b),@N:n1\n";
  CHECK(canon_of(in) ==
        "%VERSION: 1.0\n"
        "%STRUCT: N: [id,f,r]\n"
        "---\n"
        "e: $(f(\")\", \"a,b\") # x)\n"
        "f1: 1.0\n"
        "f2: 10000000000000000.0\n"
        "f3: 0.00001\n"
        "f4: -0.0\n"
        "f5: 0.1\n"
        "f6: 0." +
            std::string(323, '0') + "5\n" +
            "i1: -9223372036854775808\n"
            "i2: 7\n"
            "nodes: @N\n"
            "  |n1,1.5,@n2\n"
            "  |n2,^,^\n"
            "  |n3,$(a, b),@N:n1\n"
            "r: @N:n1\n"
            "t1: [1, 2, 3]\n"
            "t2: [[1, 2.5], [-0.0, 100000000000000000000.0]]\n");
}

TEST_CASE("canonical: aliases are written, and re-used where they are the shorter spelling", "[canonical]") {
  const std::string in =
      "%VERSION: 1.0\n"
      "%ALIAS: %greeting: \"hello world\"\n"
      "%ALIAS: %hi: \"hello world\"\n"
      "%ALIAS: %on: \"true\"\n"
      "%ALIAS: %q: \"\"\"\"\"\"\"\"\n"
      "%ALIAS: %x: \"ab\"\n"
      "---\n"
      "a: %greeting\n"
      "b: hello world\n"
      "c: %on\n"
      "d: %q\n"
      "e: %x\n"
      "l: @L[id,v]\n"
      "  |%x,%hi\n"
      "  |b,%q\n";
  CHECK(canon_of(in) ==
        "%VERSION: 1.0\n"
        "%ALIAS: %greeting: \"hello world\"\n"
        "%ALIAS: %hi: \"hello world\"\n"
        "%ALIAS: %on: \"true\"\n"
        "%ALIAS: %q: \"\"\"\"\"\"\"\"\n"
        "%ALIAS: %x: \"ab\"\n"
        "---\n"
        "a: %hi\n"
        "b: %hi\n"
        "c: true\n"
        "d: %q\n"
        "e: ab\n"
        "l: @L[id,v]\n"
        "  |ab,%hi\n"
        "  |b,%q\n");
}

// ---- every valid conformance case ---------------------------------------------------

TEST_CASE("canonical: every valid conformance case is a lossless fixed point", "[canonical][conformance]") {
  const fs::path root = HEDL_CONFORMANCE_DIR;
  REQUIRE(fs::is_directory(root));
  std::size_t checked = 0;
  for (const auto &entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".hedl") continue;
    fs::path expect_path = entry.path();
    expect_path.replace_extension();
    expect_path += ".expect.json";
    simdjson::dom::parser jp = hedl_test::make_json_parser();
    simdjson::padded_string expect_text(read_bytes(expect_path));
    simdjson::dom::element expect;
    REQUIRE(jp.parse(expect_text).get(expect) == simdjson::SUCCESS);
    bool ok = false;
    if (expect["ok"].get(ok) != simdjson::SUCCESS || !ok) continue;
    bool strict = true;
    if (bool s; expect["strict"].get(s) == simdjson::SUCCESS) strict = s;
    std::string text = read_bytes(entry.path());
    hedl::ParseOptions opt;
    opt.strict_refs = strict;
    if (!hedl::parse(text, opt).ok()) continue;  // an expected failure: the conformance test owns it
    INFO(entry.path().string());
    CHECK(round_trip(text, strict) == "");
    ++checked;
  }
  CHECK(checked > 100);
}

TEST_CASE("canonical: generated hostile documents are lossless fixed points", "[canonical][property]") {
  constexpr int kDocuments = 5000;
  int parsed = 0;
  std::size_t bytes = 0;
  for (int i = 0; i < kDocuments; ++i) {
    bool strict = i % 3 != 0;
    std::string text = hedl_test::Gen(0x5EED0000ull + static_cast<std::uint64_t>(i), strict).document();
    INFO("document " << i << (strict ? " (strict)" : " (lenient)") << ":\n" << text);
    std::string why = round_trip(text, strict);
    if (!why.empty()) FAIL(why);
    ++parsed;
    bytes += text.size();
  }
  CHECK(parsed == kDocuments);
  CHECK(bytes > 100000);  // the generator is not producing trivial documents
}

TEST_CASE("canonical: deep nesting, long %NEST chains and wide objects", "[canonical]") {
  std::string text = "%VERSION: 1.0\n";
  constexpr int kChain = 30;
  for (int t = kChain - 1; t >= 0; --t) text += "%STRUCT: T" + std::to_string(t) + ": [id,v]\n";
  for (int t = 0; t + 1 < kChain; ++t) text += "%NEST: T" + std::to_string(t) + " > T" + std::to_string(t + 1) + "\n";
  text += "---\n";
  for (int k = 400; k > 0; --k) text += "k" + std::to_string(k) + ": " + std::to_string(k % 7) + "\n";
  text += "chain: @T0\n";
  for (int rep = 0; rep < 2; ++rep)
    for (int t = 0; t < kChain; ++t)
      text += std::string(2 * static_cast<std::size_t>(t + 1), ' ') + "|r" + std::to_string(rep) + "_" +
              std::to_string(t) + ",same\n";
  for (int d = 0; d < 47; ++d)
    text += std::string(2 * static_cast<std::size_t>(d), ' ') + "o" + std::to_string(d) + ":\n";
  text += std::string(94, ' ') + "z: \"\"\"\n" + std::string(94, ' ') + "deep\n\n" + std::string(94, ' ') + "\"\"\"\n";
  text += std::string(94, ' ') + "a: @T5\n" + std::string(96, ' ') + "|x,y\n" + std::string(98, ' ') + "|x,y\n";
  CHECK(round_trip(text, true) == "");
  std::string c = canon_of(text);
  CHECK(c.find("\nchain: @T0\n  |[1] r0_0,same\n    |[1] r0_1,same\n") != std::string::npos);
  CHECK(c.find("\nk1: 1\nk10: 3\nk100: 2\n") != std::string::npos);
  CHECK(c.find(std::string(92, ' ') + "o46:\n" + std::string(94, ' ') + "a: @T5\n" + std::string(96, ' ') +
               "|[1] x,y\n" + std::string(98, ' ') + "|x,y\n" + std::string(94, ' ') + "z: \"\"\"\n" +
               std::string(94, ' ') + "deep\n\n" + std::string(94, ' ') + "\"\"\"\n") != std::string::npos);
}

// ---- values no HEDL syntax can spell --------------------------------------------------

// A parsed document always canonicalizes; other producers (a future from-JSON,
// a hand-built model) may hold what HEDL cannot spell. Such a document is
// made here by editing a parsed one in place.
TEST_CASE("canonical: values HEDL cannot spell are ConversionErrors, not broken text", "[canonical]") {
  auto p = hedl::parse("%VERSION: 1.0\n%ALIAS: %a: \"x\"\n---\nk: 1\nl: @L[id,v]\n  |r1,2\n");
  REQUIRE(p.ok());
  hedl::Document &doc = p.value();
  hedl::Value &kv = doc.root().items[0].value;
  const hedl::Row &row = *doc.root().items[1].list()->head;
  auto &id = const_cast<hedl::Value &>(row.cells(2)[0]);
  auto &cell = const_cast<hedl::Value &>(row.cells(2)[1]);
  static const hedl::Tensor kEmpty{};
  static const double kNan[] = {std::nan("")};
  static const std::uint32_t kShape1[] = {1};
  static const hedl::Tensor kNanTensor{{kShape1, 1}, {kNan, 1}};
  auto expect_error = [&](const char *what) {
    INFO(what);
    auto c = hedl::canonicalize(doc);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == hedl::ErrorKind::Conversion);
    CHECK(!c.error().message.empty());
    CHECK(c.error().line > 0);
  };
  REQUIRE(hedl::canonicalize(doc).ok());
  kv = hedl::Value::string("a\rb");
  expect_error("a CR in a key-value string");
  kv = hedl::Value::string("x\n  \"\"\"  # closes\ny");
  expect_error("a line that closes a block string");
  kv = hedl::Value::string("\"\"\"");
  expect_error("a key-value string that starts with \"\"\" and no alias for it");
  kv = hedl::Value::floating(std::numeric_limits<double>::infinity());
  expect_error("infinity");
  kv = hedl::Value::tensor(&kEmpty);
  expect_error("an empty tensor");
  kv = hedl::Value::tensor(&kNanTensor);
  expect_error("NaN in a tensor");
  kv = hedl::Value::reference("not an id", true);
  expect_error("a reference that is not @Type:id");
  kv = hedl::Value::expression("$(x");
  expect_error("an unbalanced expression");
  kv = hedl::Value::integer(1);
  REQUIRE(hedl::canonicalize(doc).ok());
  cell = hedl::Value::string("bell\a");
  expect_error("a control character in a cell");
  cell = hedl::Value::integer(2);
  id = hedl::Value::integer(5);
  expect_error("a number as an ID");
  id = hedl::Value::string("");
  expect_error("an empty ID");
  id = hedl::Value::string("r1");
  REQUIRE(hedl::canonicalize(doc).ok());
  const_cast<hedl::Alias &>(doc.aliases()[0]).value = "a\nb";
  expect_error("a newline in an alias");
}

// ---- the C API ------------------------------------------------------------------

TEST_CASE("hedl_canonicalize", "[canonical][c_api]") {
  const char *text = "%VERSION: 1.0\n---\nb: 2\na: \"x y \"\n";
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse(text, -1, 1, &doc) == HEDL_OK);

  char *out = nullptr;
  REQUIRE(hedl_canonicalize(doc, &out) == HEDL_OK);
  REQUIRE(out != nullptr);
  CHECK(std::string(out) == "%VERSION: 1.0\n---\na: \"x y \"\nb: 2\n");
  CHECK(hedl_get_last_error() == nullptr);
  hedl_free_string(out);

  int sentinel = 0;
  out = reinterpret_cast<char *>(&sentinel);
  CHECK(hedl_canonicalize(nullptr, &out) == HEDL_ERR_NULL_PTR);
  CHECK(out == nullptr);
  CHECK(std::string(hedl_get_last_error_kind()) == "NullPointer");
  CHECK(hedl_canonicalize(doc, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_canonicalize(nullptr, nullptr) == HEDL_ERR_NULL_PTR);

  // A value HEDL cannot spell (see above), planted through the handle.
  doc->doc.root().items[0].value = hedl::Value::string("a\rb");
  out = reinterpret_cast<char *>(&sentinel);
  CHECK(hedl_canonicalize(doc, &out) == HEDL_ERR_CANONICALIZE);
  CHECK(out == nullptr);
  CHECK(std::string(hedl_get_last_error_kind()) == "ConversionError");
  CHECK(hedl_get_last_error_line() == 3);  // "b: 2", the first item
  hedl_free_document(doc);
}
