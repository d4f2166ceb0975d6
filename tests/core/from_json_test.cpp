// JSON -> HEDL (hedl/from_json.hpp, D24).
//
// The central property: for JSON that to_json can produce, to_json(from_json(j))
// equals j as data, and json_to_hedl(j) is HEDL text that parses back to the
// same document. JSON that HEDL cannot hold gives a ConversionError naming the
// JSON path (or a SecurityError naming a limit), never invalid HEDL.

#include <cmath>
#include <cstdint>
#include <cstring>
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

/// These tests read the converter's 1.0 text; the 2.0 default is its canonical 2.0 form (tested below).
hedl::FromJsonOptions v1_options() {
  hedl::FromJsonOptions o;
  o.version = hedl::FromJsonOptions::Version::V1_0;
  return o;
}

std::string read_file(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Converts `json` both ways and checks every promise of a successful
/// conversion. Returns "" when to_json of the result equals `json` as data,
/// else what differs or failed.
std::string round_trip(std::string_view json, const hedl::FromJsonOptions &opt = v1_options()) {
  auto text = hedl::json_to_hedl(json, opt);
  if (!text.ok()) return "json_to_hedl failed: " + text.error().to_string();
  hedl::ParseOptions po;
  po.limits = opt.limits;
  po.strict_refs = opt.strict_refs;
  auto reparsed = hedl::parse(text.value(), po);
  if (!reparsed.ok())
    return "the HEDL text does not parse back: " + reparsed.error().to_string() + "\n--- text:\n" + text.value();
  if (opt.version == hedl::FromJsonOptions::Version::V2_0) {
    // The 2.0 text is already in canonical 2.0 form (the JSON's key order kept).
    hedl::CanonicalOptions co;
    co.sort_keys = false;
    auto canon = hedl::canonicalize(reparsed.value(), co);
    if (!canon.ok()) return "the 2.0 text does not canonicalize: " + canon.error().to_string();
    if (canon.value() != text.value())
      return "the 2.0 text is not canonical:\n--- text:\n" + text.value() + "--- canonical:\n" + canon.value();
  }
  auto doc = hedl::from_json(json, opt);
  if (!doc.ok()) return "from_json failed where json_to_hedl succeeded: " + doc.error().to_string();
  std::string out = hedl::to_json(doc.value());
  if (out != hedl::to_json(reparsed.value())) return "from_json and parse(json_to_hedl) differ";
  std::string d = hedl_test::json_text_diff(out, json);
  if (!d.empty()) return d + "\n--- HEDL:\n" + text.value();
  return {};
}

/// The error from_json gives (REQUIREs a failure).
hedl::Error conversion_error(std::string_view json, const hedl::FromJsonOptions &opt = v1_options()) {
  auto r = hedl::from_json(json, opt);
  if (r.ok()) FAIL("expected an error, got:\n" << hedl::json_to_hedl(json, opt).value());
  auto t = hedl::json_to_hedl(json, opt);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().message == r.error().message);
  return r.error();
}

bool contains(const std::string &s, std::string_view part) { return s.find(part) != std::string::npos; }

/// The 1-based column of the first `needle` in one-line `json`.
std::uint32_t column_of(std::string_view json, std::string_view needle) {
  return static_cast<std::uint32_t>(json.find(needle) + 1);
}

/// The HEDL text for `json` (REQUIREs success).
std::string hedl_text(std::string_view json, const hedl::FromJsonOptions &opt = v1_options()) {
  auto t = hedl::json_to_hedl(json, opt);
  INFO((t.ok() ? std::string() : t.error().to_string()));
  REQUIRE(t.ok());
  return t.value();
}

}  // namespace

TEST_CASE("from_json: every valid conformance case's JSON round-trips", "[from_json]") {
  std::size_t cases = 0;
  std::vector<std::string> failures;
  for (const auto &entry : fs::recursive_directory_iterator(HEDL_CONFORMANCE_DIR)) {
    std::string name = entry.path().string();
    if (name.size() < 12 || name.compare(name.size() - 12, 12, ".expect.json") != 0) continue;
    std::string text = read_file(entry.path());
    simdjson::dom::parser p = hedl_test::make_json_parser();
    simdjson::padded_string padded(text);
    simdjson::dom::element expect, json;
    REQUIRE(p.parse(padded).get(expect) == simdjson::SUCCESS);
    bool ok = false;
    if (expect["ok"].get(ok) != simdjson::SUCCESS || !ok) continue;
    if (expect["json"].get(json) != simdjson::SUCCESS) continue;
    ++cases;
    // Strict references: every case's references resolve after the round trip too.
    std::string d = round_trip(simdjson::minify(json));
    if (!d.empty()) failures.push_back(name + ": " + d);
    d = round_trip(simdjson::minify(json), hedl::FromJsonOptions{});
    if (!d.empty()) failures.push_back(name + " (2.0): " + d);
  }
  for (const std::string &f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
  CHECK(cases >= 100);
}

TEST_CASE("from_json: a package.json-like object", "[from_json]") {
  const char *json = R"({
    "name": "@scope/my-package", "version": "1.2.3-beta.1", "private": true,
    "description": "A \"quoted\" package, with #hashes and | pipes",
    "main": "dist/index.js", "license": "MIT", "homepage": "https://example.com/#readme",
    "scripts": {"build": "tsc -p .", "test": "node --test", "lint": "eslint . --ext .ts"},
    "engines": {"node": ">=18"},
    "dependencies": {"left_pad": "^1.3.0", "lodash": "~4.17.21"},
    "config": {"port": 8080, "ratio": 0.75, "debug": false, "proxy": null, "retries": -3}
  })";
  CHECK(round_trip(json) == "");
  // Keys outside [a-z_][a-z0-9_]* are refused with the path and a rename.
  const char *dev = R"({"devDependencies": {"@types/node": "20"}})";
  hedl::Error e = conversion_error(dev);
  CHECK(e.kind == hedl::ErrorKind::Conversion);
  CHECK(contains(e.message, "$.devDependencies"));
  CHECK(contains(e.message, "dev_dependencies"));
  CHECK(e.line == 1);
  CHECK(e.column == column_of(dev, "{\"@"));
}

TEST_CASE("from_json: API responses with arrays of records", "[from_json]") {
  const char *json = R"({
    "meta": {"page": 1, "per_page": 3, "total": 1234, "next": "/users?page=2"},
    "users": [
      {"id": "u1", "name": "Alice", "email": "alice@example.com", "age": 31, "admin": true, "score": 9.5,
       "manager": null, "tags": "a,b", "posts": [
         {"id": "p1", "title": "Hello, world", "views": 10},
         {"id": "p2", "title": "Second # post", "views": 10}]},
      {"id": "u2", "name": "Bob", "email": "bob@example.com", "age": 31, "admin": false, "score": 9.5,
       "manager": {"@ref": "@u1"}, "tags": "", "posts": [{"id": "p3", "title": "x", "views": 0}]},
      {"id": "u-3", "name": "Zoë 😀", "email": "z@example.com", "age": 7, "admin": false, "score": -0.5,
       "manager": {"@ref": "@User:u1"}, "tags": "~", "posts": []}
    ],
    "featured": {"@ref": "@Post:p2"}
  })";
  // A child array under a lowercase key becomes %NEST children, which to_json
  // shows under the child type's name; an empty child array is refused.
  hedl::Error e = conversion_error(json);
  CHECK(contains(e.message, "$.users[2].posts"));
  CHECK(contains(e.message, "empty array"));

  std::string fixed = json;
  fixed.replace(fixed.find(R"(, "posts": [])"), std::strlen(R"(, "posts": [])"), "");
  std::string text = hedl_text(fixed);
  CHECK(contains(text, "%STRUCT: User: [id, name, email, age, admin, score, manager, tags]"));
  CHECK(contains(text, "%STRUCT: Post: [id, title, views]"));
  CHECK(contains(text, "%NEST: User > Post"));
  auto doc = hedl::from_json(fixed);
  REQUIRE(doc.ok());
  std::string expected = fixed;
  for (std::size_t at; (at = expected.find("\"posts\"")) != std::string::npos;) expected.replace(at, 7, "\"Post\"");
  CHECK(hedl_test::json_text_diff(hedl::to_json(doc.value()), expected) == "");
  // Written as to_json writes them (children under the type name), it is exact.
  CHECK(round_trip(expected) == "");
}

TEST_CASE("from_json: nested children, several levels", "[from_json]") {
  const char *json = R"({"organizations": [
    {"id": "o1", "name": "Acme", "Department": [
      {"id": "d1", "name": "R&D", "Employee": [{"id": "e1", "name": "Ann"}, {"id": "e2", "name": "Ben"}]},
      {"id": "d2", "name": "Ops"}]},
    {"id": "o2", "name": "Globex", "Department": [{"id": "d3", "name": "Sales", "Employee": [{"id": "e3", "name": "Cy"}]}]}
  ]})";
  CHECK(round_trip(json) == "");
  std::string text = hedl_text(json);
  CHECK(contains(text, "%NEST: Organization > Department"));
  CHECK(contains(text, "%NEST: Department > Employee"));
  CHECK(contains(text, "      |e1,Ann\n"));

  // One child type per parent type.
  hedl::Error e =
      conversion_error(R"({"a": [{"id": "x", "Post": [{"id": "p"}]}, {"id": "y", "Comment": [{"id": "c"}]}]})");
  CHECK(contains(e.message, "$.a[1].Comment"));
  CHECK(contains(e.message, "two types"));
  // A record type inside itself is a %NEST cycle.
  e = conversion_error(R"({"t": [{"id": "a", "Node": [{"id": "b", "Node": [{"id": "c"}]}]}]})");
  CHECK(contains(e.message, "cycle"));
  // Children under a key that is neither a key nor a type name.
  e = conversion_error(R"({"t": [{"id": "a", "child-rows": [{"id": "b"}]}]})");
  CHECK(contains(e.message, "$.t[0][\"child-rows\"]"));
}

TEST_CASE("from_json: GeoJSON-like numeric arrays become tensors", "[from_json]") {
  const char *json = R"({"type": "FeatureCollection", "bbox": [-10.5, -20, 10.5, 20],
    "polygon": [[[102.0, 2.0], [103.0, 2.0], [103.0, 3.0], [102.0, 2.0]]],
    "features": [
      {"id": "f1", "kind": "Point", "coordinates": [102.0, 0.5], "weight": 1},
      {"id": "f2", "kind": "Point", "coordinates": [103.25, -1.125], "weight": 2}]})";
  CHECK(round_trip(json) == "");
  std::string text = hedl_text(json);
  CHECK(contains(text, "bbox: [-10.5, -20, 10.5, 20]"));
  CHECK(contains(text, "|f1,Point,[102, 0.5],1"));
  // Real GeoJSON nests objects in records: refused with the path.
  hedl::Error e =
      conversion_error(R"({"features": [{"id": "f1", "geometry": {"type": "Point", "coordinates": [1, 2]}}]})");
  CHECK(contains(e.message, "$.features[0].geometry"));
  CHECK(contains(e.message, "flatten"));
  // Tensors are rectangular, non-empty and numeric.
  e = conversion_error(R"({"m": [[1, 2], [3]]})");
  CHECK(contains(e.message, "$.m[1]"));
  CHECK(contains(e.message, "rectangular"));
  e = conversion_error(R"({"m": [[1, 2], []]})");
  CHECK(contains(e.message, "$.m"));
  e = conversion_error(R"({"m": [1, [2]]})");
  CHECK(contains(e.message, "$.m[1]"));
  e = conversion_error(R"({"m": [1, 2.5, "x"]})");
  CHECK(contains(e.message, "$.m[2]"));
  // A tensor holds doubles: an integer a double cannot hold is refused.
  e = conversion_error(R"({"m": [9007199254740993]})");
  CHECK(contains(e.message, "$.m[0]"));
  CHECK(round_trip(R"({"m": [9007199254740992, -9007199254740992]})") == "");
}

TEST_CASE("from_json: arrays of strings and mixed arrays are refused with the path", "[from_json]") {
  const char *tags = R"({"name": "x", "tags": ["a", "b"]})";
  hedl::Error e = conversion_error(tags);
  CHECK(e.kind == hedl::ErrorKind::Conversion);
  CHECK(contains(e.message, "$.tags[0]"));
  CHECK(contains(e.message, "no lists of strings"));
  CHECK(e.line == 1);
  CHECK(e.column == column_of(tags, "\"a\""));
  e = conversion_error(R"({"a": {"flags": [true, false]}})");
  CHECK(contains(e.message, "$.a.flags[0]"));
  e = conversion_error(R"({"a": [null]})");
  CHECK(contains(e.message, "$.a[0]"));
  e = conversion_error(R"({"list": [{"id": "a"}, "b"]})");
  CHECK(contains(e.message, "$.list[1]"));
  CHECK(contains(e.message, "a string"));
  e = conversion_error(R"({"list": [{"id": "a"}, {"@ref": "@a"}]})");
  CHECK(contains(e.message, "$.list[1]"));
  e = conversion_error(R"({"refs": [{"@ref": "@a"}]})");
  CHECK(contains(e.message, "$.refs[0]"));
  e = conversion_error(R"({"rows": [{"id": "a", "tags": ["x"]}]})");
  CHECK(contains(e.message, "$.rows[0].tags[0]"));
  e = conversion_error(R"([1, 2])");
  CHECK(contains(e.message, "root"));
}

TEST_CASE("from_json: records without an id", "[from_json]") {
  // Another field that is a unique non-empty string in every record becomes the ID column.
  const char *servers =
      R"({"servers": [{"ip": "192.168.1.1", "name": "web1"}, {"ip": "192.168.1.2", "name": "web2"}]})";
  CHECK(round_trip(servers) == "");
  CHECK(contains(hedl_text(servers), "|\"192.168.1.1\",web1"));
  // Numeric ids stay numbers; a unique string field carries the ID.
  const char *numeric = R"({"users": [{"id": 1, "name": "ann"}, {"id": 2, "name": "bob"}]})";
  CHECK(round_trip(numeric) == "");
  CHECK(contains(hedl_text(numeric), "%STRUCT: User: [name, id]"));
  // A field that repeats cannot be the ID; the next one is tried.
  CHECK(round_trip(R"({"x": [{"k": "a", "v": "p"}, {"k": "a", "v": "q"}]})") == "");
  // No candidate: refused, naming the first record without a usable id.
  const char *points = R"({"points": [{"id": "p1", "x": 1}, {"x": 2}]})";
  hedl::Error e = conversion_error(points);
  CHECK(contains(e.message, "$.points[1]"));
  CHECK(contains(e.message, "no \"id\""));
  CHECK(e.line == 1);
  CHECK(e.column == column_of(points, "{\"x\""));
  e = conversion_error(R"({"points": [{"x": 1}, {"x": 2}]})");
  CHECK(contains(e.message, "$.points[0]"));
  e = conversion_error(R"({"points": [{"id": ""}]})");
  CHECK(contains(e.message, "empty"));
  // A duplicate id is refused by the parse-back, reported against the JSON.
  const char *dup = R"({"u": [{"id": "a"}, {"id": "b"}, {"id": "a"}]})";
  e = conversion_error(dup);
  CHECK(e.kind == hedl::ErrorKind::Conversion);
  CHECK(contains(e.message, "$.u[2]"));
  CHECK(contains(e.message, "first at $.u[0]"));
  CHECK(e.line == 1);
  CHECK(e.column == std::string_view(dup).rfind("{\"id\"") + 1);
}

TEST_CASE("from_json: missing fields become ~ (D24)", "[from_json]") {
  const char *json = R"({"items": [{"id": "a", "x": 1}, {"id": "b", "y": "z"}]})";
  std::string text = hedl_text(json);
  CHECK(contains(text, "%STRUCT: Item: [id, x, y]"));
  CHECK(contains(text, "|a,1,~\n"));
  CHECK(contains(text, "|b,~,z\n"));
  auto doc = hedl::from_json(json);
  REQUIRE(doc.ok());
  CHECK(hedl_test::json_text_diff(hedl::to_json(doc.value()),
                                  R"({"items": [{"id": "a", "x": 1, "y": null}, {"id": "b", "x": null, "y": "z"}]})") ==
        "");
}

TEST_CASE("from_json: lists sharing a type name", "[from_json]") {
  // Each top-level list has its own type, so equal IDs in two lists are fine.
  const char *json = R"({"a": {"users": [{"id": "x", "n": 1}]}, "b": {"users": [{"id": "x", "m": true}]},
                         "c": [{"id": "x", "User": [{"id": "y"}]}]})";
  CHECK(round_trip(json) == "");
  std::string text = hedl_text(json);
  CHECK(contains(text, "%STRUCT: User: [id]"));  // the child type keeps the name to_json shows
  CHECK(contains(text, "users: @User2"));
  CHECK(contains(text, "users: @User3"));
  // Child records of one type share one ID space across parents.
  hedl::Error e = conversion_error(R"({"c": [{"id": "a", "Kid": [{"id": "k"}]}, {"id": "b", "Kid": [{"id": "k"}]}]})");
  CHECK(contains(e.message, "$.c[1].Kid[0]"));
}

TEST_CASE("from_json: references", "[from_json]") {
  CHECK(round_trip(R"({"users": [{"id": "u1", "boss": {"@ref": "@u2"}}, {"id": "u2", "boss": null}],
                       "owner": {"@ref": "@User:u1"}, "any": {"@ref": "@u2"}})") == "");
  // A qualified reference names the type of the list holding its target,
  // whatever that list's key says.
  const char *team = R"({"team": [{"id": "ann", "role": "lead"}, {"id": "bob", "role": "dev"}],
                         "lead": {"@ref": "@Person:ann"},
                         "tasks": [{"id": "t1", "owner": {"@ref": "@Person:bob"}}]})";
  CHECK(round_trip(team) == "");
  CHECK(contains(hedl_text(team), "team: @Person\n"));
  CHECK(contains(hedl_text(team), "tasks: @Task\n"));
  // A dangling reference: refused when references must resolve, kept otherwise.
  const char *dangling = R"({"owner": {"@ref": "@nobody"}})";
  hedl::Error e = conversion_error(dangling);
  CHECK(e.kind == hedl::ErrorKind::Conversion);
  CHECK(contains(e.message, "$.owner"));
  CHECK(contains(e.message, "strict_refs"));
  hedl::FromJsonOptions lenient = v1_options();
  lenient.strict_refs = false;
  CHECK(round_trip(dangling, lenient) == "");
  auto doc = hedl::from_json(dangling, lenient);
  REQUIRE(doc.ok());
  CHECK_FALSE(doc.value().root().items[0].value.as_reference().resolved);
  // Malformed references.
  e = conversion_error(R"({"r": {"@ref": "u1"}})");
  CHECK(contains(e.message, "$.r"));
  e = conversion_error(R"({"r": {"@ref": "@user:u1"}})");
  CHECK(contains(e.message, "invalid reference"));
  e = conversion_error(R"({"r": {"@ref": 5}})");
  CHECK(contains(e.message, "\"@ref\" must hold a string"));
  e = conversion_error(R"({"r": {"@ref": "@a", "x": 1}})");
  CHECK(contains(e.message, "nothing else"));
}

TEST_CASE("from_json: hostile strings", "[from_json]") {
  const std::vector<std::string> values = {
      "",
      " ",
      "  lead",
      "trail  ",
      "\ttab",
      "a\tb",
      "say \"hi\"",
      "\"",
      "\"\"",
      "\"x\"",
      "a,b",
      "#hash",
      "a # b",
      "|pipe",
      "a|b",
      "back\\slash",
      "\\",
      "\\n",
      "~",
      "~x",
      "^",
      "@",
      "@user",
      "$x",
      "$(x + 1)",
      "$(",
      "%",
      "%alias",
      "%50",
      "[",
      "[1, 2]",
      "[x",
      "true",
      "false",
      "null",
      "42",
      "-1",
      "3.14",
      "1e10",
      "-",
      "007",
      "99999999999999999999",
      "2024-01-01",
      "a: b",
      "---",
      "x\ny",
      "x\n",
      "\n",
      "\n\n",
      "  indented\n    more\n",
      "line\n\"\"\"x",
      "é",
      "😀",
      "\xe2\x80\xa8",
      "a\xc2\xa0",
      "\xef\xbb\xbf"
      "bom",
      "x\"\"\"",
  };
  for (const std::string &v : values) {
    std::string escaped;
    for (unsigned char c : v) {
      if (c == '"' || c == '\\') {
        escaped += '\\';
        escaped += static_cast<char>(c);
      } else if (c == '\n') {
        escaped += "\\n";
      } else if (c == '\t') {
        escaped += "\\t";
      } else {
        escaped += static_cast<char>(c);
      }
    }
    // As a key-value, as a cell, and as an ID.
    std::string json = "{\"v\": \"" + escaped + "\", \"rows\": [{\"id\": \"r1\", \"c\": \"" + escaped +
                       "\"}, {\"id\": \"r2\", \"c\": \"" + escaped + "\"}]";
    if (!v.empty()) json += ", \"ids\": [{\"id\": \"" + escaped + "\"}]";
    json += "}";
    INFO("value: " << v);
    CHECK(round_trip(json) == "");
  }
  // Block strings below the top level: the key line's indentation is stripped.
  CHECK(round_trip(R"({"a": {"b": {"t": "x\n  y\n\nz ", "q": "\"start", "e": "  "}}})") == "");
  CHECK(contains(hedl_text(R"({"a": {"b": {"t": "x\n  y"}}})"), "    t: \"\"\"\n    x\n      y\n    \"\"\"\n"));
  // Carriage returns fit in cells only; other control characters nowhere.
  CHECK(round_trip(R"({"rows": [{"id": "a", "t": "x\r\ny"}]})") == "");
  hedl::Error e = conversion_error(R"({"t": "x\r\ny"})");
  CHECK(contains(e.message, "carriage return"));
  e = conversion_error(R"({"rows": [{"id": "a", "t": "bell\u0007"}]})");
  CHECK(contains(e.message, "$.rows[0].t"));
  CHECK(contains(e.message, "U+0007"));
  // A line that reads as the end of a block string cannot be written.
  e = conversion_error(R"({"t": "a\n\"\"\"\nb"})");
  CHECK(contains(e.message, "closing"));
  CHECK(round_trip(R"({"rows": [{"id": "a", "t": "a\n\"\"\"\nb"}]})") == "");
}

TEST_CASE("from_json: expressions", "[from_json]") {
  const char *json = R"J({"e": "$(x + 1)", "rows": [{"id": "a", "f": "$(f(\"a,b\"))"}], "not": "$(x) y"})J";
  CHECK(round_trip(json) == "");
  CHECK(contains(hedl_text(json), "e: \"$(x + 1)\""));
  hedl::FromJsonOptions opt = v1_options();
  opt.expressions = true;
  CHECK(round_trip(json, opt) == "");
  std::string text = hedl_text(json, opt);
  CHECK(contains(text, "e: $(x + 1)\n"));
  CHECK(contains(text, "|a,$(f(\"a,b\"))\n"));
  CHECK(contains(text, "not: \"$(x) y\""));
  auto doc = hedl::from_json(json, opt);
  REQUIRE(doc.ok());
  CHECK(doc.value().root().items[0].value.kind() == hedl::ValueKind::Expression);
}

TEST_CASE("from_json: numbers", "[from_json]") {
  CHECK(round_trip(R"({"a": 1e300, "b": 5e-324, "c": -0.0, "d": 9223372036854775808, "e": 9007199254740993,
                       "f": -9223372036854775808, "g": 9223372036854775807, "h": 0.1, "i": 1.7976931348623157e308,
                       "j": 2.2250738585072014e-308, "k": 1E2, "l": 123456789.125, "m": -1.5e-7, "n": 0})") == "");
  std::string text = hedl_text(R"({"a": 1e3, "b": 2.5e-3, "c": 9007199254740993, "d": 1.0})");
  CHECK(contains(text, "a: 1000.0\n"));
  CHECK(contains(text, "b: 0.0025\n"));
  CHECK(contains(text, "c: 9007199254740993\n"));
  CHECK(contains(text, "d: 1.0\n"));
  // The same numbers in cells.
  CHECK(round_trip(R"({"r": [{"id": "a", "x": 1e300, "y": 5e-324, "z": 18446744073709549568}]})") == "");
  // Integers beyond 64 bits: a float when exact, else refused.
  auto doc = hedl::from_json(R"({"big": 100000000000000000000, "huge": 1180591620717411303424})");
  REQUIRE(doc.ok());
  CHECK(doc.value().root().items[0].value.kind() == hedl::ValueKind::Float);
  CHECK(doc.value().root().items[0].value.as_float() == 1e20);
  CHECK(doc.value().root().items[1].value.as_float() == std::ldexp(1.0, 70));
  hedl::Error e = conversion_error(R"({"n": 18446744073709551615})");
  CHECK(contains(e.message, "$.n"));
  e = conversion_error(R"({"x": {"n": 123456789012345678901234567890}})");
  CHECK(contains(e.message, "$.x.n"));
  CHECK(contains(e.message, "64"));
  CHECK(e.line == 1);
  e = conversion_error(R"({"n": -9223372036854775809})");
  CHECK(contains(e.message, "$.n"));
  e = conversion_error(R"({"n": 1e400})");
  CHECK(contains(e.message, "range"));
}

TEST_CASE("from_json: invalid JSON gives the line and column", "[from_json]") {
  struct Bad {
    const char *json;
    std::uint32_t line, column;
    const char *says;
  };
  const Bad bad[] = {
      {"{\"a\": 1,}", 1, 9, "trailing comma"},
      {"{\"a\" 1}", 1, 6, "':'"},
      {"{\"a\": [1 2]}", 1, 10, "','"},
      {"{\n  \"a\": tru\n}", 2, 8, "literal"},
      {"{\"a\": \"x", 1, 7, "unterminated"},
      {"{\"a\": {\"b\": 1}", 1, 15, "truncated"},
      {"", 1, 1, "empty"},
      {"{} x", 1, 4, "after the JSON value"},
      {"{\"a\": 01}", 1, 7, "leading zeros"},
      {"{\"a\": \"\t\"}", 1, 8, "control character"},
      {"{\"a\": \"\xff\"}", 1, 8, "UTF-8"},
      {"{\"a\": \"\\x\"}", 1, 8, "escape"},
      {"{\"a\": \"\\ud800\"}", 1, 8, "surrogate"},
      {"{'a': 1}", 1, 2, "string key"},
  };
  for (const Bad &b : bad) {
    INFO(b.json);
    hedl::Error e = conversion_error(b.json);
    CHECK(e.kind == hedl::ErrorKind::Conversion);
    CHECK(contains(e.message, "invalid JSON"));
    CHECK(contains(e.message, b.says));
    CHECK(e.line == b.line);
    CHECK(e.column == b.column);
  }
}

TEST_CASE("from_json: empty objects and arrays", "[from_json]") {
  CHECK(round_trip("{}") == "");
  CHECK(round_trip(R"({"a": {}})") == "");
  CHECK(round_trip(R"({"a": {}, "b": {"c": {}}})") == "");
  // An empty array becomes an empty list of the key's type.
  CHECK(round_trip(R"({"items": []})") == "");
  CHECK(contains(hedl_text(R"({"items": []})"), "items: @Item[id]"));
  CHECK(round_trip(R"({"items": [], "x": {"items": [{"id": "a", "v": 1}]}})") == "");
  CHECK(contains(hedl_text(R"({"x": {"items": [{"id": "a", "v": 1}]}, "items": []})"), "items: @Item\n"));
  // Inside a record it has no HEDL form.
  hedl::Error e = conversion_error(R"({"r": [{"id": "a", "t": []}]})");
  CHECK(contains(e.message, "$.r[0].t"));
  e = conversion_error(R"({"r": [{"id": "a", "t": {}}]})");
  CHECK(contains(e.message, "$.r[0].t"));
  // A BOM before the JSON is skipped.
  CHECK(round_trip("\xEF\xBB\xBF{\"a\": 1}") == "");
}

TEST_CASE("from_json: deep nesting is bounded by the limits", "[from_json]") {
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += "{\"a\": ";
    s += "1";
    for (int i = 0; i < depth; ++i) s += "}";
    return s;
  };
  CHECK(round_trip(nested(40)) == "");
  CHECK(round_trip(nested(50)) == "");  // the root's keys are level 0: 50 levels fit max_indent_depth 50
  hedl::Error e = conversion_error(nested(1000));
  CHECK(e.kind == hedl::ErrorKind::Security);
  CHECK(contains(e.message, "max_indent_depth"));
  e = conversion_error(nested(200000));
  CHECK(e.kind == hedl::ErrorKind::Security);
  CHECK(contains(e.message, "max_indent_depth"));
  std::string arrays(300000, '[');
  e = conversion_error("{\"a\": " + arrays);
  CHECK((e.kind == hedl::ErrorKind::Security || e.kind == hedl::ErrorKind::Conversion));
  // Raised limits let deeper documents through.
  hedl::FromJsonOptions deep = v1_options();
  deep.limits.max_indent_depth = 2000;
  CHECK(round_trip(nested(1000), deep) == "");
  // Child lists count against max_nest_depth.
  std::string chain = "{\"l\": [{\"id\": \"x0\"";
  for (int i = 1; i <= 5; ++i) chain += ", \"T" + std::to_string(i) + "\": [{\"id\": \"x" + std::to_string(i) + "\"";
  for (int i = 1; i <= 5; ++i) chain += "}]";
  chain += "}]}";
  CHECK(round_trip(chain) == "");
  hedl::FromJsonOptions shallow = v1_options();
  shallow.limits.max_nest_depth = 3;
  e = conversion_error(chain, shallow);
  CHECK(e.kind == hedl::ErrorKind::Security);
  CHECK(contains(e.message, "max_nest_depth"));
}

TEST_CASE("from_json: other limits", "[from_json]") {
  hedl::FromJsonOptions opt = v1_options();
  opt.limits.max_columns = 3;
  CHECK(round_trip(R"({"r": [{"id": "a", "b": 1, "c": 2}]})", opt) == "");
  hedl::Error e = conversion_error(R"({"r": [{"id": "a", "b": 1, "c": 2, "d": 3}]})", opt);
  CHECK(e.kind == hedl::ErrorKind::Security);
  CHECK(contains(e.message, "max_columns"));
  CHECK(contains(e.message, "$.r[0].d"));
  opt = {};
  opt.limits.max_file_size = 10;
  e = conversion_error(R"({"a": "0123456789"})", opt);
  CHECK(contains(e.message, "max_file_size"));
  opt = {};
  opt.limits.max_object_keys = 2;
  e = conversion_error(R"({"o": {"a": 1, "b": 2, "c": 3}})", opt);
  CHECK(e.kind == hedl::ErrorKind::Security);
  CHECK(contains(e.message, "max_object_keys"));
  CHECK(contains(e.message, "$.o.c"));
  opt = {};
  opt.limits.max_line_length = 30;
  e = conversion_error(R"({"a": 1, "long": "0123456789012345678901234567890123456789"})", opt);
  CHECK(contains(e.message, "max_line_length"));
  CHECK(contains(e.message, "$.long"));
}

TEST_CASE("from_json: duplicate keys are refused", "[from_json]") {
  hedl::Error e = conversion_error(R"({"a": 1, "b": 2, "a": 3})");
  CHECK(contains(e.message, "$.a"));
  CHECK(contains(e.message, "first at $.a"));
  e = conversion_error(R"({"r": [{"id": "x", "v": 1, "v": 2}]})");
  CHECK(contains(e.message, "$.r[0].v"));
}

TEST_CASE("from_json: ditto only where it reads back the same", "[from_json]") {
  const char *json = R"({"r": [{"id": "a", "x": "same", "y": 1, "z": null},
                               {"id": "b", "x": "same", "y": 12, "z": null},
                               {"id": "c", "x": "same", "y": 12, "z": "^"}]})";
  CHECK(round_trip(json) == "");
  std::string text = hedl_text(json);
  CHECK(contains(text, "|b,^,12,~\n"));
  CHECK(contains(text, "|c,^,^,\"^\"\n"));
  hedl::FromJsonOptions off = v1_options();
  off.ditto = false;
  CHECK(round_trip(json, off) == "");
  CHECK(contains(hedl_text(json, off), "|c,same,12,\"^\"\n"));
}

TEST_CASE("from_json: type names are real singulars", "[from_json]") {
  const std::pair<const char *, const char *> names[] = {
      {"people", "Person"},
      {"categories", "Category"},
      {"status", "Status"},
      {"statuses", "Status"},
      {"user_posts", "UserPost"},
      {"addresses", "Address"},
      {"boxes", "Box"},
      {"children", "Child"},
      {"data", "Datum"},
      {"users", "User"},
      {"news", "News"},
      {"series", "Series"},
      {"analyses", "Analysis"},
      {"indices", "Index"},
      {"matches", "Match"},
      {"caches", "Cache"},
      {"movies", "Movie"},
      {"parties", "Party"},
      {"leaves", "Leaf"},
      {"archives", "Archive"},
      {"heroes", "Hero"},
      {"shoes", "Shoe"},
      {"quizzes", "Quiz"},
      {"buses", "Bus"},
      {"aliases", "Alias"},
      {"classes", "Class"},
      {"criteria", "Criterion"},
      {"men", "Man"},
      {"salesmen", "Salesman"},
      {"women", "Woman"},
      {"days", "Day"},
      {"photos", "Photo"},
      {"houses", "House"},
      {"analysis", "Analysis"},
      {"item", "Item"},
      {"ip_addresses", "IpAddress"},
      {"_", "Item"},
      {"_2024", "Item2024"},
      {"v2_users", "V2User"},
      {"metadata", "Metadata"},
      {"cities", "City"},
      {"properties", "Property"},
      {"beaches", "Beach"},
      {"potatoes", "Potato"},
      {"prices", "Price"},
      {"sheep", "Sheep"},
      {"menus", "Menu"},
      {"campuses", "Campus"},
  };
  for (const auto &[key, type] : names) {
    std::string json = std::string("{\"") + key + "\": [{\"id\": \"a\"}]}";
    INFO(key);
    CHECK(contains(hedl_text(json), std::string("%STRUCT: ") + type + ": [id]\n"));
  }
}

TEST_CASE("from_json: the C API", "[from_json][c_api]") {
  HedlDocument *doc = reinterpret_cast<HedlDocument *>(&doc);  // must be overwritten
  const char *json = R"({"users": [{"id": "u1", "name": "Ann"}], "n": 1})";
  REQUIRE(hedl_from_json(json, -1, &doc) == HEDL_OK);
  REQUIRE(doc != nullptr);
  CHECK(hedl_get_last_error() == nullptr);
  CHECK(hedl_root_item_count(doc) == 2);
  CHECK(hedl_schema_count(doc) == 1);
  char *out = nullptr;
  REQUIRE(hedl_to_json(doc, 0, &out) == HEDL_OK);
  CHECK(hedl_test::json_text_diff(out, json) == "");
  hedl_free_string(out);
  hedl_free_document(doc);
  // Explicit length: only the first bytes count.
  doc = nullptr;
  REQUIRE(hedl_from_json("{\"a\": 1}garbage", 8, &doc) == HEDL_OK);
  hedl_free_document(doc);

  doc = reinterpret_cast<HedlDocument *>(&doc);
  CHECK(hedl_from_json(R"({"tags": [["a"]]})", -1, &doc) == HEDL_ERR_JSON);  // 2.0 lists do not nest
  CHECK(doc == nullptr);
  CHECK(std::string(hedl_get_last_error_kind()) == "ConversionError");
  CHECK(contains(hedl_get_last_error(), "$.tags[0]"));
  CHECK(hedl_get_last_error_line() == 1);
  CHECK(hedl_get_last_error_column() == 11);
  CHECK(hedl_from_json("{\"a\": ", -1, &doc) == HEDL_ERR_JSON);
  CHECK(std::string(hedl_get_last_error_kind()) == "ConversionError");
  CHECK(contains(hedl_get_last_error(), "invalid JSON"));
  CHECK(hedl_from_json(nullptr, -1, &doc) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_from_json("{}", -1, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_from_json("{}", -2, &doc) == HEDL_ERR_JSON);
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "{\"a\": ";
  deep += "1" + std::string(100, '}');
  CHECK(hedl_from_json(deep.c_str(), -1, &doc) == HEDL_ERR_JSON);
  CHECK(std::string(hedl_get_last_error_kind()) == "SecurityError");
}

// ---- random JSON ------------------------------------------------------------

namespace {

/// Random JSON, mostly in the class to_json produces (then the round trip must
/// be exact), sometimes with something HEDL cannot hold (then a clear error).
class RandomJson {
 public:
  /// `lists`: also arrays of mixed values (HEDL 2.0 list literals; 1.0 refuses them).
  explicit RandomJson(std::uint32_t seed, bool lists = false) : rng_(seed), lists_(lists) {}

  /// A document; `exact` says whether it stays inside the representable class.
  std::string document(bool &exact) {
    exact_ = true;
    next_id_ = 0;
    ids_.clear();
    shapes_.clear();
    std::string out;
    object(out, 0);
    exact = exact_;
    return out;
  }

 private:
  std::uint32_t pick(std::uint32_t n) { return std::uniform_int_distribution<std::uint32_t>(0, n - 1)(rng_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  // Something HEDL cannot hold, now and then.
  bool junk() {
    if (!chance(0.01)) return false;
    exact_ = false;
    return true;
  }

  static std::string quote(const std::string &s) {
    std::string o = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        o += '\\';
        o += static_cast<char>(c);
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        o += buf;
      } else {
        o += static_cast<char>(c);
      }
    }
    return o + "\"";
  }

  std::string text() {
    static const char *const parts[] = {"a",  "B", " ", ",",    "\"",     "#", "|", "\\",  "\n",   "\t",
                                        "$(", ")", "@", "%",    "~",      "^", "[", "]",   "1",    "-",
                                        ".",  "é", "😀", "true", "\"\"\"", ":", "{", "x y", "null", "0"};
    std::string s;
    std::uint32_t n = pick(6);
    for (std::uint32_t i = 0; i < n; ++i) s += parts[pick(sizeof parts / sizeof *parts)];
    if (junk()) s += "\x01";
    if (junk()) s += "\r";  // fine in a cell, refused in a key-value
    return s;
  }

  std::string number() {
    switch (pick(6)) {
      case 0: return std::to_string(static_cast<std::int64_t>(rng_()) - (1ll << 31));
      case 1: return std::to_string(static_cast<std::int64_t>((std::uint64_t(rng_()) << 32) | rng_()));
      case 2: {
        std::uint64_t bits = (std::uint64_t(rng_()) << 32) | rng_();
        double d;
        std::memcpy(&d, &bits, 8);
        if (!std::isfinite(d)) d = 0.5;
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", d);
        std::string s = buf;
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        return s;
      }
      case 3: return std::to_string(pick(100)) + "." + std::to_string(pick(1000));
      case 4: return pick(2) ? "-0.0" : "0";
      default: return std::to_string(pick(10));
    }
  }

  std::string tensor_number() {
    if (pick(2)) return std::to_string(static_cast<std::int32_t>(rng_()));
    return std::to_string(pick(1000)) + "." + std::to_string(pick(100)) + (pick(2) ? "e-3" : "");
  }

  std::string tensor() {
    std::uint32_t dims = 1 + pick(3);
    std::vector<std::uint32_t> shape(dims);
    for (auto &s : shape) s = 1 + pick(3);
    std::string out;
    // Row-major walk over the shape, written as nested arrays.
    std::vector<std::uint32_t> idx(dims, 0);
    for (std::uint32_t d = 0; d < dims; ++d) out += '[';
    while (true) {
      out += tensor_number();
      std::uint32_t d = dims;
      std::uint32_t closed = 0;
      while (d > 0) {
        --d;
        if (++idx[d] < shape[d]) break;
        idx[d] = 0;
        ++closed;
      }
      out.append(closed, ']');
      if (closed == dims) break;
      out += ',';
      out.append(closed, '[');
    }
    if (junk()) out = "[1, [2]]";
    return out;
  }

  // An array of values that is not a tensor: a 2.0 list literal.
  std::string value_list(bool in_row) {
    std::string out = "[";
    std::uint32_t n = pick(5);
    for (std::uint32_t i = 0; i < n; ++i) {
      if (i) out += ", ";
      std::string v = scalar(in_row, true);
      if (v.find("\\n") != std::string::npos || v.find("\\r") != std::string::npos ||
          v.find("\\u00") != std::string::npos)
        exact_ = false;  // no line breaks or control bytes in a list
      out += v;
    }
    return out + "]";
  }

  std::string scalar(bool in_row, bool in_list = false) {
    if (lists_ && !in_list && pick(8) == 0) return value_list(in_row);
    switch (pick(9)) {
      case 0: return "null";
      case 1: return pick(2) ? "true" : "false";
      case 2:
      case 3: return number();
      case 4: return tensor();
      case 5:
        // Unqualified references in key-values search every type; IDs are
        // unique across the document, so they resolve.
        if (!in_row && !ids_.empty())
          return "{\"@ref\": \"@" + ids_[pick(static_cast<std::uint32_t>(ids_.size()))] + "\"}";
        return "1";
      default: {
        std::string s = text();
        if (!in_row && s.find('\r') != std::string::npos) exact_ = false;
        return quote(s);
      }
    }
  }

  std::string key() {
    static const char *const keys[] = {"a", "b", "name", "value", "x_1", "_k", "items", "data", "status", "people"};
    if (junk()) return "Bad Key";
    return keys[pick(sizeof keys / sizeof *keys)];
  }

  void object(std::string &out, int depth) {
    out += '{';
    std::uint32_t n = pick(depth == 0 ? 6 : 4);
    std::vector<std::string> used;
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string k = key();
      bool dup = false;
      for (const auto &u : used) dup = dup || u == k;
      if (dup) continue;
      used.push_back(k);
      if (!out.empty() && out.back() != '{') out += ", ";
      out += quote(k) + ": ";
      std::uint32_t kind = pick(10);
      if (kind < 2 && depth < 4) {
        object(out, depth + 1);
      } else if (kind < 4 && depth < 4) {
        list(out);
      } else if (kind == 4 && junk()) {
        out += "[\"s\"]";
      } else if (kind == 5) {
        out += "[]";
      } else {
        out += scalar(false);
      }
    }
    out += '}';
  }

  // A type's shape: its columns and its child type, fixed for child types
  // (all %NEST children of one name share one schema, as to_json gives them).
  struct Shape {
    std::uint32_t ncols;
    std::string child;   // empty: no children
    std::string child2;  // a second child type (2.0 documents only); empty: none
  };

  Shape child_shape(const std::string &type, int nest) {
    for (auto &[name, shape] : shapes_)
      if (name == type) return shape;
    Shape s{pick(4), nest < 2 && pick(2) ? "Kid" + std::to_string(nest + 2) + std::to_string(pick(2)) : "", ""};
    if (lists_ && !s.child.empty() && pick(2)) s.child2 = "Alt" + std::to_string(nest + 2) + std::to_string(pick(2));
    shapes_.emplace_back(type, s);
    return s;
  }

  // A list of records: fixed columns, unique IDs, maybe children of one type.
  void list(std::string &out, int nest, Shape shape) {
    static const char *const cols[] = {"c1", "c2", "c3", "c4"};
    std::uint32_t rows = 1 + pick(4);
    out += '[';
    std::vector<std::string> mine;
    for (std::uint32_t r = 0; r < rows; ++r) {
      if (r) out += ", ";
      std::string id = "i" + std::to_string(next_id_++);
      if (junk()) id = mine.empty() ? "" : mine[0];  // empty or duplicate
      out += "{\"id\": " + quote(id);
      mine.push_back(id);
      for (std::uint32_t c = 0; c < shape.ncols; ++c) {
        out += ", \"" + std::string(cols[c]) + "\": ";
        if (c == 0 && pick(4) == 0)  // a reference to a record of this list: same type
          out += "{\"@ref\": \"@" + mine[pick(static_cast<std::uint32_t>(mine.size()))] + "\"}";
        else if (junk())
          out += "{\"nested\": 1}";
        else
          out += scalar(true);
      }
      if (!shape.child.empty() && pick(2)) {
        out += ", \"" + shape.child + "\": ";
        list(out, nest + 1, child_shape(shape.child, nest + 1));
      }
      if (!shape.child2.empty() && pick(2)) {
        out += ", \"" + shape.child2 + "\": ";
        list(out, nest + 1, child_shape(shape.child2, nest + 1));
      }
      out += '}';
    }
    out += ']';
    for (auto &id : mine) ids_.push_back(id);
  }

  void list(std::string &out) {
    Shape top{pick(4), pick(3) == 0 ? "Kid1" + std::to_string(pick(2)) : "", ""};
    if (lists_ && !top.child.empty() && pick(2)) top.child2 = "Alt1" + std::to_string(pick(2));
    list(out, 0, top);
  }

  std::vector<std::pair<std::string, Shape>> shapes_;
  std::mt19937 rng_;
  bool lists_;
  bool exact_ = true;
  std::uint32_t next_id_ = 0;
  std::vector<std::string> ids_;
};

}  // namespace

TEST_CASE("from_json: random JSON converts exactly or fails cleanly", "[from_json][fuzz]") {
  RandomJson gen(20240611);
  std::size_t converted = 0, refused = 0;
  std::mt19937 mutate(7);
  for (int i = 0; i < 3000; ++i) {
    bool exact = true;
    std::string json = gen.document(exact);
    INFO("case " << i << ": " << json);
    REQUIRE(hedl_test::json_valid(json));
    auto doc = hedl::from_json(json, v1_options());
    if (doc.ok()) {
      ++converted;
      if (exact) {
        std::string d = round_trip(json);
        if (!d.empty()) FAIL(d);
        // The 2.0 default holds the same data.
        d = round_trip(json, hedl::FromJsonOptions{});
        if (!d.empty()) FAIL("2.0: " << d);
      } else {
        auto text = hedl::json_to_hedl(json, v1_options());
        REQUIRE(text.ok());
        auto back = hedl::parse(text.value());
        REQUIRE(back.ok());
        CHECK(hedl::to_json(back.value()) == hedl::to_json(doc.value()));
      }
    } else {
      ++refused;
      const hedl::Error &e = doc.error();
      CHECK((e.kind == hedl::ErrorKind::Conversion || e.kind == hedl::ErrorKind::Security));
      CHECK_FALSE(e.message.empty());
      CHECK(e.message[0] == '$');
      CHECK(e.line >= 1);
      if (exact) {
        // JSON of the to_json class can still hold text that no HEDL spelling keeps.
        INFO(e.to_string());
        CHECK((contains(e.message, "closing \"\"\"") || contains(e.message, "carriage return")));
      }
    }
    // Mutated bytes: any outcome but a crash, and success must parse back.
    std::string m = json;
    for (int k = 0; k < 3 && !m.empty(); ++k) {
      std::size_t at = mutate() % m.size();
      switch (mutate() % 3) {
        case 0: m.erase(at, 1); break;
        case 1: m.insert(at, 1, "{}[],:\"1a\\"[mutate() % 10]); break;
        default: m[at] = static_cast<char>(mutate() % 128); break;
      }
    }
    auto t = hedl::json_to_hedl(m, v1_options());
    if (t.ok()) {
      CHECK(hedl::parse(t.value()).ok());
    } else {
      CHECK_FALSE(t.error().message.empty());
    }
  }
  CHECK(converted > 500);
  CHECK(refused > 50);
}

TEST_CASE("from_json 2.0: random JSON with arrays of values converts exactly or fails cleanly",
          "[from_json][v2][fuzz]") {
  RandomJson gen(20261203, true);
  std::size_t converted = 0, with_lists = 0, with_blocks = 0;
  for (int i = 0; i < 3000; ++i) {
    bool exact = true;
    std::string json = gen.document(exact);
    INFO("case " << i << ": " << json);
    REQUIRE(hedl_test::json_valid(json));
    auto doc = hedl::from_json(json);
    if (doc.ok()) {
      ++converted;
      std::string text = hedl::json_to_hedl(json).value();
      if (text.find(": (") != std::string::npos) ++with_lists;
      if (text.find('#') != std::string::npos && text.find(":@Alt") == std::string::npos &&
          text.find(">Alt") != std::string::npos)
        ++with_blocks;
      if (exact) {
        std::string d = round_trip(json, hedl::FromJsonOptions{});
        if (!d.empty()) FAIL(d);
      }
    } else {
      const hedl::Error &e = doc.error();
      CHECK((e.kind == hedl::ErrorKind::Conversion || e.kind == hedl::ErrorKind::Security));
      CHECK(e.message[0] == '$');
      CHECK(e.line >= 1);
      if (exact) {
        INFO(e.to_string());
        CHECK((contains(e.message, "closing \"\"\"") || contains(e.message, "carriage return")));
      }
    }
  }
  CHECK(converted > 500);
  CHECK(with_lists > 100);
  CHECK(with_blocks > 20);
}

TEST_CASE("from_json: the kept parser buffers can be released, and conversion goes on after", "[from_json]") {
  // Convert a document large enough for real buffers, release them (through
  // both APIs, twice), and convert again: the results must not change.
  std::string json = "{\"items\":[";
  for (int i = 0; i < 20000; ++i) {
    if (i) json += ',';
    json += "{\"id\":\"i" + std::to_string(i) + "\",\"n\":" + std::to_string(i) + ",\"s\":\"text " +
            std::to_string(i * 7) + "\"}";
  }
  json += "]}";
  auto first = hedl::json_to_hedl(json, v1_options());
  REQUIRE(first.ok());
  hedl::release_from_json_buffers();
  hedl::release_from_json_buffers();
  auto second = hedl::json_to_hedl(json, v1_options());
  REQUIRE(second.ok());
  CHECK(second.value() == first.value());
  hedl_release_from_json_buffers();
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_from_json(json.c_str(), static_cast<int>(json.size()), &doc) == HEDL_OK);
  hedl_free_document(doc);
  hedl_release_from_json_buffers();
}

TEST_CASE("from_json writes HEDL 2.0 by default, 1.0 on request", "[from_json][v2]") {
  const char *json = R"({"users": [{"id": "u1", "n": 1}, {"id": "u2", "n": 1}], "k": "(c) 2024"})";
  auto two = hedl::json_to_hedl(json);
  REQUIRE(two.ok());
  CHECK(two.value() ==
        "%V:2.0\n%NULL:~\n%QUOTE:\"\n%S:User:[id,n]\n---\nusers:@User\n |u1,1\n |u2,1\nk: \"(c) 2024\"\n");
  auto doc = hedl::from_json(json);
  REQUIRE(doc.ok());
  CHECK(doc.value().version_major() == 2);
  auto one = hedl::json_to_hedl(json, v1_options());
  REQUIRE(one.ok());
  CHECK(one.value().rfind("%VERSION: 1.0\n", 0) == 0);
  CHECK(round_trip(json, hedl::FromJsonOptions{}).empty());
}

TEST_CASE("from_json 2.0: arrays of values become list literals", "[from_json][v2]") {
  const hedl::FromJsonOptions two;
  const char *tags = R"({"name": "x", "tags": ["a", "b"]})";
  CHECK(hedl_text(tags, two) == "%V:2.0\n%NULL:~\n%QUOTE:\"\n---\nname: x\ntags: (a, b)\n");
  CHECK(round_trip(tags, two) == "");
  // Every kind of value, references included (strict: they resolve).
  const char *mixed = R"({"users": [{"id": "u1"}], "m": [1, "two", true, null, 2.5, {"@ref": "@u1"}, -0.0]})";
  CHECK(contains(hedl_text(mixed, two), "m: (1, two, true, ~, 2.5, @u1, -0.0)\n"));
  CHECK(round_trip(mixed, two) == "");
  // Strings that would read as something else, or end the element, are quoted.
  const char *hostile = R"J({"s": ["", "a,b", "(x)", "x)", "12", "true", "~", "@a", "%a", "a \"q\"", " sp", "$(x)",
    "a#b", "tab\there", "é ü", "^"]})J";
  CHECK(round_trip(hostile, two) == "");
  // In cells, and empty lists in cells.
  const char *cells = R"({"rows": [{"id": "a", "tags": ["x", "y"], "n": 1}, {"id": "b", "tags": [], "n": 2}]})";
  std::string text = hedl_text(cells, two);
  CHECK(contains(text, " |a,(x, y),1\n |b,(),2\n"));
  CHECK(round_trip(cells, two) == "");
  // Arrays of numbers that are not tensors: ragged, mixed depths, integers a double cannot hold.
  CHECK(contains(hedl_text(R"({"m": [[1, 2], [3]]})", two), "m: ([1, 2], [3])\n"));
  CHECK(round_trip(R"({"m": [[1, 2], [3]], "k": [1, [2, 3]], "big": [9007199254740993, 1]})", two) == "");
  CHECK(contains(hedl_text(R"({"big": [9007199254740993, 1]})", two), "big: (9007199254740993, 1)\n"));
  // Tensors stay tensors.
  CHECK(contains(hedl_text(R"({"t": [[1.5, 2], [3, 4]]})", two), "t: [[1.5, 2], [3, 4]]\n"));
  // A qualified reference inside a list still names the type of the list it points into.
  const char *hint = R"({"staff": [{"id": "p1"}], "likes": [{"@ref": "@Person:p1"}]})";
  CHECK(contains(hedl_text(hint, two), "staff:@Person\n"));
  CHECK(round_trip(hint, two) == "");
  // Empty arrays under keys stay empty matrix lists, declared in the header.
  const char *empty = R"({"items": [], "more": [{"id": "m1"}], "more_items": [], "other": [], "others": []})";
  CHECK(hedl_text(empty, two) ==
        "%V:2.0\n%NULL:~\n%QUOTE:\"\n%S:Item:[id]\n%S:More:[id]\n%S:MoreItem:[id]\n%S:Other:[id]\n---\nitems:@Item\n"
        "more:@More\n |m1\nmore_items:@MoreItem\nother:@Other\nothers:@Other\n");
  CHECK(round_trip(empty, two) == "");
  // A string starting with '(' is quoted wherever it is, or it would read as a list.
  CHECK(round_trip(R"J({"k": "(c)", "rows": [{"id": "a", "v": "(x", "w": ""}], "l": ["(", ")"]})J", two) == "");
}

TEST_CASE("from_json 2.0: what a list cannot hold is refused with the path", "[from_json][v2]") {
  const hedl::FromJsonOptions two;
  hedl::Error e = conversion_error(R"({"m": [["a"]]})", two);
  CHECK(e.kind == hedl::ErrorKind::Conversion);
  CHECK(contains(e.message, "$.m[0]"));
  CHECK(contains(e.message, "cannot be nested"));
  CHECK(e.line == 1);
  CHECK(e.column == 8);
  e = conversion_error(R"({"m": [1, []]})", two);
  CHECK(contains(e.message, "$.m[1]"));
  e = conversion_error(R"({"m": [1, {"a": 1}]})", two);
  CHECK(contains(e.message, "$.m[1]"));
  CHECK(contains(e.message, "single values and references"));
  e = conversion_error(R"({"rows": [{"id": "a", "m": ["ok", "two\nlines"]}]})", two);
  CHECK(contains(e.message, "$.rows[0].m[1]"));
  CHECK(contains(e.message, "line break"));
  e = conversion_error(R"({"m": ["a\u0001"]})", two);
  CHECK(contains(e.message, "$.m[0]"));
  CHECK(contains(e.message, "U+0001"));
  // Strict references: a reference in a list must resolve too.
  e = conversion_error(R"({"m": [{"@ref": "@nobody"}]})", two);
  CHECK(contains(e.message, "$.m"));
  hedl::FromJsonOptions lenient = two;
  lenient.strict_refs = false;
  CHECK(hedl::from_json(R"({"m": [{"@ref": "@nobody"}]})", lenient).ok());
  // 1.0 still has no lists.
  e = conversion_error(R"({"tags": ["a"]})");
  CHECK(contains(e.message, "no lists of strings"));
}

TEST_CASE("from_json 2.0: records with lists of records of several types (several %NEST children)", "[from_json][v2]") {
  const hedl::FromJsonOptions two;
  const char *json = R"({"authors": [
    {"id": "a1", "name": "Ada", "Book": [{"id": "b1", "title": "Notes"}, {"id": "b2", "title": "More"}],
     "Talk": [{"id": "t1", "venue": "RS"}]},
    {"id": "a2", "name": "Bo", "Talk": [{"id": "t2", "venue": "X"}, {"id": "t3", "venue": "Y"}, {"id": "t4", "venue": "Z"},
      {"id": "t5", "venue": "W"}, {"id": "t6", "venue": "V"}, {"id": "t7", "venue": "U"}]},
    {"id": "a3", "name": "Cy", "Book": [{"id": "b3", "title": "Deep", "Chapter": [{"id": "c1", "n": 1}]}]}]})";
  // As to_json writes children: under their type names (lowercase keys give the same text).
  CHECK(round_trip(json, two) == "");  // also: the text is in canonical 2.0 form
  std::string text = hedl_text(json, two);
  CHECK(contains(text, "%N:Author>Book\n%N:Author>Talk\n%N:Book>Chapter\n"));
  CHECK(contains(text, " |a1,Ada\n  @Book#2:|b1,Notes|b2,More\n  @Talk#1:|t1,RS\n"));
  CHECK(contains(text, " |a2,Bo\n  @Talk#6:\n  |t2,X\n"));      // more than 5 rows: expanded
  CHECK(contains(text, "  @Book#1:\n  |b3,Deep\n   |c1,1\n"));  // rows with children: expanded
  auto doc = hedl::from_json(json);
  REQUIRE(doc.ok());
  CHECK(doc.value().source() == text);
  // 1.0 has one child type per parent type.
  hedl::Error e = conversion_error(json);
  CHECK(contains(e.message, "HEDL 1.0 gives each record type one child type"));
  // Two lists of one child type in one record cannot be told apart.
  e = conversion_error(R"({"a": [{"id": "x", "posts": [{"id": "p"}], "Post": [{"id": "q"}]}]})", two);
  CHECK(contains(e.message, "two lists of records of type Post"));
  CHECK(contains(e.message, "$.a[0].Post"));
  // Errors inside the second list name its path, line and column.
  const char *bad = R"({"a": [{"id": "x", "books": [{"id": "b"}], "talks": [{"id": "t", "v": {"nested": 1}}]}]})";
  e = conversion_error(bad, two);
  CHECK(contains(e.message, "$.a[0].talks[0].v"));
  CHECK(e.column == column_of(bad, "{\"nested\""));
  // A cycle through a second child type is refused.
  e = conversion_error(
      R"({"a": [{"id": "x", "books": [{"id": "b"}], "kids": [{"id": "y", "parents": [{"id": "z", "kids": [{"id": "w"}]}]}]}]})",
      two);
  CHECK(contains(e.message, "Kid > Parent > Kid"));
  // Duplicate IDs across the children of different parents stay errors of their type.
  e = conversion_error(
      R"({"a": [{"id": "x", "books": [{"id": "b"}]}, {"id": "y", "books": [{"id": "b"}], "talks": [{"id": "t"}]}]})",
      two);
  CHECK(contains(e.message, "$.a[1].books[0]"));
}

TEST_CASE("from_json: max_file_size bounds the HEDL text too, and says so", "[from_json][limits]") {
  std::string json = "{";
  for (int i = 0; i < 20; ++i) json += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  json += "}";
  hedl::FromJsonOptions o;
  o.limits.max_file_size = json.size();  // the JSON fits; its HEDL (with the header) does not
  auto r = hedl::from_json(json, o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == hedl::ErrorKind::Security);
  CHECK(r.error().message.rfind("the HEDL text made for this JSON: limit max_file_size", 0) == 0);
  CHECK(r.error().line == 0);
}
