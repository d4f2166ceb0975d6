// hedl::stats and hedl::estimate_tokens: exact counts on small documents,
// the token rule itself, and savings on a benchmark-like users document.

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.hpp"

namespace {

hedl::Document parse_ok(std::string_view text) {
  auto r = hedl::parse(text);
  if (!r.ok()) FAIL("parse failed: " << r.error().to_string());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("estimate_tokens follows the documented rule", "[stats]") {
  CHECK(hedl::estimate_tokens("") == 0);
  CHECK(hedl::estimate_tokens(" \t\r\n  \n") == 0);
  CHECK(hedl::estimate_tokens("a") == 1);
  CHECK(hedl::estimate_tokens("abcd") == 1);
  CHECK(hedl::estimate_tokens("abcde") == 2);
  CHECK(hedl::estimate_tokens("abcdefgh") == 2);
  CHECK(hedl::estimate_tokens("a1b2c3d4e") == 3);
  CHECK(hedl::estimate_tokens("ab cd") == 2);      // whitespace ends a run
  CHECK(hedl::estimate_tokens("{\"a\":1}") == 7);  // five symbols, two one-byte runs
  CHECK(hedl::estimate_tokens("---") == 3);
  CHECK(hedl::estimate_tokens("\xC3\xA9") == 1);  // é: one code point
  CHECK(hedl::estimate_tokens("ab\xC3\xA9"
                              "cd") == 3);                         // it splits the letter run
  CHECK(hedl::estimate_tokens("\xF0\x9F\x98\x80!") == 2);          // a 4-byte code point and '!'
  CHECK(hedl::estimate_tokens(std::string_view("a\0b", 3)) == 3);  // a control byte is a token
  std::string big(1000, 'x');
  CHECK(hedl::estimate_tokens(big) == 250);
}

TEST_CASE("stats of a tiny document, counted by hand", "[stats]") {
  const std::string text = "%VERSION: 1.0\n---\na: 1\n";
  auto doc = parse_ok(text);
  hedl::Stats s = hedl::stats(doc);
  CHECK(s.hedl_bytes == 23);
  CHECK(s.hedl_lines == 3);
  CHECK(s.json_bytes == 7);  // {"a":1}
  CHECK(s.hedl_tokens == 13);
  CHECK(s.json_tokens == 7);
  CHECK(s.token_savings == Approx(1.0 - 13.0 / 7.0));  // HEDL costs more here: negative savings
  CHECK(s.schemas == 0);
  CHECK(s.aliases == 0);
  CHECK(s.nests == 0);
  CHECK(s.root_items == 1);
  CHECK(s.entities.empty());
}

TEST_CASE("stats: counts of directives, items and rows per type in first-seen order", "[stats]") {
  const std::string text =
      "%VERSION: 1.0\n"
      "%ALIAS: %on: \"true\"\n"
      "%STRUCT: User: [id, name]\n"
      "%STRUCT: Post: [id, title]\n"
      "%STRUCT: Tag: [id]\n"
      "%NEST: User > Post\n"
      "%NEST: Post > Tag\n"
      "---\n"
      "title: Hi\n"
      "flag: %on\n"
      "extra: @Note[id]\n"
      "users: @User\n"
      "  |u1, Ann\n"
      "    |p1, One\n"
      "      |t1\n"
      "      |t2\n"
      "    |p2, Two\n"
      "  |u2, Bob\n"
      "group:\n"
      "  more: @User\n"
      "    |u3, Cy\n"
      "      |p3, Three\n"
      "  notes: @Note[id]\n"
      "    |n1\n"
      "    |n2";  // no final newline: the last line still counts
  hedl::Stats s = hedl::stats(parse_ok(text));
  CHECK(s.hedl_bytes == text.size());
  CHECK(s.hedl_lines == 25);
  CHECK(s.schemas == 3);
  CHECK(s.aliases == 1);
  CHECK(s.nests == 2);
  CHECK(s.root_items == 5);
  REQUIRE(s.entities.size() == 4);
  CHECK(s.entities[0].type == "Note");  // an empty list still shows its type first
  CHECK(s.entities[0].count == 2);
  CHECK(s.entities[1].type == "User");
  CHECK(s.entities[1].count == 3);
  CHECK(s.entities[2].type == "Post");
  CHECK(s.entities[2].count == 3);
  CHECK(s.entities[3].type == "Tag");
  CHECK(s.entities[3].count == 2);

  auto doc = parse_ok(text);
  std::string json = hedl::to_json(doc);
  CHECK(s.json_bytes == json.size());
  CHECK(s.json_tokens == hedl::estimate_tokens(json));
  CHECK(s.hedl_tokens == hedl::estimate_tokens(text));
}

TEST_CASE("stats(text) parses, and passes parse errors on", "[stats]") {
  auto ok = hedl::stats("%VERSION: 1.0\n---\na: 1\n");
  REQUIRE(ok.ok());
  CHECK(ok->hedl_bytes == 23);
  auto bad = hedl::stats("%VERSION: 1.0\n---\nr: @nobody\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == hedl::ErrorKind::Reference);
  CHECK(bad.error().line == 3);
  hedl::ParseOptions lenient;
  lenient.strict_refs = false;
  auto lax = hedl::stats("%VERSION: 1.0\n---\nr: @nobody\n", lenient);
  REQUIRE(lax.ok());
  CHECK(lax->root_items == 1);
}

TEST_CASE("stats: a benchmark-like users document saves tokens, deterministically", "[stats]") {
  const char *first[] = {"Am\xC3\xA9lie", "Liam", "Yusuf", "Grace", "Carol", "Samir", "Wei", "Kwame"};
  const char *last[] = {"Mensah", "Patel", "Kim", "Brown", "Okafor"};
  const char *dept[] = {"\"Sales, APAC\"", "Finance", "Sales", "Engineering", "People"};
  std::string text = "%VERSION: 1.0\n%STRUCT: User: [id,name,email,age,active,department,joined]\n---\nusers: @User\n";
  const int rows = 300;
  for (int i = 1; i <= rows; ++i) {
    std::string n = std::to_string(i);
    std::string id = "u" + std::string(6 - n.size(), '0') + n;
    std::string f = first[i % 8], l = last[i % 5];
    text += "  |" + id + "," + f + " " + l + ",user" + n + "@example.org," + std::to_string(20 + i % 50) + "," +
            (i % 3 ? "true" : "false") + "," + dept[i % 5] + ",20" + std::to_string(10 + i % 15) + "-0" +
            std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "\n";
  }
  auto a = hedl::stats(text);
  REQUIRE(a.ok());
  CHECK(a->hedl_lines == static_cast<std::size_t>(rows + 4));
  REQUIRE(a->entities.size() == 1);
  CHECK(a->entities[0].type == "User");
  CHECK(a->entities[0].count == static_cast<std::size_t>(rows));
  CHECK(a->json_bytes > a->hedl_bytes);
  CHECK(a->token_savings > 0.2);
  CHECK(a->token_savings < 1.0);
  CHECK(a->token_savings == Approx(1.0 - double(a->hedl_tokens) / double(a->json_tokens)));
  auto b = hedl::stats(text);
  REQUIRE(b.ok());
  CHECK(b->hedl_tokens == a->hedl_tokens);
  CHECK(b->json_tokens == a->json_tokens);
  CHECK(b->token_savings == a->token_savings);
}
