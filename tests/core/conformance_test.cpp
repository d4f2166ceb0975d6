// Runs every conformance case in tests/conformance/cases (HEDL 1.0) and
// tests/conformance/cases-2.0 (HEDL 2.0 and the 1.1/1.2 dispatch) through the C API.
//
// Each `<name>.hedl` (read as bytes: some hold CR, BOM, NUL or invalid UTF-8)
// has a twin `<name>.expect.json`:
//   ok cases:    hedl_parse succeeds; hedl_to_json (metadata 0) equals `json`,
//                and with metadata 1 equals `json_meta` when that is present.
//   error cases: hedl_parse fails; hedl_get_last_error_kind() equals `kind`;
//                hedl_get_last_error_line() equals `line` unless it is null.
// JSON compares as data (json_compare.hpp). When an ok case has a `lint`
// array, hedl_lint's findings must equal it as a multiset of (rule, severity),
// and every finding must carry a line >= 1.
//
// Expected failures: the relative paths listed in HEDL_XFAIL_FILE (one per
// line, `#` comments) are still run and must still fail. A listed case that
// passes fails the test, so the list can only shrink.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.h"
#include "json_compare.hpp"

#ifndef HEDL_CONFORMANCE_DIR
#error "HEDL_CONFORMANCE_DIR must name tests/conformance/cases"
#endif
#ifndef HEDL_XFAIL_FILE
#error "HEDL_XFAIL_FILE must name tests/conformance/expected-failures.txt"
#endif
#if !defined(HEDL_CONFORMANCE_DIR_2) || !defined(HEDL_XFAIL_FILE_2)
#error "HEDL_CONFORMANCE_DIR_2 / HEDL_XFAIL_FILE_2 must name tests/conformance/cases-2.0 and its list"
#endif

namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string trim(std::string s) {
  const char *ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

/// The entries of the expected-failures list, in file order.
std::vector<std::string> read_xfail_list(const fs::path &p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    line = trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

struct Case {
  std::string rel;  // e.g. "conformance_rs/test_alias_expansion"
  fs::path hedl;
  fs::path expect;
};

std::vector<Case> find_cases(const fs::path &root) {
  std::vector<Case> cases;
  for (const auto &entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".hedl") continue;
    Case c;
    c.hedl = entry.path();
    fs::path stem = entry.path();
    stem.replace_extension();
    c.expect = stem;
    c.expect += ".expect.json";
    c.rel = fs::relative(stem, root).generic_string();
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const Case &a, const Case &b) { return a.rel < b.rel; });
  return cases;
}

std::string last_error_text() {
  const char *e = hedl_get_last_error();
  return e ? std::string(e) : std::string("(hedl_get_last_error() returned NULL)");
}

/// hedl_to_json into a std::string; returns "" and sets `why` on failure.
bool c_to_json(const HedlDocument *doc, int metadata, std::string &out, std::string &why) {
  char *json = nullptr;
  int rc = hedl_to_json(doc, metadata, &json);
  if (rc != HEDL_OK) {
    why = "hedl_to_json(metadata " + std::to_string(metadata) + ") returned " + std::to_string(rc) + ": " +
          last_error_text();
    hedl_free_string(json);
    return false;
  }
  if (json == nullptr) {
    why = "hedl_to_json returned HEDL_OK but a NULL string";
    return false;
  }
  out.assign(json);
  hedl_free_string(json);
  return true;
}

/// Compares our JSON text with an expected DOM element; "" when equal.
std::string compare_output(const std::string &ours, simdjson::dom::element expected) {
  simdjson::dom::parser p = hedl_test::make_json_parser();
  simdjson::padded_string padded(ours);
  simdjson::dom::element actual;
  if (auto err = p.parse(padded).get(actual); err) {
    return std::string("our JSON does not parse (") + simdjson::error_message(err) + "): " + ours.substr(0, 300);
  }
  std::string dup = hedl_test::json_duplicate_keys(actual);
  if (!dup.empty()) return "our JSON repeats a key: " + dup;
  std::string d = hedl_test::json_diff(actual, expected);
  if (!d.empty()) return d + "\n  ours:     " + ours.substr(0, 600);
  return {};
}

std::size_t g_lint_cases = 0, g_lint_passed = 0;

/// Compares hedl_lint's findings with an expected `lint` array; "" when they match.
std::string compare_lint(const HedlDocument *doc, simdjson::dom::array want) {
  std::multiset<std::pair<std::string, std::string>> expected, ours;
  for (simdjson::dom::element e : want) {
    std::string_view rule, severity;
    if (e["rule"].get(rule) != simdjson::SUCCESS || e["severity"].get(severity) != simdjson::SUCCESS)
      return "expect.json lint entry without rule/severity";
    expected.emplace(std::string(rule), std::string(severity));
  }
  HedlDiagnostics *diags = nullptr;
  if (int rc = hedl_lint(doc, &diags); rc != HEDL_OK) return "hedl_lint returned " + std::to_string(rc);
  static const char *const kSeverity[] = {"hint", "warning", "error"};
  std::string why, listing;
  for (int i = 0; i < hedl_diagnostics_count(diags); ++i) {
    char *msg = nullptr;
    if (hedl_diagnostics_get(diags, i, &msg) != HEDL_OK || msg == nullptr) {
      why = "hedl_diagnostics_get failed";
      break;
    }
    std::string text(msg);
    hedl_free_string(msg);
    std::string rule = text.size() > 1 && text[0] == '[' ? text.substr(1, text.find(']') - 1) : text;
    int sev = hedl_diagnostics_severity(diags, i);
    ours.emplace(rule, sev >= 0 && sev <= 2 ? kSeverity[sev] : "?");
    listing += "\n    line " + std::to_string(hedl_diagnostics_line(diags, i)) + ": " + text;
    if (hedl_diagnostics_line(diags, i) < 1) why = "a finding has no line: " + text;
  }
  hedl_free_diagnostics(diags);
  if (why.empty() && ours != expected)
    why = "lint: expected " + std::to_string(expected.size()) +
          " finding(s), ours:" + (listing.empty() ? " none" : listing);
  return why;
}

/// Runs one case; returns "" when it behaves as expected, else why not.
std::string run_case(const std::string &input, simdjson::dom::element expect) {
  bool strict = true;
  if (bool s; expect["strict"].get(s) == simdjson::SUCCESS) strict = s;
  bool ok_expected = false;
  if (expect["ok"].get(ok_expected) != simdjson::SUCCESS) return "expect.json has no boolean \"ok\"";

  if (input.size() > static_cast<std::size_t>(INT32_MAX)) return "case too large for the C API";
  int sentinel = 0;
  HedlDocument *doc = reinterpret_cast<HedlDocument *>(&sentinel);  // must be overwritten
  int rc = hedl_parse(input.data(), static_cast<int>(input.size()), strict ? 1 : 0, &doc);

  if (ok_expected) {
    if (rc != HEDL_OK) {
      return "expected ok, hedl_parse returned " + std::to_string(rc) + ": " + last_error_text();
    }
    if (doc == nullptr || doc == reinterpret_cast<HedlDocument *>(&sentinel)) {
      return "hedl_parse returned HEDL_OK without a document";
    }
    std::string why;
    if (hedl_get_last_error() != nullptr) {
      why = "hedl_get_last_error() is not NULL after a successful parse: " + last_error_text();
    }
    simdjson::dom::element want;
    if (why.empty() && expect["json"].get(want) == simdjson::SUCCESS) {
      std::string ours;
      if (!c_to_json(doc, 0, ours, why)) {
        // why is set
      } else if (std::string d = compare_output(ours, want); !d.empty()) {
        why = "json: " + d;
      }
    } else if (why.empty()) {
      why = "expect.json of an ok case has no \"json\"";
    }
    simdjson::dom::element want_meta;
    if (why.empty() && expect["json_meta"].get(want_meta) == simdjson::SUCCESS) {
      std::string ours;
      if (!c_to_json(doc, 1, ours, why)) {
        // why is set
      } else if (std::string d = compare_output(ours, want_meta); !d.empty()) {
        why = "json_meta: " + d;
      }
    }
    simdjson::dom::array want_lint;
    if (why.empty() && expect["lint"].get(want_lint) == simdjson::SUCCESS) {
      ++g_lint_cases;
      why = compare_lint(doc, want_lint);
      if (why.empty()) ++g_lint_passed;
    }
    hedl_free_document(doc);
    return why;
  }

  // An error case.
  std::string_view want_kind;
  if (expect["kind"].get(want_kind) != simdjson::SUCCESS) return "expect.json has no \"kind\"";
  bool line_given = false;
  std::int64_t want_line = 0;
  if (simdjson::dom::element l; expect["line"].get(l) == simdjson::SUCCESS && !l.is_null()) {
    if (l.get(want_line) != simdjson::SUCCESS) return "expect.json \"line\" is not an integer";
    line_given = true;
  }
  std::string where = std::string(want_kind) + (line_given ? " at line " + std::to_string(want_line) : std::string());

  if (rc == HEDL_OK) {
    std::string ours, why;
    if (doc != nullptr && doc != reinterpret_cast<HedlDocument *>(&sentinel)) {
      c_to_json(doc, 0, ours, why);
      hedl_free_document(doc);
    }
    return "expected " + where + ", but it parsed: " + ours.substr(0, 300);
  }
  std::string why;
  if (rc != HEDL_ERR_PARSE && rc != HEDL_ERR_INVALID_UTF8) {
    why = "hedl_parse returned " + std::to_string(rc) + " (want HEDL_ERR_PARSE or HEDL_ERR_INVALID_UTF8); ";
  }
  if (doc != nullptr) why += "out_doc not set to NULL on failure; ";
  const char *kind = hedl_get_last_error_kind();
  std::string got_kind = kind ? kind : "(NULL)";
  int got_line = hedl_get_last_error_line();
  if (got_kind != want_kind) {
    why += "kind " + got_kind + ", expected " + std::string(want_kind) + "; ";
  }
  if (line_given && got_line != want_line) {
    why += "line " + std::to_string(got_line) + ", expected " + std::to_string(want_line) + "; ";
  }
  if (!why.empty()) why += "error was: " + last_error_text();
  return why;
}

// Runs one corpus (a cases folder and its expected-failures list).
void run_corpus(const fs::path &root, const fs::path &xfail_path, const char *label) {
  REQUIRE(fs::is_directory(root));
  REQUIRE(fs::exists(xfail_path));

  const std::vector<Case> cases = find_cases(root);
  REQUIRE(!cases.empty());

  const std::vector<std::string> xfail_list = read_xfail_list(xfail_path);
  std::set<std::string> xfail(xfail_list.begin(), xfail_list.end());
  std::set<std::string> known;
  for (const auto &c : cases) known.insert(c.rel);
  for (const auto &x : xfail_list) {
    if (!known.count(x)) {
      FAIL_CHECK("expected-failures.txt lists \"" << x << "\", which is not a conformance case: "
                                                  << "remove it from " << xfail_path.string());
    }
  }
  if (xfail.size() != xfail_list.size()) {
    FAIL_CHECK("expected-failures.txt lists a case more than once");
  }

  std::size_t passed = 0, expected_failures = 0, failed = 0;
  for (const auto &c : cases) {
    std::string why;
    if (!fs::exists(c.expect)) {
      why = "missing " + c.expect.filename().string();
    } else {
      simdjson::dom::parser ep = hedl_test::make_json_parser();
      simdjson::dom::element expect;
      if (auto err = ep.load(c.expect.string()).get(expect); err) {
        why = std::string("cannot read expect.json: ") + simdjson::error_message(err);
      } else {
        why = run_case(read_bytes(c.hedl), expect);
      }
    }
    const bool ok = why.empty();
    if (xfail.count(c.rel)) {
      if (ok) {
        ++failed;
        FAIL_CHECK(c.rel << " passes now but is listed in expected-failures.txt: "
                         << "remove it from " << xfail_path.string() << " (the list may only shrink)");
      } else {
        ++expected_failures;
      }
    } else if (ok) {
      ++passed;
      SUCCEED(c.rel);
    } else {
      ++failed;
      FAIL_CHECK(c.rel << ": " << why);
    }
  }
  std::cout << label << ": " << cases.size() << " cases, " << passed << " passed, " << expected_failures
            << " expected failures; lint expectations: " << g_lint_passed << " of " << g_lint_cases << " match";
  if (failed) std::cout << ", " << failed << " FAILED";
  std::cout << std::endl;
}

}  // namespace

TEST_CASE("conformance cases through the C API", "[conformance]") {
  run_corpus(HEDL_CONFORMANCE_DIR, HEDL_XFAIL_FILE, "conformance (1.0)");
}

/// Loads a case's expect.json; true for a valid case (its `strict` flag in `strict`).
bool valid_case(const Case &c, simdjson::dom::parser &ep, simdjson::dom::element &expect, bool &strict) {
  REQUIRE(ep.load(c.expect.string()).get(expect) == simdjson::SUCCESS);
  bool ok = false;
  if (expect["ok"].get(ok) != simdjson::SUCCESS || !ok) return false;
  if (expect["strict"].get(strict) != simdjson::SUCCESS) strict = true;
  return true;
}

/// canonicalize in `version` (C API), parse that strictly or not, return its JSON; "" + why on failure.
bool convert_and_read(const std::string &text, bool strict, int version, std::string &json, std::string &canon,
                      std::string &why) {
  HedlDocument *doc = nullptr;
  if (hedl_parse(text.c_str(), static_cast<int>(text.size()), strict ? 1 : 0, &doc) != HEDL_OK) {
    why = "does not parse: " + last_error_text();
    return false;
  }
  char *out = nullptr;
  int rc = hedl_canonicalize_version(doc, version, &out);
  hedl_free_document(doc);
  if (rc != HEDL_OK) {
    why = "hedl_canonicalize_version failed: " + last_error_text();
    return false;
  }
  canon.assign(out);
  hedl_free_string(out);
  HedlDocument *back = nullptr;
  if (hedl_parse(canon.c_str(), static_cast<int>(canon.size()), strict ? 1 : 0, &back) != HEDL_OK) {
    why = "the converted text does not parse: " + last_error_text() + "\n" + canon.substr(0, 400);
    return false;
  }
  bool ok = c_to_json(back, 0, json, why);
  hedl_free_document(back);
  return ok;
}

// Calls fn(case, strict, expected) for every valid case under `dir`; returns how many.
template <class Fn>
std::size_t for_each_valid_case(const char *dir, Fn &&fn) {
  std::size_t n = 0;
  for (const Case &c : find_cases(dir)) {
    simdjson::dom::parser ep = hedl_test::make_json_parser();
    simdjson::dom::element expect;
    bool strict = true;
    if (!valid_case(c, ep, expect, strict)) continue;
    INFO(c.rel);
    fn(c, strict, expect);
    ++n;
  }
  return n;
}

/// What differs between JSON text `got` and the element `want` ("" when nothing).
std::string json_text_vs(const std::string &got, simdjson::dom::element want) {
  simdjson::dom::parser p = hedl_test::make_json_parser();
  simdjson::padded_string j(got);
  simdjson::dom::element g;
  if (p.parse(j).get(g) != simdjson::SUCCESS) return "not JSON: " + got;
  return hedl_test::json_diff(g, want);
}

// Every valid 1.0 case written as 2.0 reads back as the same data, the 2.0
// text is a fixed point, and writing it back as 1.0 keeps the data too.
TEST_CASE("every valid 1.0 conformance case survives 1.0 -> 2.0 -> 1.0", "[conformance][v2]") {
  std::size_t checked =
      for_each_valid_case(HEDL_CONFORMANCE_DIR, [](const Case &c, bool strict, simdjson::dom::element) {
        std::string text = read_bytes(c.hedl), json0, json2, canon2, why;
        // The original's own JSON (through a keep-version round trip, which the 1.0 corpus test checks).
        HedlDocument *doc = nullptr;
        REQUIRE(hedl_parse(text.c_str(), static_cast<int>(text.size()), strict ? 1 : 0, &doc) == HEDL_OK);
        REQUIRE(c_to_json(doc, 0, json0, why));
        hedl_free_document(doc);
        if (!convert_and_read(text, strict, 20, json2, canon2, why)) FAIL_CHECK(c.rel << ": to 2.0: " << why);
        std::string again_json, again;
        if (!convert_and_read(canon2, strict, 0, again_json, again, why)) FAIL_CHECK(c.rel << ": 2.0 again: " << why);
        CHECK(again == canon2);
        simdjson::dom::parser p0 = hedl_test::make_json_parser();
        simdjson::padded_string a(json0);
        simdjson::dom::element ea;
        REQUIRE(p0.parse(a).get(ea) == simdjson::SUCCESS);
        std::string d = json_text_vs(json2, ea);
        if (!d.empty()) FAIL_CHECK(c.rel << ": 2.0 form reads differently: " << d << "\n" << canon2);
        std::string json1, canon1;
        if (!convert_and_read(canon2, strict, 10, json1, canon1, why)) FAIL_CHECK(c.rel << ": back to 1.0: " << why);
      });
  CHECK(checked > 100);
}

// Every valid 2.0 case: its canonical form (its own version) reads back as the
// same data and is a fixed point.
TEST_CASE("every valid 2.0 conformance case is a lossless canonical fixed point", "[conformance][v2]") {
  std::size_t checked =
      for_each_valid_case(HEDL_CONFORMANCE_DIR_2, [](const Case &c, bool strict, simdjson::dom::element expect) {
        std::string text = read_bytes(c.hedl), json, canon, again_json, again, why;
        if (!convert_and_read(text, strict, 0, json, canon, why)) {
          FAIL_CHECK(c.rel << ": " << why);
          return;
        }
        if (!convert_and_read(canon, strict, 0, again_json, again, why)) {
          FAIL_CHECK(c.rel << ": " << why);
          return;
        }
        if (again != canon) FAIL_CHECK(c.rel << ": not a fixed point:\n" << canon << "---- then ----\n" << again);
        simdjson::dom::element want;
        if (expect["json"].get(want) != simdjson::SUCCESS) return;
        std::string d = json_text_vs(json, want);
        if (!d.empty()) FAIL_CHECK(c.rel << ": canonical form reads differently: " << d << "\n" << canon);
      });
  CHECK(checked > 100);
}

TEST_CASE("HEDL 2.0 conformance cases through the C API", "[conformance]") {
  run_corpus(HEDL_CONFORMANCE_DIR_2, HEDL_XFAIL_FILE_2, "conformance (2.0)");
}
