// hedl::validate: parse errors come back as data, lint findings as warnings,
// and `valid` follows errors and error-severity findings.

#include <string>

#include <catch2/catch.hpp>

#include "hedl.hpp"

namespace {

const char *const kClean =
    "%VERSION: 1.0\n"
    "%STRUCT: User: [id, name]\n"
    "---\n"
    "users: @User\n"
    "  |alice, Alice\n"
    "owner: @User:alice\n";

// One warning (unqualified-kv-ref, line 6) and one hint (id-naming, line 5).
const char *const kFindings =
    "%VERSION: 1.0\n"
    "%STRUCT: User: [id, name]\n"
    "---\n"
    "users: @User\n"
    "  |a, Alice\n"
    "owner: @a\n";

}  // namespace

TEST_CASE("validate: a clean document is valid with nothing to report", "[validate]") {
  auto r = hedl::validate(kClean);
  CHECK(r.valid);
  CHECK(r.errors.empty());
  CHECK(r.warnings.empty());
}

TEST_CASE("validate: lint findings are warnings and do not make a document invalid", "[validate]") {
  auto r = hedl::validate(kFindings);
  CHECK(r.valid);
  CHECK(r.errors.empty());
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings[0].rule == "unqualified-kv-ref");
  CHECK(r.warnings[0].line == 6);
  CHECK(r.warnings[1].rule == "id-naming");
  CHECK(r.warnings[1].line == 5);
}

TEST_CASE("validate: a parse error comes back in errors", "[validate]") {
  auto r = hedl::validate("%VERSION: 1.0\n---\na: \"open\n");
  CHECK_FALSE(r.valid);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].kind == hedl::ErrorKind::Syntax);
  CHECK(r.errors[0].line == 3);
  CHECK(r.warnings.empty());

  auto empty = hedl::validate("");
  CHECK_FALSE(empty.valid);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].line == 1);
}

TEST_CASE("validate: options", "[validate]") {
  SECTION("warnings_as_errors makes a warning invalidate the document") {
    hedl::ValidateOptions o;
    o.lint_config.warnings_as_errors = true;
    auto r = hedl::validate(kFindings, o);
    CHECK_FALSE(r.valid);
    CHECK(r.errors.empty());
    REQUIRE(!r.warnings.empty());
    CHECK(r.warnings[0].severity == hedl::Severity::Error);
  }
  SECTION("warnings_as_errors leaves a document with only hints valid") {
    hedl::ValidateOptions o;
    o.lint_config.warnings_as_errors = true;
    auto r = hedl::validate("%VERSION: 1.0\n%STRUCT: T: [id]\n---\nts: @T\n  |x\n", o);
    CHECK(r.valid);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].severity == hedl::Severity::Hint);
  }
  SECTION("lint = false skips lint") {
    hedl::ValidateOptions o;
    o.lint = false;
    o.lint_config.warnings_as_errors = true;
    auto r = hedl::validate(kFindings, o);
    CHECK(r.valid);
    CHECK(r.warnings.empty());
  }
  SECTION("strict decides whether an unresolved reference is an error") {
    const char *text = "%VERSION: 1.0\n---\nr: @nobody\n";
    auto strict = hedl::validate(text);
    CHECK_FALSE(strict.valid);
    REQUIRE(strict.errors.size() == 1);
    CHECK(strict.errors[0].kind == hedl::ErrorKind::Reference);
    CHECK(strict.errors[0].line == 3);
    hedl::ValidateOptions o;
    o.strict = false;
    auto lenient = hedl::validate(text, o);
    CHECK(lenient.valid);
    CHECK(lenient.errors.empty());
    REQUIRE(lenient.warnings.size() == 1);
    CHECK(lenient.warnings[0].rule == "unqualified-kv-ref");
  }
  SECTION("limits apply") {
    hedl::ValidateOptions o;
    o.limits.max_file_size = 10;
    auto r = hedl::validate(kClean, o);
    CHECK_FALSE(r.valid);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].kind == hedl::ErrorKind::Security);
    CHECK(r.errors[0].message.find("max_file_size") != std::string::npos);
  }
  SECTION("lint_config is passed on") {
    hedl::ValidateOptions o;
    o.lint_config.disabled_rules = {"id-naming"};
    auto r = hedl::validate(kFindings, o);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].rule == "unqualified-kv-ref");
  }
}
