// from_json and json_to_hedl (D24): JSON text -> simdjson DOM -> HEDL text ->
// hedl::parse. Parsing the text is what proves it valid and yields the
// Document; any error is reported against the JSON (path, line, column).
#include "hedl/canonical.hpp"
#include "hedl/from_json.hpp"

#include <cstring>
#include <string>

#include "from_json/internal.hpp"
#include "hedl/parse.hpp"
#include "model/document_data.hpp"
#include "util/chars.hpp"
#include "writers/spelling.hpp"

namespace hedl {

namespace detail::fj {

std::string render_path(const PathStep *steps, std::size_t n) {
  std::string out = "$";
  auto step = [&](const PathStep &s) {
    if (!s.member) {
      out += '[';
      out += std::to_string(s.index);
      out += ']';
      return;
    }
    bool plain = !s.key.empty() && !(s.key[0] >= '0' && s.key[0] <= '9');
    for (char c : s.key) plain = plain && (is_alnum(c) || c == '_');
    if (plain) {
      out += '.';
      out += s.key;
      return;
    }
    out += '[';
    append_json_string(out, s.key);
    out += ']';
  };
  // Deep paths keep their head and tail: the middle says nothing new.
  constexpr std::size_t kHead = 8, kTail = 16;
  if (n <= kHead + kTail + 1) {
    for (std::size_t i = 0; i < n; ++i) step(steps[i]);
    return out;
  }
  for (std::size_t i = 0; i < kHead; ++i) step(steps[i]);
  out += "...(" + std::to_string(n - kHead - kTail) + " levels)...";
  for (std::size_t i = n - kTail; i < n; ++i) step(steps[i]);
  return out;
}

namespace {

// simdjson's nesting limit: anything HEDL can hold nests at most two JSON
// levels per indentation level (a list and its records), plus a tensor.
std::size_t json_depth_limit(const Limits &lim) {
  std::size_t d = 2 * lim.max_indent_depth + 80;
  if (d < 1024) d = 1024;  // deeper JSON still gets a precise error from the walk
  if (d > (std::size_t{1} << 24)) d = std::size_t{1} << 24;
  return d;
}

Error at_path(std::string_view json, Error e, const Path &path) {
  JsonPos pos = locate(json, path);
  e.line = pos.line;
  e.column = pos.column;
  return e;
}

// Turns a parse error of the generated text into an error about the JSON.
Error map_parse_error(std::string_view json, Converter &conv, const Error &pe) {
  Error e = pe;
  if (e.kind != ErrorKind::Security) e.kind = ErrorKind::Conversion;
  std::uint32_t header = conv.header_lines();
  if (pe.kind == ErrorKind::Security && pe.message.rfind("limit max_file_size", 0) == 0) {  // the whole text
    e.message = "the HEDL text made for this JSON: " + pe.message;
    e.line = e.column = 0;
    return e;
  }
  if (pe.line <= header) {
    e.message = "in the HEDL header made for this JSON: " + pe.message;
    e.line = e.column = 0;
    return e;
  }
  auto path_of_line = [&](std::uint32_t line, Path &out) {
    TextBuffer scratch;
    scratch.reserve(1 << 16);
    if (!conv.write(scratch, line - header) || !conv.stopped()) return false;
    out = conv.stopped_at();
    return true;
  };
  Path where;
  if (!path_of_line(pe.line, where)) {
    e.line = e.column = 0;
    return e;
  }
  std::string msg = pe.message;
  // "(first defined at line N)" names a line of the generated text: name the JSON path instead.
  static constexpr std::string_view kFirst = "first defined at line ";
  std::size_t at = msg.find(kFirst);
  if (at != std::string::npos) {
    std::size_t d = at + kFirst.size();
    std::uint32_t first = 0;
    std::size_t k = d;
    while (k < msg.size() && msg[k] >= '0' && msg[k] <= '9')
      first = first * 10 + static_cast<std::uint32_t>(msg[k++] - '0');
    Path first_path;
    if (k > d && first > header && path_of_line(first, first_path))
      msg = msg.substr(0, at) + "first at " + render_path(first_path) + msg.substr(k);
  }
  if (pe.kind == ErrorKind::Reference)
    msg += " (set strict_refs = false in the conversion options to keep unresolved references)";
  e.message = render_path(where) + ": " + msg;
  return at_path(json, std::move(e), where);
}

// The whole conversion. On success `out` holds the Document, whose source()
// is the HEDL text.
void convert(std::string_view json, const FromJsonOptions &opt, Result<Document> &out) {
  const Limits &lim = opt.limits;
  if (json.size() > lim.max_file_size) {
    out = Error{ErrorKind::Security,
                "limit max_file_size (" + std::to_string(lim.max_file_size) + ") exceeded: the JSON is " +
                    std::to_string(json.size()) + " bytes; raise max_file_size in the limits if this input is trusted",
                1, 0};
    return;
  }
  if (json.size() >= 3 && std::memcmp(json.data(), "\xEF\xBB\xBF", 3) == 0) json.remove_prefix(3);
  const std::size_t max_depth = json_depth_limit(lim);
  ParserLease lease;
  simdjson::dom::parser &parser = lease.get();
  if (!lease.allocate(json.size(), max_depth)) {
    out = Error{ErrorKind::OutOfMemory, "out of memory reading the JSON", 0, 0};
    return;
  }
  simdjson::dom::element root;
  auto err = parser.parse(json.data(), json.size()).get(root);
  lease.note_parse(json.size(), err == simdjson::SUCCESS);
  std::string rewritten;
  if (err == simdjson::BIGINT_ERROR || err == simdjson::NUMBER_ERROR) {
    // Integers beyond 64 bits: kept as floats when a double holds them exactly.
    Error bad;
    if (!rewrite_big_integers(json, rewritten, bad)) {
      out = std::move(bad);
      return;
    }
    if (!lease.allocate(rewritten.size(), max_depth)) {
      out = Error{ErrorKind::OutOfMemory, "out of memory reading the JSON", 0, 0};
      return;
    }
    err = parser.parse(rewritten.data(), rewritten.size()).get(root);
    lease.note_parse(rewritten.size(), err == simdjson::SUCCESS);
  }
  if (err == simdjson::DEPTH_ERROR) {
    Error e = describe_invalid_json(json, max_depth - 1, simdjson::error_message(err));
    if (e.kind != ErrorKind::Security)
      e = Error{ErrorKind::Security,
                "limit max_indent_depth exceeded: the JSON nests more than " + std::to_string(max_depth) +
                    " levels deep; raise max_indent_depth in the limits if this input is trusted",
                0, 0};
    out = std::move(e);
    return;
  }
  if (err) {
    out = describe_invalid_json(json, max_depth, simdjson::error_message(err));
    return;
  }
  convert_root(json, root, opt, out);
}

}  // namespace

// The conversion once the JSON is a DOM: `json` is its text, for error
// places (empty when the values came as a tape: then errors name the path).
void convert_root(std::string_view json, simdjson::dom::element root, const FromJsonOptions &opt,
                  Result<Document> &out) {
  const Limits &lim = opt.limits;
  simdjson::dom::object obj;
  if (root.get(obj) != simdjson::SUCCESS) {
    const char *what = root.type() == simdjson::dom::element_type::ARRAY ? "an array" : "a single value";
    out = Error{ErrorKind::Conversion,
                std::string("$: the JSON is ") + what +
                    ", but a HEDL document is an object at the root; wrap it, as in {\"items\": ...}",
                1, 1};
    return;
  }
  Converter conv(obj, opt);
  if (!conv.analyze()) {
    out = at_path(json, conv.error(), conv.error_path());
    return;
  }
  TextBuffer text;
  text.reserve(json.size() / 5 * 3 + 4096);  // HEDL is usually 40-60% of its JSON; more grows it
  if (!conv.write(text)) {
    out = at_path(json, conv.error(), conv.error_path());
    return;
  }
  ParseOptions po;
  po.limits = lim;
  po.strict_refs = opt.strict_refs;
  // The Document adopts the text as its input copy, saving parse()'s copy.
  text.shrink_to_fit();
  const std::size_t size = text.size, block = text.block_size();
  out = parse_adopting(text.release(), size, block, po);
  if (!out.ok()) {
    out = map_parse_error(json, conv, out.error());
    return;
  }
  if (conv.any_blocks()) {
    // Several child types: the text is valid but its blocks are all
    // expanded; the canonical 2.0 form (the JSON's key order kept) decides
    // which are inline.
    CanonicalOptions co;
    co.sort_keys = false;
    Result<std::string> canonical = canonicalize(out.value(), co);
    if (!canonical.ok()) {
      out = canonical.error();
      return;
    }
    out = parse(canonical.value(), po);
  }
}

}  // namespace detail::fj

Result<Document> from_json(std::string_view json, const FromJsonOptions &options) {
  Result<Document> doc = Error{};
  detail::fj::convert(json, options, doc);
  return doc;
}

Result<std::string> json_to_hedl(std::string_view json, const FromJsonOptions &options) {
  Result<Document> doc = Error{};
  detail::fj::convert(json, options, doc);
  if (!doc.ok()) return doc.error();
  return std::string(doc.value().source());
}

}  // namespace hedl
