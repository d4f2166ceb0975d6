// The wasm surface of hedl.wasm: a small C ABI (extern "C", exported by
// name) that js/wasm-api.js wraps into the objects the rest of js/ uses.
// Every call is coarse (one per whole-document operation). Text comes in as
// UTF-8 bytes that JS wrote into wasm memory (pointer + length) and goes back
// as a view of bytes (the two words at hw_view(): pointer, length) that JS
// decodes once; the view stays valid until the next call that produces
// output or hw_release_output(). Limits come in through the doubles at
// hw_limits(), in abi.json's order.
//
// A plain C ABI instead of embind: embind's JS glue alone was 11 KB of the
// 150 KB gzipped package budget, and its per-call marshalling bought nothing
// here (every argument is a number).
//
// Nothing here throws (the module is built with -fno-exceptions): a call that
// fails returns 0 and leaves the error, as JSON, at hw_error().
#include <emscripten.h>
#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "embed.hpp"
#include "hedl.hpp"
#include "tape.hpp"

#define HW_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE

namespace hedl::wasm {

using embed::append_json_string;

namespace {

/// The limits (core/abi/abi.json) as JS numbers (byte counts fit in a double).
struct LimitsIn {
#define HEDL_LIMIT_IN(field, js, def, doc) double field;
  HEDL_LIMITS(HEDL_LIMIT_IN)
#undef HEDL_LIMIT_IN
};

LimitsIn g_limits;        // written by JS before each call that takes limits
std::uint32_t g_view[2];  // the last output: pointer, length
std::string g_error;      // the last error, as JSON: {kind, code, message, line, column, codeFrame}
std::string g_out;        // the last text output; JS decodes it before the next call
Tape g_tape;              // the last tape; JS walks it before the next call

std::uint32_t addr(const void *p) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p)); }

/// Points the view at `s`; returns 1 (the calls' "done").
int set_view(const std::string &s) {
  g_view[0] = addr(s.data());
  g_view[1] = static_cast<std::uint32_t>(s.size());
  return 1;
}

std::string_view bytes(std::uintptr_t ptr, std::uint32_t len) { return {reinterpret_cast<const char *>(ptr), len}; }

std::size_t to_size(double d) {
  if (!(d >= 0)) return 0;
  if (d >= static_cast<double>(SIZE_MAX)) return SIZE_MAX;  // wasm32: 4 GiB - 1
  return static_cast<std::size_t>(d);
}

/// `text`: the text that failed, for the error's "codeFrame".
void append_error_json(std::string &out, const Error &e, std::string_view text) {
  out += "{\"kind\":";
  append_json_string(out, error_kind_name(e.kind));
  out += ",\"message\":";
  append_json_string(out, e.message);
  out += ",\"line\":" + std::to_string(e.line) + ",\"column\":" + std::to_string(e.column) + ",\"codeFrame\":";
  append_json_string(out, e.code_frame(text));
  out += '}';
}

void append_diagnostics_json(std::string &out, const std::vector<Diagnostic> &diags) {
  out += '[';
  for (std::size_t i = 0; i < diags.size(); ++i) {
    const Diagnostic &d = diags[i];
    if (i) out += ',';
    out += "{\"rule\":";
    append_json_string(out, d.rule);
    out += ",\"severity\":";
    append_json_string(out, severity_name(d.severity));
    out += ",\"message\":";
    append_json_string(out, d.message);
    out += ",\"suggestion\":";
    append_json_string(out, d.suggestion);
    out += ",\"line\":" + std::to_string(d.line) + ",\"column\":" + std::to_string(d.column) + "}";
  }
  out += ']';
}

void append_stats_json(std::string &out, const Stats &s) {
  auto num = [&](const char *k, double v) {
    out += '"';
    out += k;
    out += "\":";
    // The core's shortest round-trip formatting (no printf: it would pull the
    // whole printf float formatter into the module).
    embed::append_double(out, v);
    out += ',';
  };
  out += '{';
  num("hedlBytes", static_cast<double>(s.hedl_bytes));
  num("hedlLines", static_cast<double>(s.hedl_lines));
  num("hedlTokens", static_cast<double>(s.hedl_tokens));
  num("jsonBytes", static_cast<double>(s.json_bytes));
  num("jsonTokens", static_cast<double>(s.json_tokens));
  num("tokenSavings", s.token_savings);
  num("schemas", static_cast<double>(s.schemas));
  num("aliases", static_cast<double>(s.aliases));
  num("nests", static_cast<double>(s.nests));
  num("rootItems", static_cast<double>(s.root_items));
  out += "\"entities\":[";
  for (std::size_t i = 0; i < s.entities.size(); ++i) {
    if (i) out += ',';
    out += '[';
    append_json_string(out, s.entities[i].type);
    out += ',' + std::to_string(s.entities[i].count) + ']';
  }
  out += "]}";
}

/// Appends {"schemas":[[type,[columns]]...],"aliases":[[key,value]...],"nests":[[parent,child]...],
/// "prompts":[text...],"extensions":[[name,payload]...],"counts":[[type,field,value,count]...],"lenient":bool}.
void append_info_json(std::string &out, const Document &doc) {
  // Each list a JSON array; most entries arrays of strings.
  auto fields = [&](std::initializer_list<std::string_view> parts) {
    bool first = true;
    for (std::string_view p : parts) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, p);
    }
  };
  auto strings = [&](std::initializer_list<std::string_view> parts) {
    out += '[';
    fields(parts);
    out += ']';
  };
  auto list = [&](const char *name, const auto &items, auto &&each) {
    out += name;
    out += '[';
    const std::size_t empty = out.size();
    for (const auto &item : items) {
      if (out.size() != empty) out += ',';
      each(item);
    }
    out += ']';
  };
  list("{\"schemas\":", doc.schemas(), [&](const Schema *s) {
    out += '[';
    append_json_string(out, s->type_name);
    out += ",[";
    for (std::size_t c = 0; c < s->columns.size(); ++c) {
      if (c) out += ',';
      append_json_string(out, s->columns[c]);
    }
    out += "]]";
  });
  list(",\"aliases\":", doc.aliases(), [&](const Alias &x) { strings({x.key, x.value}); });
  list(",\"nests\":", doc.nests(), [&](const Nest &n) { strings({n.parent, n.child}); });
  list(",\"prompts\":", doc.prompts(), [&](const Prompt &p) { append_json_string(out, p.text); });
  list(",\"extensions\":", doc.extensions(), [&](const Extension &x) { strings({x.name, x.payload}); });
  // One entry per count: [type, field, value, count].
  list(",\"counts\":", doc.counts(), [&](const CountDirective &c) {
    for (std::size_t i = 0; i < c.entries.size(); ++i) {
      out += i ? ",[" : "[";
      fields({c.type, c.field, c.entries[i].value});
      out += ',' + std::to_string(c.entries[i].count) + ']';
    }
  });
  out += ",\"lenient\":";
  out += doc.lenient_mode() ? "true}" : "false}";
}

ParseOptions parse_options(bool strict, const LimitsIn &in) {
  ParseOptions o;
  o.strict_refs = strict;
#define HEDL_LIMIT_FROM_JS(field, js, def, doc) o.limits.field = to_size(in.field);
  HEDL_LIMITS(HEDL_LIMIT_FROM_JS)
#undef HEDL_LIMIT_FROM_JS
  return o;
}

/// LintConfig from JS: disabled rule names '\n'-separated, severity 0..2.
LintConfig lint_config(const std::string &disabled, bool warnings_as_errors, std::uint32_t min_severity,
                       std::uint32_t max_diagnostics) {
  LintConfig c;
  std::size_t start = 0;
  while (start < disabled.size()) {
    std::size_t nl = disabled.find('\n', start);
    if (nl == std::string::npos) nl = disabled.size();
    if (nl > start) c.disabled_rules.emplace_back(disabled.substr(start, nl - start));
    start = nl + 1;
  }
  c.warnings_as_errors = warnings_as_errors;
  c.min_severity = static_cast<Severity>(min_severity > 2 ? 2 : min_severity);
  c.max_diagnostics = max_diagnostics;
  return c;
}

/// `text`: the text that failed when wasm holds it (for the code frame).
/// Returns 0 (the calls' "failed").
int set_error(const Error &e, std::string_view text = {}) {
  g_error = "{\"kind\":";
  append_json_string(g_error, error_kind_name(e.kind));
  g_error += ",\"code\":" + std::to_string(error_kind_code(e.kind)) + ",\"message\":";
  append_json_string(g_error, e.message);
  g_error += ",\"line\":" + std::to_string(e.line) + ",\"column\":" + std::to_string(e.column) + ",\"codeFrame\":";
  append_json_string(g_error, text.empty() ? std::string() : e.code_frame(text));
  g_error += '}';
  return 0;
}

/// A view of the converted text, or 0 with the error set (placed in `source` when there is one).
int text_or_error(Result<std::string> r, std::string_view source = {}) {
  if (!r.ok()) return set_error(r.error(), source);
  g_out = std::move(r).value();
  return set_view(g_out);
}

FromJsonOptions from_json_options(bool ditto, bool strict, bool expressions, bool v1) {
  FromJsonOptions o;
  o.version = v1 ? FromJsonOptions::Version::V1_0 : FromJsonOptions::Version::V2_0;
  o.ditto = ditto;
  o.strict_refs = strict;
  o.expressions = expressions;
  o.limits = parse_options(strict, g_limits).limits;
  return o;
}

/// A parsed document owned by JS: free it with hw_doc_free() (js/ does, three ways).
struct DocumentHandle {
  Document doc;
  int input_flags = -1;  // input_flags() of the input, once known (-1: not yet)
};

}  // namespace

/// A stream parser owned by JS (js/stream.js): feed() takes bytes JS wrote
/// into wasm memory and leaves what they completed in output(), as JSON:
/// kEvents: an array of event objects; kRecords: an array of the rows;
/// kJson: the next part of the document's JSON text; kJsonLines: rows, one
/// per line. Free it with delete().
class StreamHandle {
 public:
  enum Mode : std::uint32_t { kEvents = 0, kRecords = 1, kJson = 2, kJsonLines = 3 };

  StreamHandle(std::uint32_t mode, std::string_view type, bool strict, const LimitsIn &limits, double piece_bytes)
      : mode_(mode),
        json_(mode == kJson ? StreamJsonWriter::Mode::Document : StreamJsonWriter::Mode::Rows, type,
              mode == kRecords ? "," : "\n"),
        parser_([this](const StreamEvent &e) { on(e); }, stream_options(strict, limits, piece_bytes)) {}

  /// Takes `len` bytes at `ptr`; false with lastError() set on an error.
  bool feed(std::uintptr_t ptr, std::uint32_t len) {
    begin();
    return done(parser_.feed(std::string_view(reinterpret_cast<const char *>(ptr), len)));
  }
  /// Ends the input; false with lastError() set on an error.
  bool finish() {
    begin();
    return done(parser_.finish());
  }
  /// What the last feed() or finish() completed (valid until the next one).
  void output() const { set_view(out_); }
  double memory_usage() const { return static_cast<double>(parser_.memory_usage() + out_.capacity()); }
  double id_count() const { return static_cast<double>(parser_.id_count()); }
  double id_set_bytes() const { return static_cast<double>(parser_.id_set_bytes()); }

 private:
  static StreamOptions stream_options(bool strict, const LimitsIn &limits, double piece_bytes) {
    StreamOptions o;
    o.parse = parse_options(strict, limits);
    if (piece_bytes > 0) o.piece_bytes = to_size(piece_bytes);
    return o;
  }
  void begin() {
    out_.clear();
    if (mode_ == kEvents || mode_ == kRecords) out_ += '[';
  }
  bool done(const std::optional<Error> &e) {
    if (mode_ == kEvents || mode_ == kRecords) {
      if (out_.back() == ',') out_.pop_back();
      out_ += ']';
    }
    if (e) {
      set_error(*e);
      return false;
    }
    return true;
  }
  void on(const StreamEvent &e) {
    if (mode_ != kEvents) return json_.add(e, out_);
    static constexpr const char *kNames[] = {"header",    "objectStart", "objectEnd", "scalar",
                                             "listStart", "row",         "listEnd",   "end"};
    out_ += "{\"type\":\"";
    out_ += kNames[static_cast<int>(e.kind)];
    out_ += "\",\"line\":" + std::to_string(e.line);
    auto field = [&](const char *name, std::string_view v) {
      out_ += ",\"";
      out_ += name;
      out_ += "\":";
      append_json_string(out_, v);
    };
    switch (e.kind) {
      case StreamEventKind::Header:
        out_ += ",\"version\":\"" + std::to_string(e.header->version_major()) + "." +
                std::to_string(e.header->version_minor()) + "\",\"info\":";
        append_info_json(out_, *e.header);
        break;
      case StreamEventKind::Row:
        field("key", e.key);
        field("typeName", e.schema->type_name);
        field("id", e.row->id().as_string());
        out_ += ",\"depth\":" + std::to_string(e.row_depth) + ",\"parent\":";
        if (e.row_depth) {
          out_ += "{\"type\":";
          append_json_string(out_, e.parent_type);
          out_ += ",\"id\":";
          append_json_string(out_, e.parent_id);
          out_ += '}';
        } else {
          out_ += "null";
        }
        out_ += ",\"value\":";
        row_to_json(*e.row, *e.schema, {}, out_);
        break;
      case StreamEventKind::End: break;
      default:
        field("key", e.key);
        out_ += ",\"depth\":" + std::to_string(e.depth);
        if (e.kind == StreamEventKind::Scalar) {
          out_ += ",\"value\":";
          value_to_json(*e.value, out_);
        }
        if (e.schema) {
          field("typeName", e.schema->type_name);
          if (e.kind == StreamEventKind::ListEnd) {
            out_ += ",\"count\":" + std::to_string(e.count);
          } else {
            out_ += ",\"columns\":[";
            for (std::size_t c = 0; c < e.schema->columns.size(); ++c) {
              if (c) out_ += ',';
              append_json_string(out_, e.schema->columns[c]);
            }
            out_ += ']';
          }
        }
    }
    out_ += "},";
  }

  std::uint32_t mode_;
  std::string out_;
  StreamJsonWriter json_;
  StreamParser parser_;
};

}  // namespace hedl::wasm

using namespace hedl;
using namespace hedl::wasm;

// ---- buffers shared with JS ----
/// The doubles JS writes the limits into (abi.json's order).
HW_EXPORT LimitsIn *hw_limits() { return &g_limits; }
/// Writes the default limits into hw_limits().
HW_EXPORT void hw_default_limits() {
  Limits l;
#define HEDL_LIMIT_DEFAULT(field, js, def, doc) g_limits.field = static_cast<double>(l.field);
  HEDL_LIMITS(HEDL_LIMIT_DEFAULT)
#undef HEDL_LIMIT_DEFAULT
}
/// The output view: [pointer, length] of the last output.
HW_EXPORT std::uint32_t *hw_view() { return g_view; }
/// Moves the last error's JSON into the output and points the view at it
/// (hw_release_output() frees it).
HW_EXPORT void hw_error() {
  g_out.swap(g_error);
  std::string().swap(g_error);
  set_view(g_out);
}
/// Frees the output buffers (the last text output and the last tape).
HW_EXPORT void hw_release_output() {
  std::string().swap(g_out);
  g_tape.release();
}
/// The bytes malloc has handed out and not taken back (for leak tests).
HW_EXPORT double hw_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

// ---- documents ----
/// Parses `len` UTF-8 bytes at `ptr`, the start of a malloc'd block of
/// `block` > `len` bytes that it takes over (freed with the Document, or now
/// on failure). Returns a new document (hw_doc_free), or 0 with the error set.
HW_EXPORT DocumentHandle *hw_parse(std::uintptr_t ptr, std::uint32_t len, std::uint32_t block, int strict) {
  // The Document adopts the malloc'd input (no copy): JS must not free it.
  // JS sized the block before it knew the UTF-8 length: give back a large
  // surplus (emmalloc shrinks in place) rather than keep it with the Document.
  char *buffer = reinterpret_cast<char *>(ptr);
  if (block - len > len / 8 + 4096) {
    if (void *smaller = std::realloc(buffer, std::size_t{len} + 1)) {
      buffer = static_cast<char *>(smaller);
      block = len + 1;
    }
  }
  auto r = embed::parse_adopting(buffer, len, block, parse_options(strict != 0, g_limits));
  if (!r.ok()) {
    set_error(r.error());
    return nullptr;
  }
  return new DocumentHandle{std::move(r).value()};
}
HW_EXPORT void hw_doc_free(DocumentHandle *h) { delete h; }
/// major << 16 | minor.
HW_EXPORT std::uint32_t hw_doc_version(const DocumentHandle *h) {
  return static_cast<std::uint32_t>(h->doc.version_major()) << 16 | static_cast<std::uint32_t>(h->doc.version_minor());
}
/// 0: schemas, 1: aliases, 2: nests, 3: root items.
HW_EXPORT std::uint32_t hw_doc_count(const DocumentHandle *h, int what) {
  const Document &d = h->doc;
  std::size_t n = what == 0   ? d.schemas().size()
                  : what == 1 ? d.aliases().size()
                  : what == 2 ? d.nests().size()
                              : d.root().count;
  return static_cast<std::uint32_t>(n);
}
HW_EXPORT double hw_doc_memory(const DocumentHandle *h) { return static_cast<double>(h->doc.memory_usage()); }
/// The view: append_info_json()'s JSON.
HW_EXPORT int hw_doc_info(const DocumentHandle *h) {
  g_out.clear();
  append_info_json(g_out, h->doc);
  return set_view(g_out);
}
/// The view: the document's JSON (D21).
HW_EXPORT int hw_doc_to_json(const DocumentHandle *h, int pretty, int metadata) {
  g_out.clear();
  to_json(h->doc, JsonOptions{pretty != 0, metadata != 0}, g_out);
  return set_view(g_out);
}
/// The view: the canonical HEDL text (D15); 0 with the error set.
/// `version`: 0 keeps the document's, 10 writes 1.0, 20 writes 2.0.
HW_EXPORT int hw_doc_to_hedl(const DocumentHandle *h, int ditto, int version) {
  CanonicalOptions o;
  o.ditto = ditto != 0;
  o.version = version == 10 ? TargetVersion::V1_0 : version == 20 ? TargetVersion::V2_0 : TargetVersion::Keep;
  return text_or_error(canonicalize(h->doc, o), h->doc.source());
}
/// The view: the lint findings as JSON [{rule, severity, message, suggestion, line, column}].
/// `disabled`: rule names, '\n'-separated, `len` bytes at `ptr`.
HW_EXPORT int hw_doc_lint(const DocumentHandle *h, std::uintptr_t ptr, std::uint32_t len, int warnings_as_errors,
                          std::uint32_t min_severity, std::uint32_t max_diagnostics) {
  auto diags =
      lint(h->doc, lint_config(std::string(bytes(ptr, len)), warnings_as_errors != 0, min_severity, max_diagnostics));
  g_out.clear();
  append_diagnostics_json(g_out, diags);
  return set_view(g_out);
}
/// The view: the document's statistics (stats.hpp) as JSON.
HW_EXPORT int hw_doc_stats(const DocumentHandle *h) {
  g_out.clear();
  append_stats_json(g_out, stats(h->doc));
  return set_view(g_out);
}
/// The view: JSON [[type, rows]...]: rows per type, %NEST children included,
/// types in order of first appearance (empty lists count 0).
HW_EXPORT int hw_doc_count_entities(const DocumentHandle *h) {
  std::vector<TypeCount> counts = count_entities(h->doc);
  g_out = "[";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i) g_out += ',';
    g_out += '[';
    append_json_string(g_out, counts[i].type);
    g_out += ',' + std::to_string(counts[i].count) + ']';
  }
  g_out += ']';
  return set_view(g_out);
}
/// Writes the tape (tape.hpp); returns the address of its 16-word header.
HW_EXPORT const TapeHeader *hw_doc_tape(DocumentHandle *h) {
  if (h->input_flags < 0) h->input_flags = static_cast<int>(input_flags(h->doc));
  write_tape(h->doc, static_cast<std::uint32_t>(h->input_flags), g_tape);
  return &g_tape.header;
}

// ---- text in, text out ----
/// Parses and lints `len` bytes at `ptr` (validate.hpp). The view: JSON
/// {"valid":bool,"errors":[{kind,message,line,column,codeFrame}],"warnings":[diagnostics]}.
HW_EXPORT int hw_validate(std::uintptr_t ptr, std::uint32_t len, int strict, int run_lint) {
  ValidateOptions o;
  o.strict = strict != 0;
  o.lint = run_lint != 0;
  o.limits = parse_options(o.strict, g_limits).limits;
  const std::string_view text = bytes(ptr, len);
  ValidationResult v = validate(text, o);
  g_out.clear();
  g_out += v.valid ? "{\"valid\":true,\"errors\":[" : "{\"valid\":false,\"errors\":[";
  for (std::size_t i = 0; i < v.errors.size(); ++i) {
    if (i) g_out += ',';
    append_error_json(g_out, v.errors[i], text);
  }
  g_out += "],\"warnings\":";
  append_diagnostics_json(g_out, v.warnings);
  g_out += '}';
  return set_view(g_out);
}
/// Converts `len` bytes of JSON at `ptr` into HEDL text (from_json.hpp, D24):
/// the view, or 0 with the error set.
HW_EXPORT int hw_from_json(std::uintptr_t ptr, std::uint32_t len, int ditto, int strict, int expressions, int v1) {
  const std::string_view json = bytes(ptr, len);
  return text_or_error(json_to_hedl(json, from_json_options(ditto != 0, strict != 0, expressions != 0, v1 != 0)), json);
}
/// The view: the code frame (hedl/error.hpp) of `line`/`column` in the
/// `len` bytes at `ptr`, an excerpt whose first line is line `first_line`.
HW_EXPORT int hw_code_frame(std::uintptr_t ptr, std::uint32_t len, std::uint32_t line, std::uint32_t column,
                            std::uint32_t first_line) {
  g_out = code_frame(bytes(ptr, len), line, column, first_line);
  return set_view(g_out);
}
/// The token estimate (stats.hpp) of `len` bytes at `ptr`.
HW_EXPORT double hw_estimate_tokens(std::uintptr_t ptr, std::uint32_t len) {
  return static_cast<double>(estimate_tokens(bytes(ptr, len)));
}

// ---- JS values as a DOM tape (js/stringify.js) ----
/// JS allocates, writes the tape and the strings into wasm memory, then
/// converts. Free it with hw_vtape_free().
HW_EXPORT embed::JsonTape *hw_vtape_new() { return new embed::JsonTape(); }
HW_EXPORT void hw_vtape_free(embed::JsonTape *t) { delete t; }
/// Makes room; 0 when out of memory.
HW_EXPORT int hw_vtape_allocate(embed::JsonTape *t, double words, double string_bytes) {
  return t->allocate(static_cast<std::size_t>(words), static_cast<std::size_t>(string_bytes)) ? 1 : 0;
}
HW_EXPORT std::uint32_t hw_vtape_tape(embed::JsonTape *t) { return addr(t->tape()); }
HW_EXPORT std::uint32_t hw_vtape_strings(embed::JsonTape *t) { return addr(t->strings()); }
/// The HEDL text (as hw_from_json): the view, or 0 with the error set.
HW_EXPORT int hw_vtape_to_hedl(embed::JsonTape *t, int ditto, int strict, int expressions, int v1) {
  return text_or_error(t->to_hedl(from_json_options(ditto != 0, strict != 0, expressions != 0, v1 != 0)));
}

// ---- streams (js/stream.js) ----
/// A new stream parser: `mode` (StreamHandle::Mode), the row type of the
/// `type_len` bytes at `type` (empty: every list's rows), the limits.
HW_EXPORT StreamHandle *hw_stream_new(std::uint32_t mode, std::uintptr_t type, std::uint32_t type_len, int strict,
                                      double piece_bytes) {
  return new StreamHandle(mode, bytes(type, type_len), strict != 0, g_limits, piece_bytes);
}
HW_EXPORT void hw_stream_free(StreamHandle *s) { delete s; }
/// Takes `len` bytes at `ptr`: 1 and the view holds what they completed, or 0 with the error set.
HW_EXPORT int hw_stream_feed(StreamHandle *s, std::uintptr_t ptr, std::uint32_t len) {
  if (!s->feed(ptr, len)) return 0;
  s->output();
  return 1;
}
/// Ends the input: 1 and the view holds the rest, or 0 with the error set.
HW_EXPORT int hw_stream_finish(StreamHandle *s) {
  if (!s->finish()) return 0;
  s->output();
  return 1;
}
/// 0: bytes held now, 1: IDs held, 2: bytes of the ID set.
HW_EXPORT double hw_stream_stat(const StreamHandle *s, int what) {
  return what == 0 ? s->memory_usage() : what == 1 ? s->id_count() : s->id_set_bytes();
}
