// The C API (hedl.h): explicit ownership, error codes, thread-local last error.
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "c_api/internal.hpp"
#include "hedl.h"
#include "hedl/json.hpp"
#include "hedl/parse.hpp"

namespace hedl::capi {

namespace {

struct LastError {
  bool set = false;
  std::string text;
  const char *kind = nullptr;
  int code = 0;  // HEDL_ERR_KIND_*
  int line = 0;
  int column = 0;
};

thread_local LastError g_last;

}  // namespace

void clear_error() noexcept {
  g_last.set = false;
  g_last.kind = nullptr;
  g_last.code = 0;
  g_last.line = 0;
  g_last.column = 0;
}

void set_error(const hedl::Error &e) {
  g_last.set = true;
  g_last.text = e.to_string();
  g_last.kind = hedl::error_kind_name(e.kind);
  g_last.code = hedl::error_kind_code(e.kind);
  g_last.line = static_cast<int>(e.line);
  g_last.column = static_cast<int>(e.column);
}

int fail(int code, const char *kind, const char *message) noexcept {
  g_last.set = true;
  g_last.kind = kind;
  g_last.code = 0;
#define HEDL_KIND_CODE_OF_NAME(e, name, c) \
  if (std::strcmp(kind, name) == 0) g_last.code = c;
  HEDL_ERROR_KINDS(HEDL_KIND_CODE_OF_NAME)
#undef HEDL_KIND_CODE_OF_NAME
  g_last.line = 0;
  g_last.column = 0;
  g_last.text.assign(kind).append(": ").append(message);
  return code;
}

char *dup_string(const std::string &s) {
  char *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (!p) return nullptr;
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

const char *last_text() { return g_last.set ? g_last.text.c_str() : nullptr; }
const char *last_kind() { return g_last.set ? g_last.kind : nullptr; }
int last_line() { return g_last.set ? g_last.line : 0; }
int last_column() { return g_last.set ? g_last.column : 0; }
int last_code() { return g_last.set ? g_last.code : 0; }

}  // namespace hedl::capi

namespace {

using namespace hedl::capi;

int code_of(const hedl::Error &e) {
  if (e.message.rfind("invalid UTF-8", 0) == 0) return HEDL_ERR_INVALID_UTF8;
  if (e.kind == hedl::ErrorKind::OutOfMemory) return HEDL_ERR_ALLOC;
  return HEDL_ERR_PARSE;
}

int do_parse(const char *input, int input_len, int strict, HedlDocument **out_doc) {
  if (out_doc) *out_doc = nullptr;
  if (!input) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "input is NULL");
  if (input_len < -1)
    return fail(HEDL_ERR_PARSE, "SyntaxError", "input_len must be >= 0, or -1 for a NUL-terminated string");
  std::size_t len = input_len == -1 ? std::strlen(input) : static_cast<std::size_t>(input_len);
  hedl::ParseOptions opt;
  opt.strict_refs = strict != 0;
  auto r = hedl::parse_with_limits(std::string_view(input, len), opt);
  if (!r.ok()) {
    set_error(r.error());
    return code_of(r.error());
  }
  if (out_doc) {
    auto *d = new (std::nothrow) HedlDocument{std::move(r).value()};
    if (!d) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out_doc = d;
  }
  clear_error();
  return HEDL_OK;
}

}  // namespace

namespace {

// The header getters: `index` checked against `n`, then `make` stores the strings.
template <class Make>
int header_entry(const HedlDocument *doc, std::size_t n, int index, const char *what, Make &&make) {
  if (!doc) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or output pointer is NULL");
  if (index < 0 || static_cast<std::size_t>(index) >= n) return fail(HEDL_ERR_INDEX, "IndexError", what);
  return guarded([&] {
    int rc = make(static_cast<std::size_t>(index));
    if (rc == HEDL_OK) clear_error();
    return rc;
  });
}

}  // namespace

extern "C" {

int hedl_parse(const char *input, int input_len, int strict, HedlDocument **out_doc) {
  if (!out_doc) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "out_doc is NULL");
  return guarded([&] { return do_parse(input, input_len, strict, out_doc); });
}

int hedl_validate(const char *input, int input_len, int strict) {
  return guarded([&] { return do_parse(input, input_len, strict, nullptr); });
}

int hedl_get_version(const HedlDocument *doc, int *major, int *minor) {
  if (!doc || !major || !minor) {
    if (major) *major = 0;
    if (minor) *minor = 0;
    return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or output pointer is NULL");
  }
  *major = static_cast<int>(doc->doc.version_major());
  *minor = static_cast<int>(doc->doc.version_minor());
  clear_error();
  return HEDL_OK;
}

int hedl_schema_count(const HedlDocument *doc) {
  if (!doc) return -1;
  return static_cast<int>(doc->doc.schemas().size());
}

int hedl_alias_count(const HedlDocument *doc) {
  if (!doc) return -1;
  return static_cast<int>(doc->doc.aliases().size());
}

int hedl_root_item_count(const HedlDocument *doc) {
  if (!doc) return -1;
  return static_cast<int>(doc->doc.root().count);
}

int hedl_prompt_count(const HedlDocument *doc) { return doc ? static_cast<int>(doc->doc.prompts().size()) : -1; }
int hedl_count_directive_count(const HedlDocument *doc) {
  return doc ? static_cast<int>(doc->doc.counts().size()) : -1;
}
int hedl_extension_count(const HedlDocument *doc) { return doc ? static_cast<int>(doc->doc.extensions().size()) : -1; }
int hedl_is_lenient(const HedlDocument *doc) { return doc ? (doc->doc.lenient_mode() ? 1 : 0) : -1; }

int hedl_get_prompt(const HedlDocument *doc, int index, char **out_text) {
  if (out_text) *out_text = nullptr;
  if (!out_text) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or output pointer is NULL");
  std::size_t n = doc ? doc->doc.prompts().size() : 0;
  return header_entry(doc, n, index, "prompt index out of range", [&](std::size_t i) {
    *out_text = dup_string(std::string(doc->doc.prompts()[i].text));
    return *out_text ? HEDL_OK : fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
  });
}

int hedl_get_count_directive(const HedlDocument *doc, int index, char **out_text) {
  if (out_text) *out_text = nullptr;
  if (!out_text) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or output pointer is NULL");
  std::size_t n = doc ? doc->doc.counts().size() : 0;
  return header_entry(doc, n, index, "count directive index out of range", [&](std::size_t i) {
    const hedl::CountDirective &c = doc->doc.counts()[i];
    std::string s(c.type);
    s += '.';
    if (c.field.empty()) {
      s += "total=";
      s += std::to_string(c.entries.empty() ? 0 : c.entries[0].count);
    } else {
      s += c.field;
      s += ':';
      for (std::size_t k = 0; k < c.entries.size(); ++k) {
        if (k) s += ',';
        s += c.entries[k].value;
        s += '=';
        s += std::to_string(c.entries[k].count);
      }
    }
    *out_text = dup_string(s);
    return *out_text ? HEDL_OK : fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
  });
}

int hedl_get_extension(const HedlDocument *doc, int index, char **out_name, char **out_payload) {
  if (out_name) *out_name = nullptr;
  if (out_payload) *out_payload = nullptr;
  if (!out_name || !out_payload) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or output pointer is NULL");
  std::size_t n = doc ? doc->doc.extensions().size() : 0;
  return header_entry(doc, n, index, "extension index out of range", [&](std::size_t i) {
    const hedl::Extension &x = doc->doc.extensions()[i];
    char *name = dup_string(std::string(x.name));
    char *payload = name ? dup_string(std::string(x.payload)) : nullptr;
    if (!payload) {
      std::free(name);
      return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    }
    *out_name = name;
    *out_payload = payload;
    return HEDL_OK;
  });
}

int hedl_to_json(const HedlDocument *doc, int include_metadata, char **out_json) {
  if (out_json) *out_json = nullptr;
  if (!doc || !out_json) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "document or out_json is NULL");
  return guarded([&] {
    hedl::JsonOptions o;
    o.metadata = include_metadata != 0;
    std::string s = hedl::to_json(doc->doc, o);
    char *p = dup_string(s);
    if (!p) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out_json = p;
    clear_error();
    return HEDL_OK;
  });
}

int hedl_error_code_frame(const char *text, int len, int line, int column, char **out) {
  if (out) *out = nullptr;
  if (!text || !out) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "text or out is NULL");
  return guarded([&] {
    std::size_t n = len < 0 ? std::strlen(text) : static_cast<std::size_t>(len);
    auto pos = [](int v) { return v > 0 ? static_cast<std::uint32_t>(v) : 0u; };
    char *p = dup_string(hedl::code_frame(std::string_view(text, n), pos(line), pos(column)));
    if (!p) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    *out = p;
    clear_error();
    return HEDL_OK;
  });
}

const char *hedl_get_last_error(void) { return hedl::capi::last_text(); }
const char *hedl_get_last_error_kind(void) { return hedl::capi::last_kind(); }
int hedl_get_last_error_line(void) { return hedl::capi::last_line(); }
int hedl_get_last_error_column(void) { return hedl::capi::last_column(); }
int hedl_get_last_error_code(void) { return hedl::capi::last_code(); }

void hedl_free_document(HedlDocument *doc) { delete doc; }
void hedl_free_string(char *s) { std::free(s); }

}  // extern "C"
