// Matrix rows: the bitmask splitter for rows of plain cells must read every
// row exactly as the general CSV path does. A trailing comment sends the same
// row down the general path ('#' is one of the bytes the fast path leaves to
// it), so each generated row is parsed both ways and the results compared.

#include <cstdint>
#include <random>
#include <string>

#include <catch2/catch.hpp>

#include "hedl.hpp"

namespace {

std::string document(const std::string &row) {
  return "%VERSION: 1.0\n%STRUCT: T: [id, a, b, c]\n---\nitems: @T\n  |" + row + "\n";
}

// The JSON of a parse, or the error (kind, line, column, message).
std::string outcome(const std::string &text) {
  auto r = hedl::parse(text);
  if (!r.ok()) {
    const hedl::Error &e = r.error();
    return "error " + std::to_string(static_cast<int>(e.kind)) + " " + std::to_string(e.line) + ":" +
           std::to_string(e.column) + " " + e.message;
  }
  return hedl::to_json(r.value());
}

std::string random_cell(std::mt19937 &rng) {
  static const char *const pieces[] = {"x", "id7", "42", "-3.5", "true", "~", " ", "\t", "é", "漢", "a b", "z_9", ""};
  std::string cell;
  int n = static_cast<int>(rng() % 6);
  for (int i = 0; i < n; ++i) cell += pieces[rng() % (sizeof pieces / sizeof *pieces)];
  return cell;
}

}  // namespace

TEST_CASE("rows of plain cells read the same on the fast and the general path") {
  std::mt19937 rng(20261125);
  int compared = 0, valid = 0;
  for (int i = 0; i < 4000; ++i) {
    // IDs first (so most rows are valid), then cells of any length, sometimes
    // a trailing comma or trailing blanks; lengths straddle the 16-byte loads.
    std::string row = "r" + std::to_string(i);
    int cells = 1 + static_cast<int>(rng() % 5);
    for (int c = 0; c < cells; ++c) row += "," + random_cell(rng);
    if (rng() % 10 == 0) row += ",";
    if (rng() % 5 == 0) row += "  ";
    std::string fast = outcome(document(row));
    std::string general = outcome(document(row + " # general path"));
    INFO("row: |" << row);
    // Error columns and messages are about the same bytes either way.
    REQUIRE(fast == general);
    ++compared;
    if (fast.rfind("error", 0) != 0) ++valid;
  }
  CHECK(compared == 4000);
  CHECK(valid > 500);  // the generator must exercise the success path too
}

TEST_CASE("a trailing comma is an error on the fast path too") {
  auto r = hedl::parse(document("a_long_identifier,1,2,3,"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == hedl::ErrorKind::Syntax);
  CHECK(r.error().message.find("trailing comma") != std::string::npos);
}

TEST_CASE("cells are trimmed of blanks and tabs on the fast path") {
  auto r = hedl::parse(document("  a_long_identifier , \tx y\t,, 7  "));
  REQUIRE(r.ok());
  CHECK(hedl::to_json(r.value()) == R"({"items":[{"id":"a_long_identifier","a":"x y","b":"","c":7}]})");
}
