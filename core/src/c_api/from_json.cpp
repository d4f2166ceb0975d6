// The C API's JSON import (hedl.h: hedl_from_json).
#include <cstring>
#include <new>
#include <string_view>

#include "c_api/internal.hpp"
#include "hedl.h"
#include "hedl/from_json.hpp"

using namespace hedl::capi;

extern "C" int hedl_from_json(const char *json, int len, HedlDocument **out) {
  if (out) *out = nullptr;
  if (!json || !out) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "json or out is NULL");
  if (len < -1) return fail(HEDL_ERR_JSON, "ConversionError", "len must be >= 0, or -1 for a NUL-terminated string");
  return guarded([&] {
    std::size_t n = len == -1 ? std::strlen(json) : static_cast<std::size_t>(len);
    hedl::Result<hedl::Document> r = hedl::from_json(std::string_view(json, n));
    if (!r.ok()) {
      set_error(r.error());
      return r.error().kind == hedl::ErrorKind::OutOfMemory ? HEDL_ERR_ALLOC : HEDL_ERR_JSON;
    }
    auto *d = new (std::nothrow) HedlDocument{std::move(r).value()};
    if (!d) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out = d;
    clear_error();
    return HEDL_OK;
  });
}

extern "C" void hedl_release_from_json_buffers(void) { hedl::release_from_json_buffers(); }
