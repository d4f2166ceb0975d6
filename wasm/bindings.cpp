// The embind surface of hedl.wasm: the only EMSCRIPTEN_BINDINGS of the
// project. Every call is coarse (one per whole-document operation). Text
// comes in as UTF-8 bytes that JS wrote into wasm memory (pointer + length)
// and goes back as a view of bytes that JS decodes once; the view stays valid
// until the next call that produces output or releaseOutput().
//
// Nothing here throws (the module is built with -fno-exceptions): a failed
// parse returns a null Document and leaves the error in lastError().
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "embed.hpp"
#include "hedl.hpp"
#include "tape.hpp"

namespace hedl::wasm {

using embed::append_json_string;

namespace {

/// An error as JS sees it: kind as docs/format.md spells it, 1-based line and column (0 = unknown).
struct ErrorInfo {
  std::string kind;
  int code = 0;  // HEDL_ERR_KIND_* (core/abi/abi.json)
  std::string message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  /// The code frame (hedl/error.hpp) when the failing text is in wasm memory
  /// (a document's own text); else "" and js/ makes it from its input.
  std::string codeFrame;
};

/// The limits (core/abi/abi.json) as JS numbers (byte counts fit in a double).
struct LimitsIn {
#define HEDL_LIMIT_IN(field, js, def, doc) double field;
  HEDL_LIMITS(HEDL_LIMIT_IN)
#undef HEDL_LIMIT_IN
};

ErrorInfo g_error;
std::string g_out;  // the last text output; JS decodes it before the next call
Tape g_tape;        // the last tape; JS walks it before the next call

emscripten::val bytes_view(const std::string &s) {
  return emscripten::val(emscripten::typed_memory_view(s.size(), reinterpret_cast<const std::uint8_t *>(s.data())));
}

std::size_t to_size(double d) {
  if (!(d >= 0)) return 0;
  if (d >= static_cast<double>(SIZE_MAX)) return SIZE_MAX;  // wasm32: 4 GiB - 1
  return static_cast<std::size_t>(d);
}

LimitsIn default_limits() {
  Limits l;
  LimitsIn in;
#define HEDL_LIMIT_DEFAULT(field, js, def, doc) in.field = static_cast<double>(l.field);
  HEDL_LIMITS(HEDL_LIMIT_DEFAULT)
#undef HEDL_LIMIT_DEFAULT
  return in;
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
void set_error(const Error &e, std::string_view text = {}) {
  g_error = ErrorInfo{error_kind_name(e.kind),
                      error_kind_code(e.kind),
                      e.message,
                      e.line,
                      e.column,
                      text.empty() ? std::string() : e.code_frame(text)};
}

}  // namespace

/// A parsed document owned by JS: free it with delete() (js/ does, three ways).
class DocumentHandle {
 public:
  explicit DocumentHandle(Document d) : doc_(std::move(d)) {}

  /// Returns "major.minor".
  std::string version() const {
    return std::to_string(doc_.version_major()) + "." + std::to_string(doc_.version_minor());
  }
  std::uint32_t schema_count() const { return static_cast<std::uint32_t>(doc_.schemas().size()); }
  std::uint32_t alias_count() const { return static_cast<std::uint32_t>(doc_.aliases().size()); }
  std::uint32_t nest_count() const { return static_cast<std::uint32_t>(doc_.nests().size()); }
  std::uint32_t root_item_count() const { return doc_.root().count; }
  double memory_usage() const { return static_cast<double>(doc_.memory_usage()); }

  /// Returns JSON bytes: {"schemas":[[type,[columns]]...],"aliases":[[key,value]...],"nests":[[parent,child]...],
  /// "prompts":[text...],"extensions":[[name,payload]...],"counts":[[type,field,value,count]...],"lenient":bool}.
  emscripten::val info() const {
    g_out.clear();
    // Each list a JSON array; most entries arrays of strings.
    auto fields = [](std::initializer_list<std::string_view> parts) {
      bool first = true;
      for (std::string_view p : parts) {
        if (!first) g_out += ',';
        first = false;
        append_json_string(g_out, p);
      }
    };
    auto strings = [&](std::initializer_list<std::string_view> parts) {
      g_out += '[';
      fields(parts);
      g_out += ']';
    };
    auto list = [](const char *name, const auto &items, auto &&each) {
      g_out += name;
      g_out += '[';
      const std::size_t empty = g_out.size();
      for (const auto &item : items) {
        if (g_out.size() != empty) g_out += ',';
        each(item);
      }
      g_out += ']';
    };
    list("{\"schemas\":", doc_.schemas(), [&](const Schema *s) {
      g_out += '[';
      append_json_string(g_out, s->type_name);
      g_out += ",[";
      for (std::size_t c = 0; c < s->columns.size(); ++c) {
        if (c) g_out += ',';
        append_json_string(g_out, s->columns[c]);
      }
      g_out += "]]";
    });
    list(",\"aliases\":", doc_.aliases(), [&](const Alias &x) { strings({x.key, x.value}); });
    list(",\"nests\":", doc_.nests(), [&](const Nest &n) { strings({n.parent, n.child}); });
    list(",\"prompts\":", doc_.prompts(), [&](const Prompt &p) { append_json_string(g_out, p.text); });
    list(",\"extensions\":", doc_.extensions(), [&](const Extension &x) { strings({x.name, x.payload}); });
    // One entry per count: [type, field, value, count].
    list(",\"counts\":", doc_.counts(), [&](const CountDirective &c) {
      for (std::size_t i = 0; i < c.entries.size(); ++i) {
        g_out += i ? ",[" : "[";
        fields({c.type, c.field, c.entries[i].value});
        g_out += ',' + std::to_string(c.entries[i].count) + ']';
      }
    });
    g_out += ",\"lenient\":";
    g_out += doc_.lenient_mode() ? "true}" : "false}";
    return bytes_view(g_out);
  }

  /// Returns the document's JSON (D21) as UTF-8 bytes.
  emscripten::val to_json(bool pretty, bool metadata) const {
    g_out.clear();
    hedl::to_json(doc_, JsonOptions{pretty, metadata}, g_out);
    return bytes_view(g_out);
  }

  /// Returns the canonical HEDL text (D15) as UTF-8 bytes, or null with lastError() set.
  /// `version`: 0 keeps the document's, 10 writes 1.0, 20 writes 2.0.
  emscripten::val to_hedl(bool ditto, std::uint32_t version) const {
    CanonicalOptions o;
    o.ditto = ditto;
    o.version = version == 10 ? TargetVersion::V1_0 : version == 20 ? TargetVersion::V2_0 : TargetVersion::Keep;
    auto r = canonicalize(doc_, o);
    if (!r.ok()) {
      set_error(r.error(), doc_.source());
      return emscripten::val::null();
    }
    g_out = std::move(r).value();
    return bytes_view(g_out);
  }

  /// Returns the lint findings as JSON bytes: [{rule, severity, message, suggestion, line, column}].
  emscripten::val lint(const std::string &disabled, bool warnings_as_errors, std::uint32_t min_severity,
                       std::uint32_t max_diagnostics) const {
    auto diags = hedl::lint(doc_, lint_config(disabled, warnings_as_errors, min_severity, max_diagnostics));
    g_out.clear();
    append_diagnostics_json(g_out, diags);
    return bytes_view(g_out);
  }

  /// Returns the document's statistics (stats.hpp) as JSON bytes.
  emscripten::val stats() const {
    g_out.clear();
    append_stats_json(g_out, hedl::stats(doc_));
    return bytes_view(g_out);
  }

  /// Returns JSON bytes [[type, rows]...]: rows per type, %NEST children
  /// included, types in order of first appearance (empty lists count 0).
  emscripten::val count_entities() const {
    std::vector<TypeCount> counts = hedl::count_entities(doc_);
    g_out = "[";
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (i) g_out += ',';
      g_out += '[';
      append_json_string(g_out, counts[i].type);
      g_out += ',' + std::to_string(counts[i].count) + ']';
    }
    g_out += ']';
    return bytes_view(g_out);
  }

  /// Writes the tape (tape.hpp) and returns a view of its 16-word header.
  emscripten::val tape() {
    if (input_flags_ < 0) input_flags_ = static_cast<int>(input_flags(doc_));
    write_tape(doc_, static_cast<std::uint32_t>(input_flags_), g_tape);
    return emscripten::val(
        emscripten::typed_memory_view(sizeof(TapeHeader) / 4, reinterpret_cast<const std::uint32_t *>(&g_tape.header)));
  }

 private:
  Document doc_;
  int input_flags_ = -1;  // input_flags() of the input, once known (-1: not yet)
};

namespace {

/// Parses `len` UTF-8 bytes at `ptr`, the start of a malloc'd block of
/// `block` > `len` bytes that it takes over (freed with the Document, or
/// now on failure). Returns a new Document (owned by the caller), or nullptr
/// with the error in lastError().
DocumentHandle *parse(std::uintptr_t ptr, std::uint32_t len, std::uint32_t block, bool strict, const LimitsIn &limits) {
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
  auto r = embed::parse_adopting(buffer, len, block, parse_options(strict, limits));
  if (!r.ok()) {
    set_error(r.error());
    return nullptr;
  }
  g_error = ErrorInfo{};
  return new DocumentHandle(std::move(r).value());
}

/// Parses and lints `len` bytes at `ptr` (validate.hpp). Returns JSON bytes:
/// {"valid":bool,"errors":[{kind,message,line,column}],"warnings":[diagnostics]}.
emscripten::val validate_text(std::uintptr_t ptr, std::uint32_t len, bool strict, bool run_lint,
                              const LimitsIn &limits) {
  ValidateOptions o;
  o.strict = strict;
  o.lint = run_lint;
  o.limits = parse_options(strict, limits).limits;
  ValidationResult v = validate(std::string_view(reinterpret_cast<const char *>(ptr), len), o);
  g_out.clear();
  g_out += v.valid ? "{\"valid\":true,\"errors\":[" : "{\"valid\":false,\"errors\":[";
  for (std::size_t i = 0; i < v.errors.size(); ++i) {
    if (i) g_out += ',';
    append_error_json(g_out, v.errors[i], std::string_view(reinterpret_cast<const char *>(ptr), len));
  }
  g_out += "],\"warnings\":";
  append_diagnostics_json(g_out, v.warnings);
  g_out += '}';
  return bytes_view(g_out);
}

/// Converts `len` bytes of JSON at `ptr` into HEDL text (from_json.hpp, D24).
/// Returns a view of the text, or null with the error in lastError().
FromJsonOptions from_json_options(bool ditto, bool strict, bool expressions, const LimitsIn &limits, bool v1) {
  FromJsonOptions o;
  o.version = v1 ? FromJsonOptions::Version::V1_0 : FromJsonOptions::Version::V2_0;
  o.ditto = ditto;
  o.strict_refs = strict;
  o.expressions = expressions;
  o.limits = parse_options(strict, limits).limits;
  return o;
}

/// A view of the converted text, or null with the error in lastError()
/// (placed in `source` when there is one).
emscripten::val text_or_error(Result<std::string> r, std::string_view source = {}) {
  if (!r.ok()) {
    set_error(r.error(), source);
    return emscripten::val::null();
  }
  g_out = std::move(r).value();
  return bytes_view(g_out);
}

emscripten::val from_json_text(std::uintptr_t ptr, std::uint32_t len, bool ditto, bool strict, bool expressions,
                               const LimitsIn &limits, bool v1) {
  const std::string_view json(reinterpret_cast<const char *>(ptr), len);
  return text_or_error(json_to_hedl(json, from_json_options(ditto, strict, expressions, limits, v1)), json);
}

/// JS values as a DOM tape (js/stringify.js): JS allocates, writes the tape
/// and the strings into wasm memory, then converts. Free it with delete().
class ValueTape {
 public:
  /// Makes room; false when out of memory.
  bool allocate(double words, double string_bytes) {
    return tape_.allocate(static_cast<std::size_t>(words), static_cast<std::size_t>(string_bytes));
  }
  double tape_ptr() { return static_cast<double>(reinterpret_cast<std::uintptr_t>(tape_.tape())); }
  double strings_ptr() { return static_cast<double>(reinterpret_cast<std::uintptr_t>(tape_.strings())); }
  /// The HEDL text (as from_json_text), or null with lastError() set.
  emscripten::val to_hedl(bool ditto, bool strict, bool expressions, const LimitsIn &limits, bool v1) {
    return text_or_error(tape_.to_hedl(from_json_options(ditto, strict, expressions, limits, v1)));
  }

 private:
  embed::JsonTape tape_;
};

/// Returns the code frame (hedl/error.hpp) of `line`/`column` in the `len`
/// bytes at `ptr`, an excerpt whose first line is line `first_line`.
emscripten::val code_frame_of(std::uintptr_t ptr, std::uint32_t len, std::uint32_t line, std::uint32_t column,
                              std::uint32_t first_line) {
  g_out = code_frame(std::string_view(reinterpret_cast<const char *>(ptr), len), line, column, first_line);
  return bytes_view(g_out);
}

/// Returns the bytes malloc has handed out and not taken back (for leak tests).
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

/// Returns the token estimate (stats.hpp) of `len` bytes at `ptr`.
double estimate_tokens_of(std::uintptr_t ptr, std::uint32_t len) {
  return static_cast<double>(estimate_tokens(std::string_view(reinterpret_cast<const char *>(ptr), len)));
}

ErrorInfo last_error() { return g_error; }

/// Frees the output buffers (the last text output and the last tape).
void release_output() {
  std::string().swap(g_out);
  g_tape.release();
  g_error = ErrorInfo{};
}

}  // namespace

}  // namespace hedl::wasm

EMSCRIPTEN_BINDINGS(hedl) {
  using namespace emscripten;
  using hedl::wasm::DocumentHandle;
  using hedl::wasm::ErrorInfo;
  using hedl::wasm::LimitsIn;

  value_object<ErrorInfo>("ErrorInfo")
      .field("kind", &ErrorInfo::kind)
      .field("code", &ErrorInfo::code)
      .field("message", &ErrorInfo::message)
      .field("line", &ErrorInfo::line)
      .field("column", &ErrorInfo::column)
      .field("codeFrame", &ErrorInfo::codeFrame);

  {
    // Registered when `limits` goes out of scope, with every field of the table.
    auto limits = value_object<LimitsIn>("Limits");
#define HEDL_LIMIT_FIELD_JS(name, js, def, doc) limits.field(#js, &LimitsIn::name);
    HEDL_LIMITS(HEDL_LIMIT_FIELD_JS)
#undef HEDL_LIMIT_FIELD_JS
  }

  class_<hedl::wasm::ValueTape>("ValueTape")
      .constructor<>()
      .function("allocate", &hedl::wasm::ValueTape::allocate)
      .function("tapePtr", &hedl::wasm::ValueTape::tape_ptr)
      .function("stringsPtr", &hedl::wasm::ValueTape::strings_ptr)
      .function("toHedl", &hedl::wasm::ValueTape::to_hedl);

  class_<DocumentHandle>("Document")
      .function("version", &DocumentHandle::version)
      .function("schemaCount", &DocumentHandle::schema_count)
      .function("aliasCount", &DocumentHandle::alias_count)
      .function("nestCount", &DocumentHandle::nest_count)
      .function("rootItemCount", &DocumentHandle::root_item_count)
      .function("memoryUsage", &DocumentHandle::memory_usage)
      .function("info", &DocumentHandle::info)
      .function("toJson", &DocumentHandle::to_json)
      .function("toHedl", &DocumentHandle::to_hedl)
      .function("lint", &DocumentHandle::lint)
      .function("stats", &DocumentHandle::stats)
      .function("countEntities", &DocumentHandle::count_entities)
      .function("tape", &DocumentHandle::tape);

  function("parse", &hedl::wasm::parse, allow_raw_pointers());
  function("validate", &hedl::wasm::validate_text);
  function("fromJson", &hedl::wasm::from_json_text);
  function("estimateTokens", &hedl::wasm::estimate_tokens_of);
  function("codeFrame", &hedl::wasm::code_frame_of);
  function("lastError", &hedl::wasm::last_error);
  function("heapInUse", &hedl::wasm::heap_in_use);
  function("releaseOutput", &hedl::wasm::release_output);
  function("defaultLimits", &hedl::wasm::default_limits);
}
