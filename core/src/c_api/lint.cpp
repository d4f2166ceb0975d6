// The lint part of the C API (hedl.h): a diagnostics handle the caller owns.
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "c_api/internal.hpp"
#include "hedl.h"
#include "hedl/lint.hpp"

struct HedlDiagnostics {
  std::vector<hedl::Diagnostic> items;
};

namespace {

using namespace hedl::capi;

const hedl::Diagnostic *at(const HedlDiagnostics *diags, int index) noexcept {
  if (!diags || index < 0 || static_cast<std::size_t>(index) >= diags->items.size()) return nullptr;
  return &diags->items[static_cast<std::size_t>(index)];
}

}  // namespace

extern "C" {

int hedl_lint(const HedlDocument *doc, HedlDiagnostics **out_diags) {
  if (out_diags) *out_diags = nullptr;
  if (!doc || !out_diags) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or out_diags is NULL");
  return guarded([&] {
    auto *d = new (std::nothrow) HedlDiagnostics{};
    if (!d) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    d->items = hedl::lint(doc->doc);
    *out_diags = d;
    clear_error();
    return HEDL_OK;
  });
}

int hedl_diagnostics_count(const HedlDiagnostics *diags) {
  if (!diags) return -1;
  return static_cast<int>(diags->items.size());
}

int hedl_diagnostics_get(const HedlDiagnostics *diags, int index, char **out_message) {
  if (out_message) *out_message = nullptr;
  if (!diags || !out_message) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "diagnostics or out_message is NULL");
  const hedl::Diagnostic *d = at(diags, index);
  if (!d) return fail(HEDL_ERR_LINT, "IndexError", "diagnostic index out of range");
  return guarded([&] {
    std::string text = "[" + d->rule + "] " + hedl::severity_name(d->severity) + ": " + d->message;
    char *p = dup_string(text);
    if (!p) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out_message = p;
    clear_error();
    return HEDL_OK;
  });
}

int hedl_diagnostics_severity(const HedlDiagnostics *diags, int index) {
  const hedl::Diagnostic *d = at(diags, index);
  return d ? static_cast<int>(d->severity) : -1;
}

int hedl_diagnostics_line(const HedlDiagnostics *diags, int index) {
  const hedl::Diagnostic *d = at(diags, index);
  return d ? static_cast<int>(d->line) : -1;
}

void hedl_free_diagnostics(HedlDiagnostics *diags) { delete diags; }

}  // extern "C"
