// The C API contract (core/include/hedl.h) and the usage patterns of
// ../shared/seed/memory-management-guide.md.

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl.h"
#include "hedl.hpp"
#include "json_compare.hpp"

namespace {

// A non-NULL pointer the API must overwrite with NULL on failure.
int g_sentinel_storage = 0;
HedlDocument *sentinel_doc() { return reinterpret_cast<HedlDocument *>(&g_sentinel_storage); }
char *sentinel_str() { return reinterpret_cast<char *>(&g_sentinel_storage); }

const char *const kSimple = "%VERSION: 1.0\n---\na: 1\nb: x\n";

const char *const kLenient =
    "%VERSION: 1.0\n"
    "%STRUCT: T: [id,ref]\n"
    "---\n"
    "d: @T\n"
    "  |a1,@missing\n";

std::string last_error() {
  const char *e = hedl_get_last_error();
  return e ? e : "(NULL)";
}

std::string last_kind() {
  const char *k = hedl_get_last_error_kind();
  return k ? k : "(NULL)";
}

/// hedl_to_json into a std::string (REQUIREs success).
std::string to_json(const HedlDocument *doc, int metadata) {
  char *json = sentinel_str();
  int rc = hedl_to_json(doc, metadata, &json);
  INFO(last_error());
  REQUIRE(rc == HEDL_OK);
  REQUIRE(json != nullptr);
  REQUIRE(json != sentinel_str());
  std::string s(json);
  hedl_free_string(json);
  return s;
}

/// Parses `text` (NUL-terminated) and REQUIREs success.
HedlDocument *parse_ok(const char *text, int strict = 1) {
  HedlDocument *doc = sentinel_doc();
  int rc = hedl_parse(text, -1, strict, &doc);
  INFO(last_error());
  REQUIRE(rc == HEDL_OK);
  REQUIRE(doc != nullptr);
  REQUIRE(doc != sentinel_doc());
  return doc;
}

/// The text form docs/format.md gives, built from the getters.
std::string expected_prefix() {
  std::string p = last_kind() + " at line " + std::to_string(hedl_get_last_error_line());
  if (hedl_get_last_error_column() != 0) p += ", column " + std::to_string(hedl_get_last_error_column());
  return p + ": ";
}

}  // namespace

TEST_CASE("hedl_parse returns HEDL_OK and a document", "[c_api]") {
  HedlDocument *doc = sentinel_doc();
  REQUIRE(hedl_parse(kSimple, -1, 1, &doc) == HEDL_OK);
  REQUIRE(doc != nullptr);
  REQUIRE(doc != sentinel_doc());
  CHECK(hedl_get_last_error() == nullptr);
  CHECK(hedl_get_last_error_kind() == nullptr);
  CHECK(hedl_get_last_error_line() == 0);
  CHECK(hedl_get_last_error_column() == 0);
  hedl_free_document(doc);

  CHECK(hedl_validate(kSimple, -1, 1) == HEDL_OK);
  CHECK(hedl_get_last_error() == nullptr);
}

TEST_CASE("return codes and error details for invalid input", "[c_api]") {
  HedlDocument *doc = sentinel_doc();

  SECTION("invalid UTF-8 is HEDL_ERR_INVALID_UTF8, a SyntaxError at its line") {
    const char *bad = "%VERSION: 1.0\n---\na: 1\nb: \xff\xfe\n";
    REQUIRE(hedl_parse(bad, -1, 1, &doc) == HEDL_ERR_INVALID_UTF8);
    CHECK(doc == nullptr);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 4);
    CHECK(hedl_validate(bad, -1, 1) == HEDL_ERR_INVALID_UTF8);
    doc = sentinel_doc();
    REQUIRE(hedl_parse(bad, -1, 0, &doc) == HEDL_ERR_INVALID_UTF8);
    CHECK(doc == nullptr);
  }
  SECTION("a syntax error is HEDL_ERR_PARSE") {
    const char *bad = "%VERSION: 1.0\n---\na: 1\nb:x\n";
    REQUIRE(hedl_parse(bad, -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 4);
    CHECK(hedl_validate(bad, -1, 1) == HEDL_ERR_PARSE);
    CHECK(last_kind() == "SyntaxError");
  }
  SECTION("a version error is HEDL_ERR_PARSE") {
    REQUIRE(hedl_parse("%VERSION: 3.0\n---\n", -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
    CHECK(last_kind() == "VersionError");
    CHECK(hedl_get_last_error_line() == 1);
  }
  SECTION("a zero-length input is a SyntaxError at line 1") {
    REQUIRE(hedl_parse("", -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 1);
    doc = sentinel_doc();
    REQUIRE(hedl_parse(kSimple, 0, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
    CHECK(hedl_get_last_error_line() == 1);
  }
  SECTION("a missing separator is reported at the last line") {
    REQUIRE(hedl_parse("%VERSION: 1.0\n%STRUCT: T: [id]\n", -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 2);
  }
}

TEST_CASE("NULL arguments give HEDL_ERR_NULL_PTR", "[c_api]") {
  HedlDocument *doc = sentinel_doc();
  CHECK(hedl_parse(nullptr, -1, 1, &doc) == HEDL_ERR_NULL_PTR);
  CHECK(doc == nullptr);
  CHECK(hedl_get_last_error() != nullptr);  // a failure leaves details
  doc = sentinel_doc();
  CHECK(hedl_parse(nullptr, 10, 1, &doc) == HEDL_ERR_NULL_PTR);
  CHECK(doc == nullptr);
  CHECK(hedl_parse(kSimple, -1, 1, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_validate(nullptr, -1, 1) == HEDL_ERR_NULL_PTR);

  CHECK(hedl_schema_count(nullptr) == -1);
  CHECK(hedl_alias_count(nullptr) == -1);
  CHECK(hedl_root_item_count(nullptr) == -1);

  int major = 7, minor = 7;
  CHECK(hedl_get_version(nullptr, &major, &minor) == HEDL_ERR_NULL_PTR);

  char *json = sentinel_str();
  CHECK(hedl_to_json(nullptr, 0, &json) == HEDL_ERR_NULL_PTR);
  CHECK(json == nullptr);
  json = sentinel_str();
  CHECK(hedl_to_json(nullptr, 1, &json) == HEDL_ERR_NULL_PTR);
  CHECK(json == nullptr);

  HedlDocument *ok = parse_ok(kSimple);
  CHECK(hedl_to_json(ok, 0, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_get_version(ok, nullptr, &minor) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_get_version(ok, &major, nullptr) == HEDL_ERR_NULL_PTR);
  hedl_free_document(ok);

  // The frees accept NULL.
  hedl_free_document(nullptr);
  hedl_free_string(nullptr);
}

TEST_CASE("input_len: -1 reads to the NUL, a length reads exactly that many bytes", "[c_api]") {
  const std::string text = "%VERSION: 1.0\n---\na: 1\nb: 2\n";

  SECTION("-1 parses the whole NUL-terminated string") {
    HedlDocument *doc = parse_ok(text.c_str());
    CHECK(hedl_root_item_count(doc) == 2);
    hedl_free_document(doc);
  }
  SECTION("the full explicit length, from a buffer with no terminator") {
    std::unique_ptr<char[]> buf(new char[text.size()]);
    std::memcpy(buf.get(), text.data(), text.size());
    HedlDocument *doc = sentinel_doc();
    REQUIRE(hedl_parse(buf.get(), static_cast<int>(text.size()), 1, &doc) == HEDL_OK);
    CHECK(hedl_root_item_count(doc) == 2);
    hedl_free_document(doc);
  }
  SECTION("a shorter length parses only the prefix") {
    const int n = static_cast<int>(text.find("b:"));
    std::unique_ptr<char[]> buf(new char[n]);
    std::memcpy(buf.get(), text.data(), n);
    HedlDocument *doc = sentinel_doc();
    REQUIRE(hedl_parse(buf.get(), n, 1, &doc) == HEDL_OK);
    CHECK(hedl_root_item_count(doc) == 1);
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"a":1})") == "");
    hedl_free_document(doc);

    // A length that ends inside the next line: that partial line is what is parsed.
    doc = sentinel_doc();
    REQUIRE(hedl_parse(text.c_str(), n + 1, 1, &doc) == HEDL_ERR_PARSE);  // "b" alone
    CHECK(doc == nullptr);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 4);

    // Ending right before the newline of "b: 2": still valid, b is 2.
    doc = sentinel_doc();
    REQUIRE(hedl_parse(text.c_str(), static_cast<int>(text.size()) - 1, 1, &doc) == HEDL_OK);
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"a":1,"b":2})") == "");
    hedl_free_document(doc);

    // Ending inside the value: "b: " + nothing is an object start `b:` -> {}.
    doc = sentinel_doc();
    REQUIRE(hedl_parse(text.c_str(), static_cast<int>(text.size()) - 3, 1, &doc) == HEDL_OK);
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"a":1,"b":{}})") == "");
    hedl_free_document(doc);
  }
  SECTION("an embedded NUL: -1 stops there, an explicit length sees it") {
    const char bytes[] = "%VERSION: 1.0\n---\na: x\0y\n";
    const int len = static_cast<int>(sizeof(bytes) - 1);
    HedlDocument *doc = parse_ok(bytes);  // "...a: x"
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"a":"x"})") == "");
    hedl_free_document(doc);

    doc = sentinel_doc();
    REQUIRE(hedl_parse(bytes, len, 1, &doc) == HEDL_ERR_PARSE);  // NUL is a control character
    CHECK(doc == nullptr);
    CHECK(last_kind() == "SyntaxError");
    CHECK(hedl_get_last_error_line() == 3);
  }
}

TEST_CASE("hedl_get_last_error text form and getters", "[c_api]") {
  const char *const bad_inputs[] = {
      "%VERSION: 1.0\n---\na:b\n",
      "%VERSION: 1.0\n---\n a: 1\n",
      "%VERSION: 3.0\n---\n",
      "%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,1,2\n",
      "%VERSION: 1.0\n---\nl: @T[id,v]\n  |a,1\n  |a,2\n",
      "%VERSION: 1.0\n%STRUCT: T: [id,r]\n---\nl: @T\n  |a,@nope\n",
      "%VERSION: 1.0\n---\nv: %undefined_alias\n",
      "%VERSION: 1.0\n---\nt: [1, x]\n",
      "%VERSION: 1.0\n---\ns: \"unclosed\n",
      "%VERSION: 1.0\n---\na: 1\na: 2\n",
      "%VERSION: 1.0\n---\nc: \xc0\x80\n",
  };
  for (const char *input : bad_inputs) {
    INFO("input: " << input);
    HedlDocument *doc = sentinel_doc();
    int rc = hedl_parse(input, -1, 1, &doc);
    REQUIRE(rc != HEDL_OK);
    CHECK(doc == nullptr);
    const char *text = hedl_get_last_error();
    REQUIRE(text != nullptr);
    REQUIRE(hedl_get_last_error_kind() != nullptr);
    CHECK(hedl_get_last_error_line() >= 1);
    CHECK(hedl_get_last_error_column() >= 0);
    const std::string s = text;
    const std::string prefix = expected_prefix();
    INFO("error: " << s);
    CHECK(s.rfind(prefix, 0) == 0);
    CHECK(s.size() > prefix.size());  // a message follows
    CHECK((s.find(", column ") != std::string::npos) == (hedl_get_last_error_column() != 0));

    // The C API reports what the C++ API reports.
    auto r = hedl::parse(input);
    REQUIRE(!r.ok());
    CHECK(r.error().to_string() == s);
    CHECK(std::string(hedl::error_kind_name(r.error().kind)) == last_kind());
    CHECK(static_cast<int>(r.error().line) == hedl_get_last_error_line());
    CHECK(static_cast<int>(r.error().column) == hedl_get_last_error_column());
  }

  // A successful call clears the last error.
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse("%VERSION: 1.0\n---\na:b\n", -1, 1, &doc) == HEDL_ERR_PARSE);
  REQUIRE(hedl_get_last_error() != nullptr);
  doc = parse_ok(kSimple);
  CHECK(hedl_get_last_error() == nullptr);
  CHECK(hedl_get_last_error_kind() == nullptr);
  CHECK(hedl_get_last_error_line() == 0);
  CHECK(hedl_get_last_error_column() == 0);

  REQUIRE(hedl_validate("%VERSION: 1.0\n---\na:b\n", -1, 1) == HEDL_ERR_PARSE);
  REQUIRE(hedl_get_last_error() != nullptr);
  char *json = nullptr;
  REQUIRE(hedl_to_json(doc, 0, &json) == HEDL_OK);
  CHECK(hedl_get_last_error() == nullptr);
  hedl_free_string(json);
  hedl_free_document(doc);
}

TEST_CASE("hedl_get_version", "[c_api]") {
  HedlDocument *doc = parse_ok("%VERSION: 1.7\n---\na: 1\n");
  int major = -1, minor = -1;
  REQUIRE(hedl_get_version(doc, &major, &minor) == HEDL_OK);
  CHECK(major == 1);
  CHECK(minor == 7);
  hedl_free_document(doc);

  doc = parse_ok(kSimple);
  REQUIRE(hedl_get_version(doc, &major, &minor) == HEDL_OK);
  CHECK(major == 1);
  CHECK(minor == 0);
  hedl_free_document(doc);

  // A minor version beyond int: either the parse fails, or hedl_get_version
  // fails, or it reports the value; never a negative (wrapped) number.
  for (const char *text :
       {"%VERSION: 1.2147483647\n---\n", "%VERSION: 1.2147483648\n---\n", "%VERSION: 1.4294967295\n---\n"}) {
    INFO(text);
    doc = nullptr;
    if (hedl_parse(text, -1, 1, &doc) != HEDL_OK) {
      CHECK(last_kind() == "VersionError");
      continue;
    }
    major = minor = -1;
    if (hedl_get_version(doc, &major, &minor) == HEDL_OK) {
      CHECK(major == 1);
      CHECK(minor >= 0);
    }
    hedl_free_document(doc);
  }
}

TEST_CASE("schema, alias and root item counts", "[c_api]") {
  HedlDocument *doc = parse_ok(
      "%VERSION: 1.0\n"
      "%ALIAS: %x: \"1\"\n"
      "%ALIAS: %y: \"two\"\n"
      "%STRUCT: A: [id]\n"
      "%STRUCT: B: [id, v]\n"
      "---\n"
      "a: %x\n"
      "b:\n"
      "  c: %y\n"
      "l: @C[id, w]\n"  // an inline schema is not a %STRUCT schema
      "  |c1, 1\n"
      "m: @A\n"
      "  |a1\n");
  CHECK(hedl_schema_count(doc) == 2);
  CHECK(hedl_alias_count(doc) == 2);
  CHECK(hedl_root_item_count(doc) == 4);
  hedl_free_document(doc);

  doc = parse_ok("%VERSION: 1.0\n---\n");
  CHECK(hedl_schema_count(doc) == 0);
  CHECK(hedl_alias_count(doc) == 0);
  CHECK(hedl_root_item_count(doc) == 0);
  CHECK(to_json(doc, 0) == "{}");
  CHECK(to_json(doc, 1) == "{}");
  hedl_free_document(doc);
}

TEST_CASE("hedl_to_json: compact, with and without metadata", "[c_api]") {
  SECTION("scalars and objects: compact text, keys in document order") {
    HedlDocument *doc = parse_ok(
        "%VERSION: 1.0\n---\n"
        "a: 1\n"
        "b: x\n"
        "c: true\n"
        "d: ~\n"
        "e:\n"
        "  f: -2\n"
        "g:\n");
    const std::string expected = R"({"a":1,"b":"x","c":true,"d":null,"e":{"f":-2},"g":{}})";
    CHECK(to_json(doc, 0) == expected);
    // No lists: metadata changes nothing.
    CHECK(hedl_test::json_text_diff(to_json(doc, 1), expected) == "");
    hedl_free_document(doc);
  }
  SECTION("lists: rows as objects; metadata wraps lists and types rows") {
    HedlDocument *doc = parse_ok(
        "%VERSION: 1.0\n"
        "%STRUCT: T: [id,v]\n"
        "---\n"
        "l: @T\n"
        "  |a,1\n"
        "  |b,^\n");
    const std::string plain = to_json(doc, 0);
    CHECK(plain.find('\n') == std::string::npos);
    CHECK(hedl_test::json_text_diff(plain, R"({"l":[{"id":"a","v":1},{"id":"b","v":1}]})") == "");
    const std::string meta = to_json(doc, 1);
    CHECK(meta.find('\n') == std::string::npos);
    CHECK(hedl_test::json_text_diff(meta, R"({"l":{"__type__":"T","__schema__":["id","v"],"items":[
            {"__type__":"T","id":"a","v":1},{"__type__":"T","id":"b","v":1}]}})") == "");
    hedl_free_document(doc);
  }
}

TEST_CASE("strict and lenient references", "[c_api]") {
  SECTION("an unresolved reference") {
    HedlDocument *doc = sentinel_doc();
    REQUIRE(hedl_parse(kLenient, -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(doc == nullptr);
    CHECK(last_kind() == "ReferenceError");
    CHECK(hedl_get_last_error_line() == 5);
    CHECK(hedl_validate(kLenient, -1, 1) == HEDL_ERR_PARSE);
    CHECK(hedl_validate(kLenient, -1, 0) == HEDL_OK);

    doc = parse_ok(kLenient, 0);
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"d":[{"id":"a1","ref":{"@ref":"@missing"}}]})") == "");
    hedl_free_document(doc);
  }
  SECTION("an ambiguous unqualified key-value reference") {
    const char *text =
        "%VERSION: 1.0\n"
        "%STRUCT: A: [id]\n"
        "%STRUCT: B: [id]\n"
        "---\n"
        "as: @A\n"
        "  |x\n"
        "bs: @B\n"
        "  |x\n"
        "r: @x\n";
    HedlDocument *doc = sentinel_doc();
    REQUIRE(hedl_parse(text, -1, 1, &doc) == HEDL_ERR_PARSE);
    CHECK(last_kind() == "ReferenceError");
    CHECK(hedl_get_last_error_line() == 9);
    doc = parse_ok(text, 0);
    CHECK(hedl_test::json_text_diff(to_json(doc, 0), R"({"as":[{"id":"x"}],"bs":[{"id":"x"}],"r":{"@ref":"@x"}})") ==
          "");
    hedl_free_document(doc);
  }
  SECTION("resolved references are the same in both modes") {
    const char *text =
        "%VERSION: 1.0\n"
        "%STRUCT: T: [id,ref]\n"
        "---\n"
        "d: @T\n"
        "  |a1,@a2\n"
        "  |a2,@T:a1\n";
    const char *expected = R"({"d":[{"id":"a1","ref":{"@ref":"@a2"}},{"id":"a2","ref":{"@ref":"@T:a1"}}]})";
    for (int strict : {0, 1}) {
      HedlDocument *doc = parse_ok(text, strict);
      CHECK(hedl_test::json_text_diff(to_json(doc, 0), expected) == "");
      hedl_free_document(doc);
    }
  }
}

TEST_CASE("the last error is thread-local", "[c_api][threads]") {
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse("%VERSION: 1.0\n---\na: 1\nb:x\n", -1, 1, &doc) == HEDL_ERR_PARSE);
  const std::string mine = last_error();
  REQUIRE(last_kind() == "SyntaxError");
  REQUIRE(hedl_get_last_error_line() == 4);

  bool fresh_thread_clean = false;
  int other_rc = 0;
  std::string other_kind;
  int other_line = 0;
  bool other_cleared = false;
  std::thread t([&] {
    fresh_thread_clean = hedl_get_last_error() == nullptr;
    HedlDocument *d = nullptr;
    other_rc = hedl_parse(kLenient, -1, 1, &d);
    const char *k = hedl_get_last_error_kind();
    other_kind = k ? k : "(NULL)";
    other_line = hedl_get_last_error_line();
    d = nullptr;
    if (hedl_parse(kSimple, -1, 1, &d) == HEDL_OK) {
      other_cleared = hedl_get_last_error() == nullptr;
      hedl_free_document(d);
    }
  });
  t.join();
  CHECK(fresh_thread_clean);
  CHECK(other_rc == HEDL_ERR_PARSE);
  CHECK(other_kind == "ReferenceError");
  CHECK(other_line == 5);
  CHECK(other_cleared);

  // This thread's error is untouched by the other thread's error and success.
  CHECK(last_error() == mine);
  CHECK(last_kind() == "SyntaxError");
  CHECK(hedl_get_last_error_line() == 4);

  // Several threads at once, each checking that it sees only its own errors.
  constexpr int kThreads = 4;
  constexpr int kIterations = 200;
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int ti = 0; ti < kThreads; ++ti) {
    pool.emplace_back([ti, &mismatches] {
      // Thread ti's error is at line 3 + ti.
      std::string text = "%VERSION: 1.0\n---\n";
      for (int i = 0; i < ti; ++i) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
      text += "bad:x\n";
      for (int it = 0; it < kIterations; ++it) {
        HedlDocument *d = nullptr;
        if (hedl_parse(text.c_str(), -1, 1, &d) != HEDL_ERR_PARSE || d != nullptr) ++mismatches;
        const char *k = hedl_get_last_error_kind();
        if (!k || std::string(k) != "SyntaxError" || hedl_get_last_error_line() != 3 + ti) ++mismatches;
        if (it % 10 == 0) {
          if (hedl_parse(kSimple, -1, 0, &d) != HEDL_OK) ++mismatches;
          if (hedl_get_last_error() != nullptr) ++mismatches;
          char *json = nullptr;
          if (hedl_to_json(d, 1, &json) != HEDL_OK) ++mismatches;
          hedl_free_string(json);
          hedl_free_document(d);
        }
      }
    });
  }
  for (auto &th : pool) th.join();
  CHECK(mismatches.load() == 0);
  CHECK(last_error() == mine);
}

// ---------------------------------------------------------------------------
// memory-management-guide.md, "FFI Memory Management"

TEST_CASE("memory guide: every pointer freed with its matching hedl_free_*", "[c_api][guide]") {
  const char *input = kSimple;

  // Correct pattern (the guide's order, except that the document is freed
  // after its last use: the guide's snippet calls hedl_to_json after
  // hedl_free_document, which its own "Use After Free" section forbids).
  HedlDocument *doc = NULL;
  hedl_parse(input, -1, 0, &doc);
  REQUIRE(doc != NULL);
  // Use doc...
  CHECK(hedl_root_item_count(doc) == 2);

  char *json = NULL;
  hedl_to_json(doc, 0, &json);  // 0 = no metadata
  REQUIRE(json != NULL);
  // Use json...
  CHECK(std::string(json) == R"({"a":1,"b":"x"})");
  hedl_free_string(json);  // REQUIRED

  hedl_free_document(doc);  // REQUIRED

  // "FFI Limits": strict=1 enables reference validation.
  HedlDocument *strict_doc = NULL;
  CHECK(hedl_parse(kLenient, -1, 1, &strict_doc) == HEDL_ERR_PARSE);
  CHECK(strict_doc == NULL);
  HedlDocument *lenient_doc = NULL;
  CHECK(hedl_parse(kLenient, -1, 0, &lenient_doc) == HEDL_OK);
  hedl_free_document(lenient_doc);
}

// "RAII in C++": the guide's deleters and process_hedl, as written there.

struct HedlDocDeleter {
  void operator()(HedlDocument *p) const {
    if (p) hedl_free_document(p);
  }
};

struct HedlStringDeleter {
  void operator()(char *p) const {
    if (p) hedl_free_string(p);
  }
};

using HedlDocPtr = std::unique_ptr<HedlDocument, HedlDocDeleter>;
using HedlStringPtr = std::unique_ptr<char, HedlStringDeleter>;

// Usage with automatic cleanup
static void process_hedl(const char *input) {
  HedlDocument *raw_doc = nullptr;
  if (hedl_parse(input, -1, 0, &raw_doc) != HEDL_OK) {
    throw std::runtime_error(hedl_get_last_error());
  }
  HedlDocPtr doc(raw_doc);  // Automatic cleanup

  char *raw_json = nullptr;
  if (hedl_to_json(doc.get(), 0, &raw_json) != HEDL_OK) {
    throw std::runtime_error(hedl_get_last_error());
  }
  HedlStringPtr json(raw_json);  // Automatic cleanup

  std::cout << json.get() << std::endl;
  // Automatic cleanup on scope exit
}

TEST_CASE("memory guide: RAII with unique_ptr custom deleters", "[c_api][guide]") {
  REQUIRE_NOTHROW(process_hedl(kSimple));
  REQUIRE_THROWS_WITH(process_hedl("%VERSION: 1.0\n---\na: 1\nb:x\n"),
                      Catch::Matchers::StartsWith("SyntaxError at line 4"));
  REQUIRE_THROWS_WITH(process_hedl("%VERSION: 1.0\n---\nb: \xed\xa0\x80\n"),
                      Catch::Matchers::StartsWith("SyntaxError at line 3"));

  // The smart pointers own what they hold, and accept NULL.
  HedlDocPtr empty;
  HedlStringPtr empty_str;
  {
    HedlDocument *raw = nullptr;
    REQUIRE(hedl_parse(kLenient, -1, 0, &raw) == HEDL_OK);
    HedlDocPtr doc(raw);
    CHECK(hedl_schema_count(doc.get()) == 1);
    char *raw_json = nullptr;
    REQUIRE(hedl_to_json(doc.get(), 1, &raw_json) == HEDL_OK);
    HedlStringPtr json(raw_json);
    CHECK(hedl_test::json_text_diff(json.get(), R"({"d":{"__type__":"T","__schema__":["id","ref"],"items":[
          {"__type__":"T","id":"a1","ref":{"@ref":"@missing"}}]}})") == "");
    HedlDocPtr moved = std::move(doc);  // ownership moves; freed once
    CHECK(doc == nullptr);
    CHECK(hedl_root_item_count(moved.get()) == 1);
    moved.reset();
    CHECK(moved == nullptr);
  }
}

TEST_CASE("C API: the last error's kind code is the HEDL_ERR_KIND_ of core/abi/abi.json", "[c_api][abi]") {
  HedlDocument *doc = nullptr;
  CHECK(hedl_parse("%VERSION: 1.0\n---\na: [x]\n", -1, 1, &doc) == HEDL_ERR_PARSE);
  CHECK(hedl_get_last_error_code() == HEDL_ERR_KIND_SYNTAX);
  CHECK(hedl_parse("%VERSION: 1.0\n---\na: @nobody\n", -1, 1, &doc) == HEDL_ERR_PARSE);
  CHECK(hedl_get_last_error_code() == HEDL_ERR_KIND_REFERENCE);
  REQUIRE(hedl_parse("%VERSION: 1.0\n---\na: 1\n", -1, 1, &doc) == HEDL_OK);
  CHECK(hedl_get_last_error_code() == 0);
  hedl_free_document(doc);
  CHECK(hedl_from_json("[1", -1, &doc) == HEDL_ERR_JSON);
  CHECK(hedl_get_last_error_code() == HEDL_ERR_KIND_CONVERSION);
  // Every kind's name and code, and OutOfMemory as a kind of its own.
  CHECK(std::string(hedl::error_kind_name(hedl::ErrorKind::OutOfMemory)) == "OutOfMemory");
  CHECK(hedl::error_kind_code(hedl::ErrorKind::OutOfMemory) == HEDL_ERR_KIND_OUT_OF_MEMORY);
  CHECK(hedl::error_kind_code(hedl::ErrorKind::Security) == HEDL_ERR_KIND_SECURITY);
  CHECK(HEDL_ERR_KIND_SYNTAX == 1);
  CHECK(HEDL_ERR_KIND_OUT_OF_MEMORY == 12);
}

TEST_CASE("C API: HEDL 2.0 header data (prompts, %C counts, %X- extensions, mode)", "[c_api][v2]") {
  const char *text =
      "%V:2.0\n%NULL:~\n%QUOTE:\"\n%MODE: lenient\n%S:User:[id,status]\n%C:User.total=3\n"
      "%C: User.status: active = 2 , inactive = 1\n%PROMPT: \"Say \"\"hi\"\"\"\n%PROMPT: \"Be brief\"\n"
      "%X-Trace: abc 123\n---\nusers:@User\n |a,active\n |b,active\n |c,inactive\n";
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse(text, -1, 1, &doc) == HEDL_OK);
  CHECK(hedl_is_lenient(doc) == 1);
  REQUIRE(hedl_prompt_count(doc) == 2);
  char *s = nullptr;
  REQUIRE(hedl_get_prompt(doc, 0, &s) == HEDL_OK);
  CHECK(std::string(s) == "Say \"hi\"");
  CHECK(hedl_get_last_error() == nullptr);
  hedl_free_string(s);
  REQUIRE(hedl_get_prompt(doc, 1, &s) == HEDL_OK);
  CHECK(std::string(s) == "Be brief");
  hedl_free_string(s);
  REQUIRE(hedl_count_directive_count(doc) == 2);
  REQUIRE(hedl_get_count_directive(doc, 0, &s) == HEDL_OK);
  CHECK(std::string(s) == "User.total=3");
  hedl_free_string(s);
  REQUIRE(hedl_get_count_directive(doc, 1, &s) == HEDL_OK);
  CHECK(std::string(s) == "User.status:active=2,inactive=1");
  hedl_free_string(s);
  REQUIRE(hedl_extension_count(doc) == 1);
  char *name = nullptr, *payload = nullptr;
  REQUIRE(hedl_get_extension(doc, 0, &name, &payload) == HEDL_OK);
  CHECK(std::string(name) == "X-Trace");
  CHECK(std::string(payload) == "abc 123");
  hedl_free_string(name);
  hedl_free_string(payload);
  // Out of range and NULL: an error code, NULL out-pointers, the last error set.
  s = reinterpret_cast<char *>(&s);
  CHECK(hedl_get_prompt(doc, 2, &s) == HEDL_ERR_INDEX);
  CHECK(s == nullptr);
  CHECK(std::string(hedl_get_last_error_kind()) == "IndexError");
  CHECK(hedl_get_prompt(doc, -1, &s) == HEDL_ERR_INDEX);
  CHECK(hedl_get_count_directive(doc, 2, &s) == HEDL_ERR_INDEX);
  name = payload = reinterpret_cast<char *>(&s);
  CHECK(hedl_get_extension(doc, 1, &name, &payload) == HEDL_ERR_INDEX);
  CHECK(name == nullptr);
  CHECK(payload == nullptr);
  CHECK(hedl_get_extension(doc, 0, &name, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_get_prompt(nullptr, 0, &s) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_get_prompt(doc, 0, nullptr) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_prompt_count(nullptr) == -1);
  CHECK(hedl_count_directive_count(nullptr) == -1);
  CHECK(hedl_extension_count(nullptr) == -1);
  CHECK(hedl_is_lenient(nullptr) == -1);
  hedl_free_document(doc);
  // A 1.0 document has none of them.
  REQUIRE(hedl_parse("%VERSION: 1.0\n---\na: 1\n", -1, 1, &doc) == HEDL_OK);
  CHECK(hedl_prompt_count(doc) == 0);
  CHECK(hedl_count_directive_count(doc) == 0);
  CHECK(hedl_extension_count(doc) == 0);
  CHECK(hedl_is_lenient(doc) == 0);
  CHECK(hedl_get_prompt(doc, 0, &s) == HEDL_ERR_INDEX);
  hedl_free_document(doc);
}

TEST_CASE("C API: hedl_error_code_frame", "[c_api][code_frame]") {
  const char *text = "%VERSION: 1.0\n---\na: 1\nb: [x]\n";
  HedlDocument *doc = nullptr;
  REQUIRE(hedl_parse(text, -1, 1, &doc) == HEDL_ERR_PARSE);
  char *frame = nullptr;
  REQUIRE(hedl_error_code_frame(text, -1, hedl_get_last_error_line(), hedl_get_last_error_column(), &frame) == HEDL_OK);
  CHECK(std::string(frame) == hedl::code_frame(text, 4, 5));
  CHECK(std::string(frame).find("> 4 | b: [x]\n    |     ^\n") != std::string::npos);
  hedl_free_string(frame);
  // Explicit length; line 0 gives "".
  REQUIRE(hedl_error_code_frame(text, 5, 1, 2, &frame) == HEDL_OK);
  CHECK(std::string(frame) == "> 1 | %VERS\n    |  ^\n");
  hedl_free_string(frame);
  REQUIRE(hedl_error_code_frame(text, -1, 0, 0, &frame) == HEDL_OK);
  CHECK(std::string(frame).empty());
  hedl_free_string(frame);
  CHECK(hedl_error_code_frame(nullptr, -1, 1, 1, &frame) == HEDL_ERR_NULL_PTR);
  CHECK(frame == nullptr);
  CHECK(hedl_error_code_frame(text, -1, 1, 1, nullptr) == HEDL_ERR_NULL_PTR);
}

namespace {
struct StreamLog {
  std::string rows;  // the list's own rows' JSON, comma-separated
  std::string scalar;
  std::vector<int> kinds;
  int children = 0;
  std::string parent;
  long long count = -1;
};
void stream_callback(const HedlStreamEvent *e, void *user) {
  auto *log = static_cast<StreamLog *>(user);
  log->kinds.push_back(e->kind);
  if (e->kind == HEDL_STREAM_ROW && e->row_depth == 0) {
    if (!log->rows.empty()) log->rows += ',';
    log->rows.append(e->json, static_cast<std::size_t>(e->json_len));
  }
  if (e->kind == HEDL_STREAM_ROW && e->row_depth == 1) {
    ++log->children;
    log->parent.assign(e->parent_type, static_cast<std::size_t>(e->parent_type_len));
    log->parent += ':';
    log->parent.append(e->parent_id, static_cast<std::size_t>(e->parent_id_len));
  }
  if (e->kind == HEDL_STREAM_SCALAR) log->scalar.assign(e->json, static_cast<std::size_t>(e->json_len));
  if (e->kind == HEDL_STREAM_LIST_END) log->count = e->count;
}
}  // namespace

TEST_CASE("C API: hedl_stream_* report rows as hedl_to_json writes them", "[c_api][stream]") {
  const std::string doc =
      "%VERSION: 1.0\n%STRUCT: P: [id, n]\n%STRUCT: C: [id, v]\n%NEST: P > C\n---\nps: @P\n  |p1, \"a, b\"\n    |c1, "
      "1.5\n"
      "  |p2, ^\nk: @P:p1\n";
  StreamLog log;
  HedlStream *s = nullptr;
  REQUIRE(hedl_stream_new(1, stream_callback, &log, &s) == HEDL_OK);
  for (std::size_t at = 0; at < doc.size(); at += 3)
    REQUIRE(hedl_stream_feed(s, doc.data() + at, static_cast<int>(std::min<std::size_t>(3, doc.size() - at))) ==
            HEDL_OK);
  REQUIRE(hedl_stream_finish(s) == HEDL_OK);
  hedl_free_stream(s);
  HedlDocument *d = nullptr;
  REQUIRE(hedl_parse(doc.c_str(), -1, 1, &d) == HEDL_OK);
  char *json = nullptr;
  REQUIRE(hedl_to_json(d, 0, &json) == HEDL_OK);
  CHECK(std::string(json) == "{\"ps\":[" + log.rows + "],\"k\":" + log.scalar + "}");
  hedl_free_string(json);
  hedl_free_document(d);
  CHECK(log.kinds.front() == HEDL_STREAM_HEADER);
  CHECK(log.kinds.back() == HEDL_STREAM_END);
  CHECK(log.children == 1);
  CHECK(log.parent == "P:p1");
  CHECK(log.count == 2);

  // Errors: the kind and line, and every later call returns the error.
  StreamLog bad;
  REQUIRE(hedl_stream_new(1, stream_callback, &bad, &s) == HEDL_OK);
  const char *text = "%VERSION: 1.0\n%STRUCT: P: [id]\n---\nps: @P\n  |p1\n  |p1\n";
  CHECK(hedl_stream_feed(s, text, static_cast<int>(std::strlen(text))) == HEDL_OK);
  CHECK(hedl_stream_finish(s) == HEDL_ERR_PARSE);
  CHECK(std::string(hedl_get_last_error_kind()) == "CollisionError");
  CHECK(hedl_get_last_error_line() == 6);
  CHECK(hedl_stream_feed(s, "x", 1) == HEDL_ERR_PARSE);
  hedl_free_stream(s);
  hedl_free_stream(nullptr);
  CHECK(hedl_stream_new(1, nullptr, nullptr, &s) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_stream_feed(nullptr, "x", 1) == HEDL_ERR_NULL_PTR);
  CHECK(hedl_stream_finish(nullptr) == HEDL_ERR_NULL_PTR);
}
