// The lint part of the C API: hedl_lint and the HedlDiagnostics accessors,
// NULL and out-of-range arguments, ownership, and the memory guide's pattern.

#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.h"

namespace {

int g_sentinel_storage = 0;
HedlDiagnostics *sentinel_diags() { return reinterpret_cast<HedlDiagnostics *>(&g_sentinel_storage); }
char *sentinel_str() { return reinterpret_cast<char *>(&g_sentinel_storage); }

// Findings, in lint order: unused-schema (warning, line 3),
// unqualified-kv-ref (warning, line 8), id-naming (hint, line 6).
const char *const kDoc =
    "%VERSION: 1.0\n"
    "%STRUCT: User: [id, name]\n"
    "%STRUCT: Unused: [id]\n"
    "---\n"
    "users: @User\n"
    "  |a, Ann\n"
    "  |bob, Bob\n"
    "owner: @bob\n";

HedlDocument *parse_doc(const char *text) {
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse(text, -1, 1, &doc) == HEDL_OK);
  REQUIRE(doc != nullptr);
  return doc;
}

std::string get_message(const HedlDiagnostics *d, int i) {
  char *s = nullptr;
  REQUIRE(hedl_diagnostics_get(d, i, &s) == HEDL_OK);
  REQUIRE(s != nullptr);
  std::string out(s);
  hedl_free_string(s);
  return out;
}

}  // namespace

TEST_CASE("C API: hedl_lint lists findings with rule, severity and line", "[c_api][lint]") {
  HedlDocument *doc = parse_doc(kDoc);
  HedlDiagnostics *diags = sentinel_diags();
  REQUIRE(hedl_lint(doc, &diags) == HEDL_OK);
  REQUIRE(diags != nullptr);
  REQUIRE(diags != sentinel_diags());
  CHECK(hedl_get_last_error() == nullptr);
  REQUIRE(hedl_diagnostics_count(diags) == 3);

  std::string m0 = get_message(diags, 0), m1 = get_message(diags, 1), m2 = get_message(diags, 2);
  CHECK(m0.rfind("[unused-schema] warning: ", 0) == 0);
  CHECK(m0.find("'Unused'") != std::string::npos);
  CHECK(m1.rfind("[unqualified-kv-ref] warning: ", 0) == 0);
  CHECK(m2.rfind("[id-naming] hint: ", 0) == 0);
  CHECK(hedl_diagnostics_severity(diags, 0) == 1);
  CHECK(hedl_diagnostics_severity(diags, 1) == 1);
  CHECK(hedl_diagnostics_severity(diags, 2) == 0);
  CHECK(hedl_diagnostics_line(diags, 0) == 3);
  CHECK(hedl_diagnostics_line(diags, 1) == 8);
  CHECK(hedl_diagnostics_line(diags, 2) == 6);

  // The findings do not depend on the document: free it first.
  hedl_free_document(doc);
  CHECK(get_message(diags, 0) == m0);
  hedl_free_diagnostics(diags);
}

TEST_CASE("C API: a clean document gives an empty list", "[c_api][lint]") {
  HedlDocument *doc = parse_doc("%VERSION: 1.0\n---\nname: x\n");
  HedlDiagnostics *diags = nullptr;
  REQUIRE(hedl_lint(doc, &diags) == HEDL_OK);
  REQUIRE(diags != nullptr);
  CHECK(hedl_diagnostics_count(diags) == 0);
  char *s = sentinel_str();
  CHECK(hedl_diagnostics_get(diags, 0, &s) == HEDL_ERR_LINT);
  CHECK(s == nullptr);
  hedl_free_diagnostics(diags);
  hedl_free_document(doc);
}

TEST_CASE("C API lint: NULL arguments", "[c_api][lint]") {
  HedlDocument *doc = parse_doc(kDoc);

  HedlDiagnostics *diags = sentinel_diags();
  CHECK(hedl_lint(nullptr, &diags) == HEDL_ERR_NULL_PTR);
  CHECK(diags == nullptr);
  REQUIRE(hedl_get_last_error() != nullptr);
  CHECK(hedl_lint(doc, nullptr) == HEDL_ERR_NULL_PTR);

  CHECK(hedl_diagnostics_count(nullptr) == -1);
  char *s = sentinel_str();
  CHECK(hedl_diagnostics_get(nullptr, 0, &s) == HEDL_ERR_NULL_PTR);
  CHECK(s == nullptr);
  CHECK(hedl_diagnostics_severity(nullptr, 0) == -1);
  CHECK(hedl_diagnostics_line(nullptr, 0) == -1);
  hedl_free_diagnostics(nullptr);  // a no-op

  REQUIRE(hedl_lint(doc, &diags) == HEDL_OK);
  CHECK(hedl_diagnostics_get(diags, 0, nullptr) == HEDL_ERR_NULL_PTR);
  hedl_free_diagnostics(diags);
  hedl_free_document(doc);
}

TEST_CASE("C API lint: out-of-range indexes", "[c_api][lint]") {
  HedlDocument *doc = parse_doc(kDoc);
  HedlDiagnostics *diags = nullptr;
  REQUIRE(hedl_lint(doc, &diags) == HEDL_OK);
  const int n = hedl_diagnostics_count(diags);
  REQUIRE(n == 3);
  for (int bad : {-1, n, n + 1, 2147483647, -2147483647 - 1}) {
    char *s = sentinel_str();
    CHECK(hedl_diagnostics_get(diags, bad, &s) == HEDL_ERR_LINT);
    CHECK(s == nullptr);
    REQUIRE(hedl_get_last_error() != nullptr);
    CHECK(std::string(hedl_get_last_error()).find("out of range") != std::string::npos);
    CHECK(hedl_diagnostics_severity(diags, bad) == -1);
    CHECK(hedl_diagnostics_line(diags, bad) == -1);
  }
  // A good call afterwards clears the last error.
  char *s = nullptr;
  CHECK(hedl_diagnostics_get(diags, n - 1, &s) == HEDL_OK);
  CHECK(hedl_get_last_error() == nullptr);
  hedl_free_string(s);
  hedl_free_diagnostics(diags);
  hedl_free_document(doc);
}

TEST_CASE("C API lint: the memory guide's pattern, repeated", "[c_api][lint]") {
  // Parse, lint, read every finding, free everything: ASan checks for leaks.
  for (int round = 0; round < 200; ++round) {
    HedlDocument *doc = nullptr;
    REQUIRE(hedl_parse(kDoc, -1, 0, &doc) == HEDL_OK);
    HedlDiagnostics *diag = nullptr;
    REQUIRE(hedl_lint(doc, &diag) == HEDL_OK);
    int count = hedl_diagnostics_count(diag);
    REQUIRE(count == 3);
    for (int i = 0; i < count; i++) {
      int severity = hedl_diagnostics_severity(diag, i);
      REQUIRE(severity >= 0);
      REQUIRE(severity <= 2);
      char *message = nullptr;
      REQUIRE(hedl_diagnostics_get(diag, i, &message) == HEDL_OK);
      REQUIRE(std::strlen(message) > 0);
      hedl_free_string(message);
    }
    hedl_free_diagnostics(diag);
    hedl_free_document(doc);
  }
}
