// The C++ API: hedl::parse / parse_with_limits, walking a Document, Error,
// and hedl::to_json (pretty, compact, metadata).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.hpp"
#include "json_compare.hpp"

namespace {

// Line numbers are given in the comments; tests below rely on them.
const char *const kDoc =
    "%VERSION: 1.0\n"                        // 1
    "%ALIAS: %on: \"true\"\n"                // 2
    "%STRUCT: User: [id, name, age]\n"       // 3
    "%STRUCT: Post: [id, title, author]\n"   // 4
    "%NEST: User > Post\n"                   // 5
    "---\n"                                  // 6
    "title: Example\n"                       // 7
    "count: 42\n"                            // 8
    "ratio: 0.5\n"                           // 9
    "flag: %on\n"                            // 10
    "nothing: ~\n"                           // 11
    "quoted: \"a \"\"b\"\" # c\"  # note\n"  // 12
    "expr: $(x + 1)\n"                       // 13
    "vec: [1, 2, 3]\n"                       // 14
    "mat: [[1, 2], [3, 4]]\n"                // 15
    "config:\n"                              // 16
    "  host: localhost\n"                    // 17
    "  port: 8080\n"                         // 18
    "  owner: @User:u1\n"                    // 19
    "users: @User\n"                         // 20
    "  |[2] u1, Alice, 30\n"                 // 21
    "    |p1, Hello, @User:u1\n"             // 22
    "    |p2, ^, @User:u2\n"                 // 23
    "  |u2, Bob, ^\n"                        // 24
    "    |p3, \"Hi, there\", @User:u1\n";    // 25

const char *const kDocJson = R"J({
  "title": "Example", "count": 42, "ratio": 0.5, "flag": true, "nothing": null,
  "quoted": "a \"b\" # c", "expr": "$(x + 1)", "vec": [1, 2, 3], "mat": [[1, 2], [3, 4]],
  "config": {"host": "localhost", "port": 8080, "owner": {"@ref": "@User:u1"}},
  "users": [
    {"id": "u1", "name": "Alice", "age": 30, "Post": [
      {"id": "p1", "title": "Hello", "author": {"@ref": "@User:u1"}},
      {"id": "p2", "title": "Hello", "author": {"@ref": "@User:u2"}}]},
    {"id": "u2", "name": "Bob", "age": 30, "Post": [
      {"id": "p3", "title": "Hi, there", "author": {"@ref": "@User:u1"}}]}]
})J";

const char *const kDocJsonMeta = R"J({
  "title": "Example", "count": 42, "ratio": 0.5, "flag": true, "nothing": null,
  "quoted": "a \"b\" # c", "expr": "$(x + 1)", "vec": [1, 2, 3], "mat": [[1, 2], [3, 4]],
  "config": {"host": "localhost", "port": 8080, "owner": {"@ref": "@User:u1"}},
  "users": {"__type__": "User", "__schema__": ["id", "name", "age"], "items": [
    {"__type__": "User", "id": "u1", "name": "Alice", "age": 30, "Post": [
      {"__type__": "Post", "id": "p1", "title": "Hello", "author": {"@ref": "@User:u1"}},
      {"__type__": "Post", "id": "p2", "title": "Hello", "author": {"@ref": "@User:u2"}}]},
    {"__type__": "User", "id": "u2", "name": "Bob", "age": 30, "Post": [
      {"__type__": "Post", "id": "p3", "title": "Hi, there", "author": {"@ref": "@User:u1"}}]}]}
})J";

hedl::Document parse_ok(std::string_view text) {
  auto r = hedl::parse(text);
  INFO("error: " << (r.ok() ? std::string() : r.error().to_string()));
  REQUIRE(r.ok());
  return std::move(r).value();
}

const hedl::Item &item(const hedl::Object &o, std::string_view key) {
  const hedl::Item *it = o.find(key);
  INFO("key " << key);
  REQUIRE(it != nullptr);
  return *it;
}

const hedl::Value &scalar(const hedl::Object &o, std::string_view key) {
  const hedl::Item &it = item(o, key);
  REQUIRE(it.kind() == hedl::ItemKind::Scalar);
  return it.value;
}

std::vector<const hedl::Row *> rows_of(const hedl::MatrixList &l) {
  std::vector<const hedl::Row *> v;
  for (const hedl::Row &r : l.rows()) v.push_back(&r);
  return v;
}

std::string_view str(const hedl::Value &v) {
  REQUIRE(v.kind() == hedl::ValueKind::String);
  return v.as_string();
}

}  // namespace

TEST_CASE("parse: document header data", "[cpp_api]") {
  hedl::Document doc = parse_ok(kDoc);
  CHECK(doc.version_major() == 1);
  CHECK(doc.version_minor() == 0);
  CHECK(doc.memory_usage() > 0);

  REQUIRE(doc.schemas().size() == 2);
  const hedl::Schema *user = doc.schemas()[0];
  const hedl::Schema *post = doc.schemas()[1];
  CHECK(user->type_name == "User");
  CHECK(post->type_name == "Post");
  REQUIRE(user->columns.size() == 3);
  CHECK(user->columns[0] == "id");
  CHECK(user->columns[1] == "name");
  CHECK(user->columns[2] == "age");
  CHECK(user->declared);
  CHECK(user->line == 3);
  CHECK(post->line == 4);
  CHECK(user->nest_child == post);
  CHECK(post->nest_child == nullptr);
  CHECK(doc.find_schema("User") == user);
  CHECK(doc.find_schema("Post") == post);
  CHECK(doc.find_schema("Nope") == nullptr);

  REQUIRE(doc.aliases().size() == 1);
  CHECK(doc.aliases()[0].key == "on");
  CHECK(doc.aliases()[0].value == "true");
  CHECK(doc.aliases()[0].line == 2);

  REQUIRE(doc.nests().size() == 1);
  CHECK(doc.nests()[0].parent == "User");
  CHECK(doc.nests()[0].child == "Post");
  CHECK(doc.nests()[0].line == 5);
}

TEST_CASE("parse: walking items and values", "[cpp_api]") {
  hedl::Document doc = parse_ok(kDoc);
  const hedl::Object &root = doc.root();

  // Items in document order, with their kinds and positions.
  const std::vector<std::pair<std::string_view, hedl::ItemKind>> want = {
      {"title", hedl::ItemKind::Scalar},  {"count", hedl::ItemKind::Scalar},   {"ratio", hedl::ItemKind::Scalar},
      {"flag", hedl::ItemKind::Scalar},   {"nothing", hedl::ItemKind::Scalar}, {"quoted", hedl::ItemKind::Scalar},
      {"expr", hedl::ItemKind::Scalar},   {"vec", hedl::ItemKind::Scalar},     {"mat", hedl::ItemKind::Scalar},
      {"config", hedl::ItemKind::Object}, {"users", hedl::ItemKind::List},
  };
  REQUIRE(root.entries().size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const hedl::Item &it = root.entries()[i];
    INFO("item " << i);
    CHECK(it.key == want[i].first);
    CHECK(it.kind() == want[i].second);
    CHECK(it.line == 7 + i + (i == 10 ? 3 : 0));  // config's three keys sit before users
  }
  CHECK(root.find("missing") == nullptr);

  CHECK(str(scalar(root, "title")) == "Example");

  const hedl::Value &count = scalar(root, "count");
  REQUIRE(count.kind() == hedl::ValueKind::Int);
  CHECK(count.as_int() == 42);

  const hedl::Value &ratio = scalar(root, "ratio");
  REQUIRE(ratio.kind() == hedl::ValueKind::Float);
  CHECK(ratio.as_float() == 0.5);

  const hedl::Value &flag = scalar(root, "flag");  // alias "true" → Bool
  REQUIRE(flag.kind() == hedl::ValueKind::Bool);
  CHECK(flag.as_bool());

  CHECK(scalar(root, "nothing").is_null());
  CHECK(scalar(root, "nothing").kind() == hedl::ValueKind::Null);

  CHECK(str(scalar(root, "quoted")) == "a \"b\" # c");

  const hedl::Value &expr = scalar(root, "expr");
  REQUIRE(expr.kind() == hedl::ValueKind::Expression);
  CHECK(expr.as_string() == "$(x + 1)");
  CHECK(expr.expression_body() == "x + 1");

  const hedl::Value &vec = scalar(root, "vec");
  REQUIRE(vec.kind() == hedl::ValueKind::Tensor);
  {
    const hedl::Tensor &t = vec.as_tensor();
    REQUIRE(t.shape.size() == 1);
    CHECK(t.shape[0] == 3);
    REQUIRE(t.data.size() == 3);
    CHECK(t.data[0] == 1.0);
    CHECK(t.data[1] == 2.0);
    CHECK(t.data[2] == 3.0);
  }
  const hedl::Value &mat = scalar(root, "mat");
  REQUIRE(mat.kind() == hedl::ValueKind::Tensor);
  {
    const hedl::Tensor &t = mat.as_tensor();
    REQUIRE(t.shape.size() == 2);
    CHECK(t.shape[0] == 2);
    CHECK(t.shape[1] == 2);
    REQUIRE(t.data.size() == 4);
    CHECK(t.data[0] == 1.0);
    CHECK(t.data[1] == 2.0);
    CHECK(t.data[2] == 3.0);
    CHECK(t.data[3] == 4.0);
  }

  // A nested object.
  const hedl::Item &config = item(root, "config");
  REQUIRE(config.kind() == hedl::ItemKind::Object);
  CHECK(config.line == 16);
  const hedl::Object &cfg = *config.object();
  REQUIRE(cfg.entries().size() == 3);
  CHECK(cfg.entries()[0].key == "host");
  CHECK(cfg.entries()[0].line == 17);
  CHECK(cfg.column == 3);  // keys of an object one level deep
  CHECK(cfg.entries()[2].line == 19);
  CHECK(str(scalar(cfg, "host")) == "localhost");
  CHECK(scalar(cfg, "port").as_int() == 8080);

  const hedl::Value &owner = scalar(cfg, "owner");
  REQUIRE(owner.kind() == hedl::ValueKind::Reference);
  const hedl::Reference ref = owner.as_reference();
  CHECK(ref.type == "User");
  CHECK(ref.id == "u1");
  CHECK(ref.resolved);
  CHECK(owner.reference_text() == "User:u1");
}

TEST_CASE("parse: matrix lists, rows, cells and %NEST children", "[cpp_api]") {
  hedl::Document doc = parse_ok(kDoc);
  const hedl::Item &users_item = item(doc.root(), "users");
  REQUIRE(users_item.kind() == hedl::ItemKind::List);
  CHECK(users_item.line == 20);
  const hedl::MatrixList &users = *users_item.list();
  CHECK(users.type_name() == "User");
  CHECK(users.schema == doc.find_schema("User"));
  CHECK(users.column_count() == 3);
  CHECK(users.count == 2);
  CHECK(users.line == 20);
  CHECK(users.column == 3);  // the '|' of "  |[2] u1, ..."
  CHECK(users.count_hint == -1);

  auto rows = rows_of(users);
  REQUIRE(rows.size() == 2);
  CHECK(users.head == rows[0]);
  CHECK(users.tail == rows[1]);

  const hedl::Row &u1 = *rows[0];
  CHECK(u1.line == 21);
  CHECK(u1.count_hint == 2);
  auto c1 = u1.cells(users.column_count());
  REQUIRE(c1.size() == 3);
  CHECK(str(c1[0]) == "u1");
  CHECK(str(u1.id()) == "u1");
  CHECK(str(c1[1]) == "Alice");
  REQUIRE(c1[2].kind() == hedl::ValueKind::Int);
  CHECK(c1[2].as_int() == 30);

  const hedl::Row &u2 = *rows[1];
  CHECK(u2.line == 24);
  CHECK(u2.count_hint == -1);
  auto c2 = u2.cells(users.column_count());
  CHECK(str(c2[1]) == "Bob");
  REQUIRE(c2[2].kind() == hedl::ValueKind::Int);  // ditto keeps the type
  CHECK(c2[2].as_int() == 30);

  // Children of u1.
  REQUIRE(u1.children != nullptr);
  const hedl::MatrixList &posts = *u1.children;
  CHECK(posts.type_name() == "Post");
  CHECK(posts.schema == doc.find_schema("Post"));
  CHECK(posts.count == 2);
  CHECK(posts.line == 22);
  CHECK(posts.column == 5);
  auto prow = rows_of(posts);
  REQUIRE(prow.size() == 2);
  CHECK(prow[0]->line == 22);
  CHECK(prow[1]->line == 23);
  CHECK(prow[0]->children == nullptr);
  auto p1 = prow[0]->cells(3);
  CHECK(str(p1[0]) == "p1");
  CHECK(str(p1[1]) == "Hello");
  REQUIRE(p1[2].kind() == hedl::ValueKind::Reference);
  CHECK(p1[2].as_reference().type == "User");
  CHECK(p1[2].as_reference().id == "u1");
  CHECK(p1[2].as_reference().resolved);
  auto p2 = prow[1]->cells(3);
  CHECK(str(p2[1]) == "Hello");  // ditto within the child list
  CHECK(p2[2].as_reference().id == "u2");

  // Children of u2.
  REQUIRE(u2.children != nullptr);
  auto p3 = rows_of(*u2.children);
  REQUIRE(p3.size() == 1);
  CHECK(p3[0]->line == 25);
  CHECK(str(p3[0]->cells(3)[1]) == "Hi, there");
}

TEST_CASE("parse: inline schemas, count hints, block strings, empty objects", "[cpp_api]") {
  hedl::Document doc = parse_ok(
      "%VERSION: 1.0\n"           // 1
      "---\n"                     // 2
      "items(2): @Item[id, v]\n"  // 3
      "  | [1] a, 1.5\n"          // 4
      "  |b, \"x,y\"\n"           // 5
      "text: \"\"\"\n"            // 6
      "line one\n"                // 7
      "  line two\n"              // 8
      "\"\"\"\n"                  // 9
      "empty:\n"                  // 10
      "after: 1\n");              // 11
  CHECK(doc.schemas().empty());   // inline schemas are not declared schemas
  CHECK(doc.find_schema("Item") == nullptr);
  const hedl::Item &items = item(doc.root(), "items");
  REQUIRE(items.kind() == hedl::ItemKind::List);
  const hedl::MatrixList &l = *items.list();
  CHECK(l.count_hint == 2);
  CHECK(l.type_name() == "Item");
  CHECK_FALSE(l.schema->declared);
  REQUIRE(l.schema->columns.size() == 2);
  CHECK(l.schema->columns[1] == "v");
  auto rows = rows_of(l);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]->count_hint == 1);
  CHECK(rows[0]->cells(2)[1].kind() == hedl::ValueKind::Float);
  CHECK(rows[0]->cells(2)[1].as_float() == 1.5);
  CHECK(str(rows[1]->cells(2)[1]) == "x,y");

  const hedl::Item &text = item(doc.root(), "text");
  CHECK(text.line == 6);
  CHECK(str(text.value) == "line one\n  line two");

  const hedl::Item &empty = item(doc.root(), "empty");
  REQUIRE(empty.kind() == hedl::ItemKind::Object);
  CHECK(empty.object()->entries().empty());
  CHECK(item(doc.root(), "after").line == 11);
}

TEST_CASE("parse: strict and lenient references", "[cpp_api]") {
  const char *text =
      "%VERSION: 1.0\n"
      "%STRUCT: T: [id,ref]\n"
      "---\n"
      "d: @T\n"
      "  |a1,@missing\n"
      "  |a2,@a1\n";
  auto strict = hedl::parse(text);
  REQUIRE_FALSE(strict.ok());
  CHECK(strict.error().kind == hedl::ErrorKind::Reference);
  CHECK(strict.error().line == 5);

  hedl::ParseOptions lenient_opts{hedl::Limits{}, false};
  auto lenient = hedl::parse(text, lenient_opts);
  REQUIRE(lenient.ok());
  const hedl::MatrixList &d = *item(lenient->root(), "d").list();
  auto rows = rows_of(d);
  REQUIRE(rows.size() == 2);
  const hedl::Value &missing = rows[0]->cells(2)[1];
  REQUIRE(missing.kind() == hedl::ValueKind::Reference);
  CHECK(missing.as_reference().id == "missing");
  CHECK(missing.as_reference().type.empty());
  CHECK_FALSE(missing.as_reference().resolved);
  const hedl::Value &found = rows[1]->cells(2)[1];
  REQUIRE(found.kind() == hedl::ValueKind::Reference);
  CHECK(found.as_reference().resolved);
  CHECK(hedl_test::json_text_diff(hedl::to_json(lenient.value()),
                                  R"({"d":[{"id":"a1","ref":{"@ref":"@missing"}},
                                          {"id":"a2","ref":{"@ref":"@a1"}}]})") == "");

  // parse_with_limits, both overloads, with the same options.
  auto via_sv = hedl::parse_with_limits(std::string_view(text), lenient_opts);
  REQUIRE(via_sv.ok());
  std::string s(text);
  std::vector<std::uint8_t> bytes(s.begin(), s.end());
  auto via_bytes = hedl::parse_with_limits(std::span<const std::uint8_t>(bytes), lenient_opts);
  REQUIRE(via_bytes.ok());
  CHECK(hedl::to_json(via_bytes.value()) == hedl::to_json(lenient.value()));
  auto strict_bytes = hedl::parse_with_limits(std::span<const std::uint8_t>(bytes), hedl::ParseOptions{});
  REQUIRE_FALSE(strict_bytes.ok());
  CHECK(strict_bytes.error().kind == hedl::ErrorKind::Reference);
}

TEST_CASE("parse: errors carry kind, line and column", "[cpp_api]") {
  struct Bad {
    const char *text;
    hedl::ErrorKind kind;
    std::uint32_t line;
  };
  const Bad bad[] = {
      {"%VERSION: 1.0\n---\na: 1\nb:x\n", hedl::ErrorKind::Syntax, 4},
      {"%VERSION: 3.0\n---\n", hedl::ErrorKind::Version, 1},
      {"%VERSION: 1.0\n%STRUCT: T: [id, id]\n---\n", hedl::ErrorKind::Schema, 2},
      {"%VERSION: 1.0\n%ALIAS: %a: \"1\"\n%ALIAS: %a: \"2\"\n---\n", hedl::ErrorKind::Alias, 3},
      {"%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,1\n  |b\n", hedl::ErrorKind::Shape, 5},
      {"%VERSION: 1.0\n---\nl: @T[id,v]\n  |^,1\n", hedl::ErrorKind::Semantic, 4},
      {"%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,1\n    |b,2\n", hedl::ErrorKind::OrphanRow, 5},
      {"%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,1\n  |a,2\n", hedl::ErrorKind::Collision, 5},
      {"%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,@b\n", hedl::ErrorKind::Reference, 4},
  };
  for (const Bad &b : bad) {
    INFO("input: " << b.text);
    auto r = hedl::parse(b.text);
    REQUIRE_FALSE(r.ok());
    INFO("error: " << r.error().to_string());
    CHECK(r.error().kind == b.kind);
    CHECK(r.error().line == b.line);
    CHECK_FALSE(r.error().message.empty());
    CHECK(r.error().to_string().rfind(std::string(hedl::error_kind_name(b.kind)) + " at line " + std::to_string(b.line),
                                      0) == 0);
  }
}

TEST_CASE("Error::to_string and error_kind_name", "[cpp_api]") {
  hedl::Error e;
  e.kind = hedl::ErrorKind::Syntax;
  e.message = "unexpected thing";
  e.line = 3;
  e.column = 5;
  CHECK(e.to_string() == "SyntaxError at line 3, column 5: unexpected thing");
  e.column = 0;
  CHECK(e.to_string() == "SyntaxError at line 3: unexpected thing");
  e.kind = hedl::ErrorKind::Security;
  e.line = 1;
  e.message = "max_line_length (10) exceeded";
  CHECK(e.to_string() == "SecurityError at line 1: max_line_length (10) exceeded");

  using K = hedl::ErrorKind;
  const std::pair<K, const char *> names[] = {
      {K::Syntax, "SyntaxError"},       {K::Version, "VersionError"},       {K::Schema, "SchemaError"},
      {K::Alias, "AliasError"},         {K::Shape, "ShapeError"},           {K::Semantic, "SemanticError"},
      {K::OrphanRow, "OrphanRowError"}, {K::Collision, "CollisionError"},   {K::Reference, "ReferenceError"},
      {K::Security, "SecurityError"},   {K::Conversion, "ConversionError"},
  };
  for (const auto &[k, name] : names) CHECK(std::string(hedl::error_kind_name(k)) == name);
}

TEST_CASE("Document is movable; values outlive the Result", "[cpp_api]") {
  auto r = hedl::parse(kDoc);
  REQUIRE(r.ok());
  hedl::Document a = std::move(r).value();
  hedl::Document b = std::move(a);
  CHECK(str(scalar(b.root(), "title")) == "Example");
  hedl::Document c = parse_ok("%VERSION: 1.0\n---\nx: 1\n");
  c = std::move(b);
  CHECK(str(scalar(c.root(), "title")) == "Example");
  CHECK(hedl_test::json_text_diff(hedl::to_json(c), kDocJson) == "");
}

TEST_CASE("to_json: compact, pretty, metadata", "[cpp_api][json]") {
  hedl::Document doc = parse_ok(kDoc);

  const std::string compact = hedl::to_json(doc);
  CHECK(compact.find('\n') == std::string::npos);
  CHECK(compact.rfind("{\"title\":\"Example\",\"count\":42,", 0) == 0);  // document order
  CHECK(hedl_test::json_text_diff(compact, kDocJson) == "");
  CHECK(hedl::to_json(doc, hedl::JsonOptions{}) == compact);

  hedl::JsonOptions pretty_opts;
  pretty_opts.pretty = true;
  const std::string pretty = hedl::to_json(doc, pretty_opts);
  CHECK(pretty.find('\n') != std::string::npos);
  CHECK(pretty.rfind("{\n  \"title\":", 0) == 0);  // two-space indentation
  CHECK(pretty.find("\n    \"host\":") != std::string::npos);
  CHECK(hedl_test::json_text_diff(pretty, kDocJson) == "");

  hedl::JsonOptions meta_opts;
  meta_opts.metadata = true;
  const std::string meta = hedl::to_json(doc, meta_opts);
  CHECK(meta.find('\n') == std::string::npos);
  CHECK(hedl_test::json_text_diff(meta, kDocJsonMeta) == "");

  meta_opts.pretty = true;
  const std::string meta_pretty = hedl::to_json(doc, meta_opts);
  CHECK(meta_pretty.find('\n') != std::string::npos);
  CHECK(hedl_test::json_text_diff(meta_pretty, kDocJsonMeta) == "");

  // The appending overload.
  std::string out = "PREFIX";
  hedl::to_json(doc, hedl::JsonOptions{}, out);
  CHECK(out == "PREFIX" + compact);
}

TEST_CASE("to_json metadata: lists at any depth are wrapped, NEST children stay arrays", "[cpp_api][json]") {
  hedl::Document doc = parse_ok(
      "%VERSION: 1.0\n"
      "%STRUCT: A: [id, n]\n"
      "%STRUCT: B: [id]\n"
      "%STRUCT: C: [id]\n"
      "%NEST: A > B\n"
      "%NEST: B > C\n"
      "---\n"
      "outer:\n"
      "  inner:\n"
      "    tags: @Tag[id, label]\n"
      "      |t1, red\n"
      "  as: @A\n"
      "    |a1, 1\n"
      "      |b1\n"
      "        |c1\n"
      "        |c2\n");
  const char *plain = R"({"outer": {
      "inner": {"tags": [{"id": "t1", "label": "red"}]},
      "as": [{"id": "a1", "n": 1, "B": [{"id": "b1", "C": [{"id": "c1"}, {"id": "c2"}]}]}]}})";
  const char *meta = R"({"outer": {
      "inner": {"tags": {"__type__": "Tag", "__schema__": ["id", "label"],
                         "items": [{"__type__": "Tag", "id": "t1", "label": "red"}]}},
      "as": {"__type__": "A", "__schema__": ["id", "n"], "items": [
        {"__type__": "A", "id": "a1", "n": 1, "B": [
          {"__type__": "B", "id": "b1", "C": [{"__type__": "C", "id": "c1"},
                                             {"__type__": "C", "id": "c2"}]}]}]}}})";
  CHECK(hedl_test::json_text_diff(hedl::to_json(doc), plain) == "");
  hedl::JsonOptions o;
  o.metadata = true;
  CHECK(hedl_test::json_text_diff(hedl::to_json(doc, o), meta) == "");
}

TEST_CASE("to_json: string escaping and special values", "[cpp_api][json]") {
  hedl::Document doc = parse_ok(
      "%VERSION: 1.0\n"
      "---\n"
      "quote: \"say \"\"hi\"\"\"\n"
      "backslash: C:\\path\\to\n"
      "tab: \"a\tb\"\n"
      "unicode: h\xc3\xa9llo \xf0\x9f\x98\x80\n"
      "control: \"\"\"\n"
      "x\n"
      "y\n"
      "\"\"\"\n"
      "del: a\x7f"
      "b\n"
      "big: 123456789012345678901234567890\n"
      "neg: -7\n"
      "zero_float: 0.0\n"
      "lead: 007\n"
      "sci: 1e10\n"
      "minus_dot: -.5\n"
      "caret: ^\n"
      "at_email: a@b.c\n"
      "percent: %50\n"
      "l: @T[id, v]\n"
      "  |r1, \"line\\nbreak\"\n"
      "  |r2, \"\"\n");
  const char *expected = R"({
    "quote": "say \"hi\"", "backslash": "C:\\path\\to", "tab": "a\tb",
    "unicode": "h\u00e9llo \ud83d\ude00", "control": "x\ny", "del": "a\u007fb",
    "big": "123456789012345678901234567890", "neg": -7, "zero_float": 0.0, "lead": 7,
    "sci": "1e10", "minus_dot": "-.5", "caret": "^", "at_email": "a@b.c", "percent": "%50",
    "l": [{"id": "r1", "v": "line\nbreak"}, {"id": "r2", "v": ""}]})";
  for (bool pretty : {false, true}) {
    hedl::JsonOptions o;
    o.pretty = pretty;
    const std::string j = hedl::to_json(doc, o);
    INFO(j);
    CHECK(hedl_test::json_text_diff(j, expected) == "");
  }
}

TEST_CASE("code_frame: the error's line with context and a caret", "[code_frame]") {
  const std::string text = "%VERSION: 1.0\n---\na: 1\nb: [x]\nc: 3\n";
  CHECK(hedl::code_frame(text, 4, 4) ==
        "  3 | a: 1\n"
        "> 4 | b: [x]\n"
        "    |    ^\n"
        "  5 | c: 3\n");
  // The first and the last line have context on one side only.
  CHECK(hedl::code_frame(text, 1, 1) == "> 1 | %VERSION: 1.0\n    | ^\n  2 | ---\n");
  CHECK(hedl::code_frame(text, 5, 2) == "  4 | b: [x]\n> 5 | c: 3\n    |  ^\n");
  // Line numbers are right-aligned to the widest shown.
  std::string many;
  for (int i = 1; i <= 10; ++i) many += "line" + std::to_string(i) + "\n";
  CHECK(hedl::code_frame(many, 9, 0) == "   8 | line8\n>  9 | line9\n  10 | line10\n");  // column 0: no caret
  // Unknown or past the end: nothing.
  CHECK(hedl::code_frame(text, 0, 3).empty());
  CHECK(hedl::code_frame(text, 9, 1).empty());
  CHECK(hedl::code_frame("", 1, 1) == "> 1 |\n    | ^\n");
  // Columns count code points; tabs stay tabs under the caret; CR is dropped; controls show as '?'.
  CHECK(hedl::code_frame("k: \"é\xE2\x82\xAC\" x\r\nz\n", 1, 9) == "> 1 | k: \"é€\" x\n    |         ^\n  2 | z\n");
  CHECK(hedl::code_frame("\tkey: \x01v\n", 1, 8) == "> 1 | \tkey: ?v\n    | \t      ^\n");
  // A caret just past the end of the line (an error at the end of it).
  CHECK(hedl::code_frame("a: [1, 2\n", 1, 9) == "> 1 | a: [1, 2\n    |         ^\n");
  // A long line (minified JSON): a window around the column.
  std::string longline(400, 'x');
  longline[150] = 'Y';
  std::string frame = hedl::code_frame(longline, 1, 151);
  CHECK(frame.find("> 1 | ...") == 0);
  CHECK(frame.find("...\n") != std::string::npos);
  std::string caret_line = frame.substr(frame.find('\n') + 1);
  std::string shown = frame.substr(0, frame.find('\n'));
  CHECK(shown.size() == std::string("> 1 | ...").size() + 120 + 3);
  CHECK(shown[caret_line.find('^')] == 'Y');
  // From an error: the same text.
  auto r = hedl::parse(text);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code_frame(text) == hedl::code_frame(text, r.error().line, r.error().column));
  CHECK(r.error().code_frame(text).find("> 4 | b: [x]\n") != std::string::npos);
}

TEST_CASE("code_frame: an excerpt numbered from its first line", "[code_frame]") {
  CHECK(hedl::code_frame("b: 2\nc: [x]\nd: 4\n", 100, 5, 99) ==
        "   99 | b: 2\n> 100 | c: [x]\n      |     ^\n  101 | d: 4\n");
  CHECK(hedl::code_frame("b: 2\n", 98, 1, 99).empty());
}
