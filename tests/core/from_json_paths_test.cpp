// JSON -> HEDL: the converter's fast paths against their general ones.
//
// The writer scans and copies strings 16 bytes at a time (reading past their
// ends into simdjson's padding), compares a cell with the one above before
// writing it, streams records whose fields come in column order, formats
// numbers without a library call, and a thread keeps its simdjson parser from
// one call to the next. Each test here puts a boundary of one of those under
// the conversion and checks the exact text or the round trip.

#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.hpp"
#include "json_compare.hpp"

namespace {

/// These tests read the converter's 1.0 text; the 2.0 default is its canonical 2.0 form (tested below).
hedl::FromJsonOptions v1_options() {
  hedl::FromJsonOptions o;
  o.version = hedl::FromJsonOptions::Version::V1_0;
  return o;
}

std::string hedl_text(std::string_view json, const hedl::FromJsonOptions &opt = v1_options()) {
  auto t = hedl::json_to_hedl(json, opt);
  INFO(json);
  INFO((t.ok() ? std::string() : t.error().to_string()));
  REQUIRE(t.ok());
  return t.value();
}

/// "" when to_json(from_json(json)) equals `json` as data, else the difference.
std::string round_trip(std::string_view json) {
  auto doc = hedl::from_json(json);
  if (!doc.ok()) return "from_json failed: " + doc.error().to_string();
  return hedl_test::json_text_diff(hedl::to_json(doc.value()), json);
}

/// The body line of the row whose ID is `id` (without indentation and newline).
std::string row_of(const std::string &text, std::string_view id) {
  std::string key = "|" + std::string(id) + ",";
  std::size_t at = text.find(key);
  if (at == std::string::npos) return "(no row " + std::string(id) + ")";
  return text.substr(at, text.find('\n', at) - at);
}

/// A JSON string literal for plain ASCII `s` (quotes and backslashes escaped).
std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("from_json paths: a byte that needs quotes is found at every position", "[from_json]") {
  // Lengths around one and two 16-byte blocks, the special byte at each place.
  for (std::size_t len : {1u, 2u, 15u, 16u, 17u, 31u, 32u, 33u, 40u}) {
    for (std::size_t pos = 0; pos < len; ++pos) {
      for (char special : {',', '"', '#', '|', '$'}) {
        std::string cell(len, 'q');
        cell[pos] = special;
        std::string json = R"({"r": [{"id": "a", "v": )" + json_string(cell) + "}]}";
        std::string text = hedl_text(json);
        std::string quoted = "\"";
        for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        INFO("cell " << cell);
        // '$' needs quotes only first, or as `$(` (writers/spelling.hpp, one rule for
        // the converter and the canonical writer).
        bool bare = special == '$' && pos > 0;
        CHECK(row_of(text, "a") == "|a," + (bare ? cell : quoted));
        CHECK(round_trip(json) == "");
        if (special == '$' && pos + 1 < len) {
          cell[pos + 1] = '(';
          INFO("cell " << cell);
          CHECK(row_of(hedl_text(R"({"r": [{"id": "a", "v": )" + json_string(cell) + "}]}"), "a") ==
                "|a,\"" + cell + "\"");
        }
      }
    }
  }
}

TEST_CASE("quoting: the converter and the canonical writer spell a cell alike", "[from_json][canonical]") {
  // One rule for both paths: the converter's text, canonicalized, is unchanged.
  for (const char *cell : {"a$b",   "$b",    "a$(b)", "price $5", "x,y",  "a|b",  "#t",   "~",         "~x",  "^",
                           "^x",    "@x",    "%x",    "[1]",      "a[1",  "12",   "1.5",  "-3",        "1e5", "true",
                           "truex", "false", " a",    "a ",       "a\tb", "a\nb", "a\\b", "say \"hi\""}) {
    std::string json = R"({"r": [{"id": "a", "v": )" + json_string(cell) + "}]}";
    if (std::string_view(cell).find('\t') != std::string_view::npos ||
        std::string_view(cell).find('\n') != std::string_view::npos)
      json = std::string(R"({"r": [{"id": "a", "v": ")") + (std::string_view(cell) == "a\tb" ? "a\\tb" : "a\\nb") +
             "\"}]}";
    INFO("cell " << cell << " json " << json);
    std::string text = hedl_text(json);
    auto doc = hedl::parse(text);
    REQUIRE(doc.ok());
    auto canon = hedl::canonicalize(doc.value());
    REQUIRE(canon.ok());
    CHECK(row_of(canon.value(), "a") == row_of(text, "a"));
    CHECK(round_trip(json) == "");
  }
}

TEST_CASE("from_json paths: plain cells of every length stay bare", "[from_json]") {
  for (std::size_t len = 1; len <= 48; ++len) {
    std::string cell;
    for (std::size_t k = 0; k < len; ++k) cell += static_cast<char>('a' + k % 26);
    std::string json = R"({"r": [{"id": "a", "v": )" + json_string(cell) + R"(, "w": 1}]})";
    INFO("length " << len);
    CHECK(row_of(hedl_text(json), "a") == "|a," + cell + ",1");
  }
}

TEST_CASE("from_json paths: ditto compares whole cells, past the first 16 bytes", "[from_json]") {
  std::string base(40, 'x');
  for (std::size_t at : {0u, 15u, 16u, 17u, 31u, 32u, 39u}) {
    std::string other = base;
    other[at] = 'y';
    std::string json = R"({"r": [{"id": "a", "v": ")" + base + R"("}, {"id": "b", "v": ")" + base +
                       R"("}, {"id": "c", "v": ")" + other + R"("}]})";
    std::string text = hedl_text(json);
    INFO("differs at " << at);
    CHECK(row_of(text, "b") == "|b,^");
    CHECK(row_of(text, "c") == "|c," + other);
    CHECK(round_trip(json) == "");
  }
  // A cell equal to the one above only in its first bytes, or in length.
  std::string json = R"({"r": [{"id": "a", "v": "abcdefghijklmnopq"}, {"id": "b", "v": "abcdefghijklmnop"},
                              {"id": "c", "v": "abcdefghijklmnopr"}, {"id": "d", "v": "abcdefghijklmnopr"}]})";
  std::string text = hedl_text(json);
  CHECK(row_of(text, "b") == "|b,abcdefghijklmnop");
  CHECK(row_of(text, "c") == "|c,abcdefghijklmnopr");
  CHECK(row_of(text, "d") == "|d,^");
}

TEST_CASE("from_json paths: records whose fields are not in column order", "[from_json]") {
  // Out of order; the child list first, in the middle and last; no "id"
  // (another ID column); the ID not first.
  const char *cases[] = {
      R"({"r": [{"id": "a", "x": 1, "y": 2}, {"y": 4, "id": "b", "x": 3}]})",
      R"({"r": [{"K": [{"id": "k1", "z": "s"}], "id": "a", "x": 1}, {"id": "b", "K": [{"id": "k2", "z": "t"}], "x": 2},
                {"id": "c", "x": 3, "K": [{"id": "k3", "z": "u"}]}]})",
      R"({"r": [{"name": "n1", "x": 1}, {"name": "n2", "x": 1}]})",
      R"({"r": [{"x": 12, "id": "a"}, {"x": 12, "id": "b"}]})",
  };
  for (const char *json : cases) {
    INFO(json);
    CHECK(round_trip(json) == "");
  }
  CHECK(row_of(hedl_text(cases[0]), "b") == "|b,3,4");
  CHECK(row_of(hedl_text(cases[1]), "c") == "|c,3");
  CHECK(row_of(hedl_text(cases[3]), "b") == "|b,^");
  // Missing fields (~, which reads back as null): trailing, then in the middle.
  std::string text = hedl_text(R"({"r": [{"id": "a", "x": 1, "y": 2}, {"id": "b", "x": 3}, {"id": "c"}]})");
  CHECK(row_of(text, "b") == "|b,3,~");
  CHECK(row_of(text, "c") == "|c,~,~");
  CHECK(row_of(hedl_text(R"({"r": [{"id": "a", "x": 1, "y": 2}, {"id": "b", "y": 4}]})"), "b") == "|b,~,4");
}

TEST_CASE("from_json paths: numbers keep their exact spelling", "[from_json]") {
  struct Case {
    const char *json;
    const char *text;
  };
  const Case cases[] = {
      {"0", "0"},
      {"-7", "-7"},
      {"10", "10"},
      {"99", "99"},
      {"100", "100"},
      {"-1000000", "-1000000"},
      {"9223372036854775807", "9223372036854775807"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"1.5", "1.5"},
      {"-0.0", "-0.0"},
      {"12.0", "12.0"},
      {"100.25", "100.25"},
      {"0.001", "0.001"},
      {"1e21", "1000000000000000000000.0"},
      {"1.5e-7", "0.00000015"},
      {"123456789012345680000.0", "123456789012345680000.0"},
      {"0.1", "0.1"},
  };
  const std::string tiny = "0." + std::string(323, '0') + "5";  // 5e-324, the least double
  const Case last{"5e-324", tiny.c_str()};
  std::vector<Case> all(std::begin(cases), std::end(cases));
  all.push_back(last);
  for (const Case &c : all) {
    std::string json = std::string(R"({"r": [{"id": "a", "v": )") + c.json + "}], \"k\": " + c.json + "}";
    std::string text = hedl_text(json);
    INFO(json);
    CHECK(row_of(text, "a") == std::string("|a,") + c.text);
    CHECK(text.find(std::string("k: ") + c.text + "\n") != std::string::npos);
    CHECK(round_trip(json) == "");
  }
}

TEST_CASE("from_json paths: integers beyond 64 bits that a double holds", "[from_json]") {
  // simdjson refuses them; the converter rewrites them as floats and parses again.
  std::string text = hedl_text(R"({"r": [{"id": "a", "v": 18446744073709551616}], "k": -36893488147419103232})");
  CHECK(row_of(text, "a") == "|a,18446744073709552000.0");
  CHECK(text.find("k: -36893488147419103000.0\n") != std::string::npos);
}

TEST_CASE("from_json paths: one thread converting large, small and limited inputs in turn", "[from_json]") {
  std::string big = R"({"users": [)";
  for (int i = 0; i < 20000; ++i) {
    if (i) big += ",";
    big += R"({"id": "u)" + std::to_string(i) + R"(", "name": "Name )" + std::to_string(i % 97) + R"(", "n": )" +
           std::to_string(i) + "}";
  }
  big += "]}";
  const std::string small = R"({"a": {"b": {"c": 1}}, "r": [{"id": "x", "v": "w"}]})";
  const std::string big_text = hedl_text(big), small_text = hedl_text(small);
  hedl::FromJsonOptions shallow = v1_options();
  shallow.limits.max_indent_depth = 1;
  for (int round = 0; round < 3; ++round) {
    CHECK(hedl_text(big) == big_text);
    CHECK(hedl_text(small) == small_text);
    auto limited = hedl::from_json(small, shallow);
    REQUIRE_FALSE(limited.ok());
    CHECK(limited.error().kind == hedl::ErrorKind::Security);
    CHECK(hedl::from_json("{\"a\": [1, 2").error().kind == hedl::ErrorKind::Conversion);
    CHECK(hedl_text(small) == small_text);
  }
}

TEST_CASE("from_json paths: a new thread's first, smallest conversion", "[from_json]") {
  // A fresh parser sized for a tiny input: the 16-byte reads past the last
  // string must stay inside simdjson's buffers (the ASan build checks).
  for (std::size_t len : {1u, 15u, 16u, 17u, 40u}) {
    std::string cell(len, 'z');
    std::string json = R"({"r":[{"id":"a","v":")" + cell + R"("},{"id":"b","v":")" + cell + R"("}]})";
    std::string text;
    std::thread([&] {
      auto r = hedl::json_to_hedl(json, v1_options());
      if (r.ok()) text = r.value();
    }).join();
    INFO(json);
    CHECK(row_of(text, "a") == "|a," + cell);
    CHECK(row_of(text, "b") == (len >= 2 ? std::string("|b,^") : "|b," + cell));
  }
}

TEST_CASE("from_json paths: threads convert at the same time", "[from_json]") {
  std::vector<std::string> inputs, expected;
  for (int t = 0; t < 4; ++t) {
    std::string json = R"({"t": )" + std::to_string(t) + R"(, "r": [)";
    for (int i = 0; i < 2000 * (t + 1); ++i) {
      if (i) json += ",";
      json += R"({"id": "r)" + std::to_string(i) + R"(", "v": ")" + std::string(static_cast<std::size_t>(i % 40), 'v') +
              R"(", "f": )" + std::to_string(i) + ".5}";
    }
    json += "]}";
    inputs.push_back(json);
    expected.push_back(hedl_text(json));
  }
  std::vector<int> matches(inputs.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < inputs.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        auto r = hedl::json_to_hedl(inputs[(t + static_cast<std::size_t>(k)) % inputs.size()], v1_options());
        if (r.ok() && r.value() == expected[(t + static_cast<std::size_t>(k)) % inputs.size()]) ++matches[t];
      }
    });
  }
  for (auto &th : threads) th.join();
  for (int m : matches) CHECK(m == 5);
}
