// hedl::lint: each rule hit and not hit, with severities, lines and columns;
// LintConfig (disabled rules, warnings_as_errors, min_severity,
// max_diagnostics); the order of findings; deep documents.

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.hpp"

namespace {

hedl::Document parse_ok(std::string_view text) {
  auto r = hedl::parse(text);
  if (!r.ok()) FAIL("parse failed: " << r.error().to_string());
  return std::move(r).value();
}

std::vector<hedl::Diagnostic> lint_text(std::string_view text, const hedl::LintConfig &config = {}) {
  return hedl::lint(parse_ok(text), config);
}

std::vector<hedl::Diagnostic> of_rule(const std::vector<hedl::Diagnostic> &all, std::string_view rule) {
  std::vector<hedl::Diagnostic> out;
  for (const auto &d : all)
    if (d.rule == rule) out.push_back(d);
  return out;
}

bool contains(const std::string &haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("severity_name and lint_rules", "[lint]") {
  CHECK(std::string(hedl::severity_name(hedl::Severity::Hint)) == "hint");
  CHECK(std::string(hedl::severity_name(hedl::Severity::Warning)) == "warning");
  CHECK(std::string(hedl::severity_name(hedl::Severity::Error)) == "error");
  std::vector<std::string> names;
  for (const auto &r : hedl::lint_rules()) {
    names.emplace_back(r.name);
    CHECK(!r.description.empty());
  }
  CHECK(names == std::vector<std::string>{"id-naming", "unused-schema", "empty-list", "unqualified-kv-ref",
                                          "trailing-empty-object", "verbose-directive", "directive-order",
                                          "space-after-pipe", "inline-children-over-5", "ambiguous-child-row",
                                          "count-mismatch"});
}

TEST_CASE("a clean document has no findings", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"
      "%STRUCT: User: [id, name]\n"
      "---\n"
      "users: @User\n"
      "  |t1, Ann\n"
      "  |User1, Bob\n"
      "  |SKU-4020, Cy\n"
      "owner: @User:t1\n");
  CHECK(d.empty());
}

TEST_CASE("id-naming: one-character and digit-only IDs are hints at the row", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"                // 1
      "%STRUCT: T: [id, v]\n"          // 2
      "---\n"                          // 3
      "data: @T\n"                     // 4
      "  |x, 1\n"                      // 5
      "  |t1, 2\n"                     // 6
      "  |\"123\", 3\n"                // 7
      "  |_7, 4\n"                     // 8
      "  |\"9\", 5\n"                  // 9
      "  |\"\xC3\xA9\", 6\n"           // 10  one code point, two bytes
      "  |\"\xC3\xA9t\xC3\xA9\", 7\n"  // 11
      "  |__, 8\n");                   // 12  underscores only: no digit, no hint
  REQUIRE(d.size() == 6);
  for (const auto &x : d) {
    CHECK(x.rule == "id-naming");
    CHECK(x.severity == hedl::Severity::Hint);
    CHECK(x.column == 3);
    CHECK(!x.suggestion.empty());
  }
  CHECK(d[0].line == 5);
  CHECK(contains(d[0].message, "'x'"));
  CHECK(contains(d[0].message, "single character"));
  CHECK(d[1].line == 7);
  CHECK(contains(d[1].message, "'123'"));
  CHECK(contains(d[1].message, "digits"));
  CHECK(d[2].line == 8);
  // "9" is both one character and only digits: two hints, in rule order.
  CHECK(d[3].line == 9);
  CHECK(contains(d[3].message, "single character"));
  CHECK(d[4].line == 9);
  CHECK(contains(d[4].message, "digits"));
  CHECK(d[5].line == 10);
}

TEST_CASE("id-naming: %NEST child rows are checked at their own line and column", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"               // 1
      "%STRUCT: User: [id, name]\n"   // 2
      "%STRUCT: Post: [id, title]\n"  // 3
      "%STRUCT: Tag: [id]\n"          // 4
      "%NEST: User > Post\n"          // 5
      "%NEST: Post > Tag\n"           // 6
      "---\n"                         // 7
      "group:\n"                      // 8
      "  users: @User\n"              // 9
      "    |alice, Alice\n"           // 10
      "      |p, Hello\n"             // 11
      "        |z\n"                  // 12
      "    |b, Bob\n");               // 13
  REQUIRE(d.size() == 3);
  CHECK(d[0].line == 11);
  CHECK(d[0].column == 7);
  CHECK(contains(d[0].message, "Post"));
  CHECK(d[1].line == 12);
  CHECK(d[1].column == 9);
  CHECK(contains(d[1].message, "Tag"));
  CHECK(d[2].line == 13);
  CHECK(d[2].column == 5);
}

TEST_CASE("unused-schema: a warning at the %STRUCT line", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"              // 1
      "%STRUCT: User: [id, name]\n"  // 2
      "%STRUCT: Orphan: [id, v]\n"   // 3
      "%STRUCT: Orphan: [id, v]\n"   // 4 identical redeclaration: one type
      "---\n"                        // 5
      "users: @User\n"               // 6
      "  |alice, Alice\n"            // 7
      "misc: @Loose[id, v]\n"        // 8 inline schema of an undeclared type
      "  |k1, 1\n");                 // 9
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "unused-schema");
  CHECK(d[0].severity == hedl::Severity::Warning);
  CHECK(d[0].line == 3);
  CHECK(d[0].column == 1);
  CHECK(contains(d[0].message, "'Orphan'"));
  CHECK(contains(d[0].suggestion, "@Orphan"));
}

TEST_CASE("unused-schema: an empty list uses its type; lists in nested objects count", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"
      "%STRUCT: User: [id, name]\n"
      "---\n"
      "a:\n"
      "  b:\n"
      "    users: @User\n");
  CHECK(of_rule(d, "unused-schema").empty());
  CHECK(of_rule(d, "empty-list").size() == 1);
}

TEST_CASE("unused-schema follows %NEST chains to any depth (D16)", "[lint]") {
  const char *used_to_depth_3 =
      "%VERSION: 1.0\n"
      "%STRUCT: A: [id]\n"
      "%STRUCT: B: [id]\n"
      "%STRUCT: C: [id]\n"
      "%STRUCT: D: [id]\n"
      "%NEST: A > B\n"
      "%NEST: B > C\n"
      "%NEST: C > D\n"
      "---\n"
      "as: @A\n"
      "  |a1\n"
      "  |a2\n"
      "    |b1\n"
      "      |c1\n"
      "        |d1\n";
  CHECK(of_rule(lint_text(used_to_depth_3), "unused-schema").empty());

  const char *grandchild_without_rows =
      "%VERSION: 1.0\n"     // 1
      "%STRUCT: A: [id]\n"  // 2
      "%STRUCT: B: [id]\n"  // 3
      "%STRUCT: C: [id]\n"  // 4
      "%NEST: A > B\n"      // 5
      "%NEST: B > C\n"      // 6
      "---\n"
      "as: @A\n"
      "  |a1\n"
      "    |b1\n";
  auto d = of_rule(lint_text(grandchild_without_rows), "unused-schema");
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 4);
  CHECK(contains(d[0].message, "'C'"));
  CHECK(contains(d[0].suggestion, "under a B row"));
}

TEST_CASE("unused-schema: the spec's header-only example flags both types", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"
      "%STRUCT: Post: [id,content]\n"
      "%STRUCT: User: [id,name]\n"
      "%NEST: User > Post\n"
      "---\n");
  REQUIRE(d.size() == 2);
  CHECK(d[0].line == 2);
  CHECK(d[1].line == 3);
  CHECK(d[0].rule == "unused-schema");
  CHECK(d[1].rule == "unused-schema");
}

TEST_CASE("empty-list: a hint at the list's key", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"              // 1
      "%STRUCT: User: [id, name]\n"  // 2
      "---\n"                        // 3
      "users: @User\n"               // 4
      "cfg:\n"                       // 5
      "  more: @User\n"              // 6
      "  full: @User\n"              // 7
      "    |alice, Alice\n");        // 8
  REQUIRE(d.size() == 2);
  for (const auto &x : d) {
    CHECK(x.rule == "empty-list");
    CHECK(x.severity == hedl::Severity::Hint);
  }
  CHECK(d[0].line == 4);
  CHECK(d[0].column == 1);
  CHECK(contains(d[0].message, "'users'"));
  CHECK(d[1].line == 6);
  CHECK(d[1].column == 3);
  CHECK(contains(d[1].message, "'more'"));
}

TEST_CASE("unqualified-kv-ref: a warning at a key-value reference without type", "[lint]") {
  auto d = lint_text(
      "%VERSION: 1.0\n"                // 1
      "%STRUCT: User: [id, name]\n"    // 2
      "%STRUCT: Post: [id, author]\n"  // 3
      "---\n"                          // 4
      "users: @User\n"                 // 5
      "  |alice, Alice\n"              // 6
      "posts: @Post\n"                 // 7
      "  |p0, ~\n"                     // 8
      "  |p1, @p0\n"                   // 9 in a row: not key-value context
      "owner: @User:alice\n"           // 10
      "config:\n"                      // 11
      "  admin: @alice\n"              // 12
      "  text: \"@alice\"\n");         // 13 a string, not a reference
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "unqualified-kv-ref");
  CHECK(d[0].severity == hedl::Severity::Warning);
  CHECK(d[0].line == 12);
  CHECK(d[0].column == 3);
  CHECK(contains(d[0].message, "'@alice'"));
  CHECK(contains(d[0].suggestion, "@Type:alice"));
}

TEST_CASE("unqualified-kv-ref also flags unresolved references of a lenient parse", "[lint]") {
  hedl::ParseOptions lenient;
  lenient.strict_refs = false;
  auto r = hedl::parse("%VERSION: 1.0\n---\nr: @nobody\n", lenient);
  REQUIRE(r.ok());
  auto d = hedl::lint(r.value());
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "unqualified-kv-ref");
  CHECK(d[0].line == 3);
  CHECK(d[0].column == 1);
}

TEST_CASE("trailing-empty-object: a warning when the last statement opens an empty object (D14)", "[lint]") {
  auto d = lint_text("%VERSION: 1.0\n---\na: 1\nb:\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "trailing-empty-object");
  CHECK(d[0].severity == hedl::Severity::Warning);
  CHECK(d[0].line == 4);
  CHECK(d[0].column == 1);
  CHECK(contains(d[0].message, "'b:'"));

  auto nested = lint_text("%VERSION: 1.0\n---\na:\n  b: 1\n  c:\n    d:\n# trailing comment\n");
  REQUIRE(nested.size() == 1);
  CHECK(nested[0].line == 6);
  CHECK(nested[0].column == 5);

  CHECK(lint_text("%VERSION: 1.0\n---\nb:\na: 1\n").empty());    // an empty object before the end
  CHECK(lint_text("%VERSION: 1.0\n---\na:\n  b: 1\n").empty());  // the last object has a key
  CHECK(lint_text("%VERSION: 1.0\n---\n").empty());              // no body at all
  CHECK(of_rule(lint_text("%VERSION: 1.0\n---\nl: @T[id]\n"), "trailing-empty-object").empty());
}

TEST_CASE("findings are ordered by severity, then line, then column", "[lint]") {
  const char *doc =
      "%VERSION: 1.0\n"          // 1
      "%STRUCT: T: [id]\n"       // 2
      "%STRUCT: Unused: [id]\n"  // 3
      "---\n"                    // 4
      "e: @T\n"                  // 5
      "ts: @T\n"                 // 6
      "  |a\n"                   // 7
      "r: @a\n"                  // 8
      "o:\n"                     // 9
      "  r2: @a\n";              // 10
  auto d = lint_text(doc);
  std::vector<std::pair<std::string, std::uint32_t>> got;
  for (const auto &x : d) got.emplace_back(x.rule, x.line);
  std::vector<std::pair<std::string, std::uint32_t>> want = {
      {"unused-schema", 3}, {"unqualified-kv-ref", 8}, {"unqualified-kv-ref", 10}, {"empty-list", 5}, {"id-naming", 7}};
  CHECK(got == want);
  // Stable: the same input gives the same findings, byte for byte.
  auto again = lint_text(doc);
  REQUIRE(again.size() == d.size());
  for (std::size_t i = 0; i < d.size(); ++i) {
    CHECK(again[i].message == d[i].message);
    CHECK(again[i].column == d[i].column);
  }
}

TEST_CASE("LintConfig: disabled rules, warnings_as_errors, min_severity, max_diagnostics", "[lint]") {
  const char *doc =
      "%VERSION: 1.0\n"          // 1
      "%STRUCT: T: [id]\n"       // 2
      "%STRUCT: Unused: [id]\n"  // 3
      "---\n"                    // 4
      "e: @T\n"                  // 5
      "ts: @T\n"                 // 6
      "  |a\n"                   // 7
      "r: @a\n";                 // 8
  auto doc_ok = parse_ok(doc);
  REQUIRE(hedl::lint(doc_ok).size() == 4);

  SECTION("a disabled rule reports nothing; unknown names are ignored") {
    hedl::LintConfig c;
    c.disabled_rules = {"id-naming", "no-such-rule"};
    auto d = hedl::lint(doc_ok, c);
    CHECK(d.size() == 3);
    CHECK(of_rule(d, "id-naming").empty());
    CHECK(c.enabled("empty-list"));
    CHECK(!c.enabled("id-naming"));
    c.disabled_rules = {"id-naming", "unused-schema", "empty-list", "unqualified-kv-ref", "trailing-empty-object"};
    CHECK(hedl::lint(doc_ok, c).empty());
  }
  SECTION("warnings_as_errors turns warnings into errors, hints stay") {
    hedl::LintConfig c;
    c.warnings_as_errors = true;
    auto d = hedl::lint(doc_ok, c);
    REQUIRE(d.size() == 4);
    CHECK(d[0].severity == hedl::Severity::Error);
    CHECK(d[0].rule == "unused-schema");
    CHECK(d[1].severity == hedl::Severity::Error);
    CHECK(d[1].rule == "unqualified-kv-ref");
    CHECK(d[2].severity == hedl::Severity::Hint);
    CHECK(d[3].severity == hedl::Severity::Hint);
  }
  SECTION("min_severity drops what is below it, after escalation") {
    hedl::LintConfig c;
    c.min_severity = hedl::Severity::Warning;
    auto d = hedl::lint(doc_ok, c);
    REQUIRE(d.size() == 2);
    CHECK(d[0].severity == hedl::Severity::Warning);
    c.min_severity = hedl::Severity::Error;
    CHECK(hedl::lint(doc_ok, c).empty());
    c.warnings_as_errors = true;
    CHECK(hedl::lint(doc_ok, c).size() == 2);
  }
  SECTION("max_diagnostics keeps the first findings of the sorted order") {
    hedl::LintConfig c;
    c.max_diagnostics = 1;
    auto d = hedl::lint(doc_ok, c);
    REQUIRE(d.size() == 1);
    CHECK(d[0].rule == "unused-schema");
    c.max_diagnostics = 3;
    d = hedl::lint(doc_ok, c);
    REQUIRE(d.size() == 3);
    CHECK(d[2].rule == "empty-list");
    c.max_diagnostics = 100;
    CHECK(hedl::lint(doc_ok, c).size() == 4);
  }
}

TEST_CASE("lint walks deep objects and long %NEST chains without recursion", "[lint]") {
  SECTION("objects 50 levels deep, an unqualified reference at the bottom") {
    std::string text = "%VERSION: 1.0\n%STRUCT: T: [id]\n---\nts: @T\n  |target\n";
    for (int i = 0; i < 50; ++i)
      text += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k" + std::to_string(i) + ":\n";
    text += std::string(100, ' ') + "r: @target\n";
    auto d = lint_text(text);
    REQUIRE(d.size() == 1);
    CHECK(d[0].rule == "unqualified-kv-ref");
    CHECK(d[0].line == 56);
    CHECK(d[0].column == 101);
  }
  SECTION("a %NEST chain of 40 types, each with rows") {
    const int n = 40;
    std::string text = "%VERSION: 1.0\n";
    for (int i = 0; i < n; ++i) text += "%STRUCT: N" + std::to_string(i) + ": [id]\n";
    text += "%STRUCT: Last: [id]\n";
    for (int i = 0; i + 1 < n; ++i) text += "%NEST: N" + std::to_string(i) + " > N" + std::to_string(i + 1) + "\n";
    text += "%NEST: N" + std::to_string(n - 1) + " > Last\n---\nroot: @N0\n";
    for (int i = 0; i < n; ++i)
      text += std::string(static_cast<std::size_t>(i + 1) * 2, ' ') + "|r" + std::to_string(i) + "\n";
    auto d = lint_text(text);
    REQUIRE(d.size() == 1);  // every N type is used; Last has no rows
    CHECK(d[0].rule == "unused-schema");
    CHECK(contains(d[0].message, "'Last'"));
  }
}

TEST_CASE("lint on a large generated document finds exactly what was planted", "[lint]") {
  std::string text = "%VERSION: 1.0\n%STRUCT: User: [id, name]\n%STRUCT: Post: [id, body]\n%NEST: User > Post\n---\n";
  text += "users: @User\n";
  const int users = 5000;
  for (int i = 0; i < users; ++i) {
    text += "  |user_" + std::to_string(i) + ", Name " + std::to_string(i) + "\n";
    text += "    |post_" + std::to_string(i) + ", hello\n";
  }
  text += "  |\"42\", numeric\n";
  auto d = lint_text(text);
  REQUIRE(d.size() == 1);
  CHECK(d[0].rule == "id-naming");
  CHECK(d[0].line == static_cast<std::uint32_t>(6 + 2 * users + 1));
}

TEST_CASE("lint: the HEDL 2.0 rules each fire, and not on a canonical 2.0 document", "[lint][v2]") {
  const std::string head = "%V:2.0\n%NULL:~\n%QUOTE:\"\n";
  auto rule_lines = [](const std::vector<hedl::Diagnostic> &all, std::string_view rule) {
    std::vector<std::uint32_t> lines;
    for (const auto &d : of_rule(all, rule)) lines.push_back(d.line);
    return lines;
  };
  auto d = lint_text(head + "%STRUCT: T: [id,v]\n---\nt:@T\n |a,1\n");
  CHECK(rule_lines(d, "verbose-directive") == std::vector<std::uint32_t>{4});
  d = lint_text("%V:2.0\n%QUOTE:\"\n%NULL:~\n---\nx: 1\n");
  CHECK(rule_lines(d, "directive-order") == std::vector<std::uint32_t>{3});
  d = lint_text(head + "%S:T:[id,v]\n---\nt:@T\n |a,1\n | b,2\n");
  CHECK(rule_lines(d, "space-after-pipe") == std::vector<std::uint32_t>{8});
  d = lint_text(head + "%S:P:[id]\n%S:C:[id]\n%N:P>C\n---\np:@P\n |p1\n  @C#6:|a|b|c|d|e|f\n |p2\n  @C#5:|g|h|i|j|k\n");
  CHECK(rule_lines(d, "inline-children-over-5") == std::vector<std::uint32_t>{10});
  d = lint_text(head + "%S:P:[id]\n%S:A:[id,x]\n%S:B:[id]\n%N:P>A\n%N:P>B\n---\np:@P\n |p1\n  |b1\n  @A#1:|a1,2\n");
  CHECK(rule_lines(d, "ambiguous-child-row") == std::vector<std::uint32_t>{12});
  d = lint_text(head + "%S:T:[id]\n%C:T.total=3\n---\nt:@T\n |a\n |b\n");
  CHECK(rule_lines(d, "count-mismatch") == std::vector<std::uint32_t>{5});
  d = lint_text(head + "%S:T:[id]\n%C:T.total=2\n---\nt:@T\n |a\n |b\n");
  CHECK(of_rule(d, "count-mismatch").empty());
  // A canonical 2.0 document with every construct: none of the 2.0 rules.
  auto doc = parse_ok(
      head +
      "%S:P:[id]\n%S:A:[id,x]\n%S:B:[id]\n%N:P>A\n%N:P>B\n%C:P.total=1\n---\np:@P\n |p1\n  @A#1:|a1,2\n  @B#1:|b1\n");
  for (const auto &x : hedl::lint(doc))
    CHECK((x.rule == "id-naming" || x.rule == "unused-schema" || x.rule == "empty-list"));
}
