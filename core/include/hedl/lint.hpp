// Lint: best-practice findings over a parsed Document (D16).
// Findings are data, not errors: lint() always returns, and a document with
// findings is still a valid document.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hedl/document.hpp"

namespace hedl {

/// How serious a finding is, least serious first.
enum class Severity : std::uint8_t { Hint, Warning, Error };

/// Returns "hint", "warning" or "error".
const char *severity_name(Severity severity) noexcept;

/// One lint finding. `line` is 1-based and always set; `column` is 1-based.
struct Diagnostic {
  std::string rule;  ///< the rule's name, e.g. "id-naming"
  Severity severity = Severity::Hint;
  std::string message;     ///< what was found, naming the ID, type or key
  std::string suggestion;  ///< what to do about it; may be empty
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// A lint rule: its name, the severity it reports with, and what it checks.
struct LintRule {
  std::string_view name;
  Severity severity;
  std::string_view description;
};

/// The rules lint() knows, in a fixed order:
///  - `id-naming` (hint, at the row): an ID of one character, or of digits
///    and underscores only.
///  - `unused-schema` (warning, at the %STRUCT line): a declared type that no
///    list and no %NEST child row has, at any depth.
///  - `empty-list` (hint, at the list's key): a matrix list without rows.
///  - `unqualified-kv-ref` (warning, at the key): a key-value reference `@id`
///    without its type.
///  - `trailing-empty-object` (warning, at the key): the document's last
///    statement opens an object with no keys (D14: often a truncated file).
std::span<const LintRule> lint_rules() noexcept;

struct LintConfig {
  /// Names of rules not to run. Unknown names are ignored.
  std::vector<std::string> disabled_rules;
  /// Report warnings as errors (hints stay hints).
  bool warnings_as_errors = false;
  /// Drop findings below this severity (applied after warnings_as_errors).
  Severity min_severity = Severity::Hint;
  /// Keep at most this many findings, after sorting; 0 keeps all.
  std::size_t max_diagnostics = 0;

  /// True unless `rule` is in disabled_rules.
  bool enabled(std::string_view rule) const noexcept;
};

/// Returns the findings of the enabled rules, most severe first, then in
/// document order (line, column). Walks the Document without recursion and
/// never re-parses. Cannot fail (short of running out of memory).
std::vector<Diagnostic> lint(const Document &doc, const LintConfig &config = {});

}  // namespace hedl
