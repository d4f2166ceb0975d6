// The C API of the stream parser (hedl.h, "Streaming"): events with their
// values and rows as JSON text, made by the JSON writer.
#include <new>
#include <string>

#include "c_api/internal.hpp"
#include "hedl/json.hpp"
#include "hedl/stream.hpp"

struct HedlStream {
  hedl::StreamParser parser;
  std::string json;  // the current event's JSON
};

namespace {

using namespace hedl::capi;

int stream_code(const hedl::Error &e) {
  set_error(e);
  if (e.message.rfind("invalid UTF-8", 0) == 0) return HEDL_ERR_INVALID_UTF8;
  if (e.kind == hedl::ErrorKind::OutOfMemory) return HEDL_ERR_ALLOC;
  return HEDL_ERR_PARSE;
}

int length(std::string_view s) { return static_cast<int>(s.size()); }

}  // namespace

extern "C" {

int hedl_stream_new(int strict, HedlStreamCallback callback, void *user, HedlStream **out) {
  if (out) *out = nullptr;
  if (!out || !callback) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "callback or out is NULL");
  return guarded([&] {
    hedl::StreamOptions o;
    o.parse.strict_refs = strict != 0;
    auto *s = new (std::nothrow) HedlStream{hedl::StreamParser(nullptr, o), {}};
    if (!s) return fail(HEDL_ERR_ALLOC, "OutOfMemory", "out of memory");
    s->parser = hedl::StreamParser(
        [s, callback, user](const hedl::StreamEvent &e) {
          HedlStreamEvent c{};
          c.kind = static_cast<int>(e.kind);
          c.key = e.key.data();
          c.key_len = length(e.key);
          c.depth = static_cast<int>(e.depth);
          c.line = static_cast<int>(e.line);
          if (e.schema) {
            c.type_name = e.schema->type_name.data();
            c.type_name_len = length(e.schema->type_name);
          }
          s->json.clear();
          if (e.kind == hedl::StreamEventKind::Scalar) hedl::value_to_json(*e.value, s->json);
          if (e.kind == hedl::StreamEventKind::Row) hedl::row_to_json(*e.row, *e.schema, {}, s->json);
          c.json = s->json.data();
          c.json_len = length(s->json);
          c.parent_type = e.parent_type.data();
          c.parent_type_len = length(e.parent_type);
          c.parent_id = e.parent_id.data();
          c.parent_id_len = length(e.parent_id);
          c.row_depth = static_cast<int>(e.row_depth);
          c.count = static_cast<long long>(e.count);
          callback(&c, user);
        },
        o);
    *out = s;
    clear_error();
    return HEDL_OK;
  });
}

int hedl_stream_feed(HedlStream *stream, const char *chunk, int len) {
  if (!stream || (!chunk && len)) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "stream or chunk is NULL");
  if (len < 0) return fail(HEDL_ERR_PARSE, "SyntaxError", "len must be >= 0");
  return guarded([&] {
    if (auto e = stream->parser.feed(std::string_view(chunk ? chunk : "", static_cast<std::size_t>(len))))
      return stream_code(*e);
    clear_error();
    return HEDL_OK;
  });
}

int hedl_stream_finish(HedlStream *stream) {
  if (!stream) return fail(HEDL_ERR_NULL_PTR, "NullPointer", "stream is NULL");
  return guarded([&] {
    if (auto e = stream->parser.finish()) return stream_code(*e);
    clear_error();
    return HEDL_OK;
  });
}

void hedl_free_stream(HedlStream *stream) { delete stream; }

}  // extern "C"
