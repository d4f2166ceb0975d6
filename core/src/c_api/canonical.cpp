// The C API's canonical form (hedl.h: hedl_canonicalize).
#include <string>

#include "c_api/internal.hpp"
#include "hedl.h"
#include "hedl/canonical.hpp"

using namespace hedl::capi;

extern "C" int hedl_canonicalize(const HedlDocument *doc, char **out) {
  if (out) *out = nullptr;
  if (!doc || !out) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or out is NULL");
  return guarded([&] {
    hedl::Result<std::string> r = hedl::canonicalize(doc->doc);
    if (!r.ok()) {
      set_error(r.error());
      return HEDL_ERR_CANONICALIZE;
    }
    char *p = dup_string(r.value());
    if (!p) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out = p;
    clear_error();
    return HEDL_OK;
  });
}
