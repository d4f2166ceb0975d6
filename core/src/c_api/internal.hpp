// Shared plumbing of the C API's translation units: the document handle,
// the thread-local last error, and the no-unwind guard.
#pragma once

#include <cstdlib>
#include <cstring>
#include <string>

#include "hedl.h"
#include "hedl/document.hpp"
#include "hedl/error.hpp"

struct HedlDocument {
  hedl::Document doc;
};

namespace hedl::capi {

/// Forgets the last error (every successful call does this).
void clear_error() noexcept;
/// Records `e` as this thread's last error.
void set_error(const hedl::Error &e);
/// Records an error without a location and returns `code`.
int fail(int code, const char *kind, const char *message) noexcept;
/// Copies `s` into a malloc'd NUL-terminated string (freed by hedl_free_string), or nullptr.
char *dup_string(const std::string &s);
const char *last_text();
const char *last_kind();
int last_line();
int last_column();
int last_code();

/// Runs `f`, turning an escaped C++ exception (only std::bad_alloc can occur)
/// into HEDL_ERR_ALLOC: nothing may unwind across the C boundary.
template <class F>
int guarded(F &&f) noexcept {
#if defined(__cpp_exceptions)
  try {
    return f();
  } catch (...) {
    return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
  }
#else
  return f();
#endif
}

}  // namespace hedl::capi
