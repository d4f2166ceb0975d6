// Validation in one call: parse, then lint (D16).
#pragma once

#include <string_view>
#include <vector>

#include "hedl/error.hpp"
#include "hedl/limits.hpp"
#include "hedl/lint.hpp"

namespace hedl {

struct ValidateOptions {
  /// Strict references (unresolved or ambiguous references are errors, D13).
  bool strict = true;
  /// Run lint on a document that parses.
  bool lint = true;
  LintConfig lint_config{};
  Limits limits{};
};

struct ValidationResult {
  /// No parse error and no lint finding of severity Error.
  bool valid = false;
  /// The parse error, if any (the parser stops at the first).
  std::vector<Error> errors;
  /// Lint findings, ordered as lint() orders them.
  std::vector<Diagnostic> warnings;
};

/// Parses `text` and, when it parses and options.lint is set, lints it.
/// Returns the outcome; it never fails by itself: a parse error comes back
/// in `errors`, lint findings in `warnings`.
ValidationResult validate(std::string_view text, const ValidateOptions &options = {});

}  // namespace hedl
