// Stage 4 (SPEC 10.3): resolving references against the type-scoped ID registries.
#include "parser.hpp"

namespace hedl::detail {

bool Parser::resolve_references() {
  const bool strict = opt_.strict_refs;
  for (const PendingRef &pr : refs_) {
    Reference *r = pr.ref;
    auto text_of = [](const Reference *x) {
      std::string t(1, '@');
      if (!x->type.empty()) t.append(x->type).append(1, ':');
      return t.append(x->id);
    };
    if (!r->type.empty() || pr.context) {
      std::string_view type = r->type.empty() ? pr.context->type_name : r->type;
      IdIndex<Row> *idx = registries_.find(type);
      if (idx && idx->find(r->id)) {
        r->resolved = true;
        continue;
      }
      if (!strict) continue;
      std::string msg =
          "unresolved reference " + text_of(r) + ": no " + std::string(type) + " has ID '" + std::string(r->id) + "'";
      if (r->type.empty()) msg += " (references inside a list look in its own type; write @Type:id for another type)";
      return fail(ErrorKind::Reference, r->line, r->column, msg);
    }
    // Key-value context (SPEC 10.3.1): search every type.
    std::string matches;
    std::size_t n = 0;
    for (const auto &[type, idx] : registry_store_) {
      if (idx->find(r->id)) {
        matches += (n ? ", " : "") + std::string(type);
        ++n;
      }
    }
    if (n == 1) {
      r->resolved = true;
      continue;
    }
    if (!strict) continue;
    if (n > 1)
      return fail(ErrorKind::Reference, r->line, r->column,
                  "ambiguous unqualified reference " + text_of(r) + " matches multiple types: [" + matches +
                      "]; qualify it as @Type:" + std::string(r->id));
    return fail(ErrorKind::Reference, r->line, r->column,
                "unresolved reference " + text_of(r) + ": no node has ID '" + std::string(r->id) + "'");
  }
  return true;
}

}  // namespace hedl::detail
