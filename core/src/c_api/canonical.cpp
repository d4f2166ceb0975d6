// The C API's canonical form (hedl.h: hedl_canonicalize).
#include <string>

#include "c_api/internal.hpp"
#include "hedl.h"
#include "hedl/canonical.hpp"

using namespace hedl::capi;

extern "C" int hedl_canonicalize(const HedlDocument *doc, char **out) { return hedl_canonicalize_version(doc, 0, out); }

extern "C" int hedl_canonicalize_version(const HedlDocument *doc, int version, char **out) {
  if (out) *out = nullptr;
  if (!doc || !out) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or out is NULL");
  hedl::CanonicalOptions o;
  if (version == 10)
    o.version = hedl::TargetVersion::V1_0;
  else if (version == 20)
    o.version = hedl::TargetVersion::V2_0;
  else if (version != 0)
    return fail(HEDL_ERR_CANONICALIZE, "ConversionError", "version must be 0 (keep), 10 (1.0) or 20 (2.0)");
  return guarded([&] {
    hedl::Result<std::string> r = hedl::canonicalize(doc->doc, o);
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
