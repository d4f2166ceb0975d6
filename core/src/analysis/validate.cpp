// validate(): parse, then lint, folded into one result.
#include "hedl/validate.hpp"

#include <utility>

#include "hedl/parse.hpp"

namespace hedl {

ValidationResult validate(std::string_view text, const ValidateOptions &options) {
  ValidationResult result;
  ParseOptions po;
  po.limits = options.limits;
  po.strict_refs = options.strict;
  Result<Document> doc = parse(text, po);
  if (!doc.ok()) {
    result.errors.push_back(doc.error());
    return result;
  }
  if (options.lint) result.warnings = lint(doc.value(), options.lint_config);
  result.valid = true;
  for (const Diagnostic &d : result.warnings)
    if (d.severity == Severity::Error) result.valid = false;
  return result;
}

}  // namespace hedl
