// The stream parser (hedl/stream.hpp) against the whole-document parser.
//
// For every conformance case of both corpora, and documents from random
// JSON: parse() and a stream give the same verdict (kind and line of the
// error), a valid document's events hold every row and item parse() has,
// and the events do not depend on how the input is chunked (1 byte, primes,
// whole) or cut into pieces (every possible cut, small pieces, one piece).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "hedl/from_json.hpp"
#include "hedl/json.hpp"
#include "hedl/parse.hpp"
#include "hedl/stream.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void put_value(std::string &out, const hedl::Value &v) {
  using K = hedl::ValueKind;
  switch (v.kind()) {
    case K::Null: out += "~"; break;
    case K::Bool: out += v.as_bool() ? "T" : "F"; break;
    case K::Int: out += "i" + std::to_string(v.as_int()); break;
    case K::Float: {
      char b[40];
      std::snprintf(b, sizeof b, "f%.17g", v.as_float());
      out += b;
      break;
    }
    case K::String: out += "s" + std::to_string(v.as_string().size()) + ":" + std::string(v.as_string()); break;
    case K::Reference: out += "@" + std::string(v.reference_text()); break;
    case K::Expression: out += "$" + std::string(v.as_string()); break;
    case K::Tensor: {
      hedl::Tensor t = v.as_tensor();
      out += "t[";
      for (auto d : t.shape) out += std::to_string(d) + ",";
      out += "]";
      for (double d : t.data) {
        char b[40];
        std::snprintf(b, sizeof b, "%.17g,", d);
        out += b;
      }
      break;
    }
    case K::List:
      out += "(";
      for (const hedl::Value &e : v.as_list()) {
        put_value(out, e);
        out += ",";
      }
      out += ")";
      break;
  }
}

struct Run {
  std::string events;  // one line per event
  bool ok = true;
  hedl::Error error;
  std::size_t rows = 0, items = 0;
};

Run stream(const std::string &text, std::size_t chunk, std::size_t piece, bool strict = true) {
  Run run;
  hedl::StreamOptions o;
  o.piece_bytes = piece;
  o.parse.strict_refs = strict;
  auto sink = [&](const hedl::StreamEvent &e) {
    std::string &s = run.events;
    s += std::to_string(static_cast<int>(e.kind)) + "|" + std::string(e.key) + "|" + std::to_string(e.depth) + "|" +
         std::to_string(e.line) + "|";
    switch (e.kind) {
      case hedl::StreamEventKind::Scalar:
        put_value(s, *e.value);
        ++run.items;
        break;
      case hedl::StreamEventKind::ObjectStart: ++run.items; break;
      case hedl::StreamEventKind::ListStart:
        s += std::string(e.schema->type_name);
        ++run.items;
        break;
      case hedl::StreamEventKind::ListEnd: s += std::to_string(e.count); break;
      case hedl::StreamEventKind::Row: {
        ++run.rows;
        s += std::string(e.schema->type_name) + "<" + std::string(e.parent_type) + ":" + std::string(e.parent_id) +
             ">" + std::to_string(e.row_depth) + ":";
        for (const hedl::Value &c : e.row->cells(e.schema->columns.size())) {
          put_value(s, c);
          s += ";";
        }
        break;
      }
      case hedl::StreamEventKind::Header:
        s += std::to_string(e.header->version_major()) + "." + std::to_string(e.header->version_minor()) + " " +
             std::to_string(e.header->schemas().size());
        break;
      default: break;
    }
    s += "\n";
  };
  auto err = hedl::parse_stream(text, chunk, sink, o);
  if (err) {
    run.ok = false;
    run.error = *err;
  }
  return run;
}

// Rows and items of a parsed document (what the events must hold).
void count(const hedl::Object &obj, std::size_t &items, std::size_t &rows);
void count_rows(const hedl::Row &r, std::size_t &rows) {
  ++rows;
  for (const hedl::MatrixList *c = r.children; c; c = c->next_sibling)
    for (const hedl::Row &k : c->rows()) count_rows(k, rows);
}
void count(const hedl::Object &obj, std::size_t &items, std::size_t &rows) {
  for (const hedl::Item &it : obj.entries()) {
    ++items;
    if (it.kind() == hedl::ItemKind::Object) count(*it.object(), items, rows);
    if (it.kind() == hedl::ItemKind::List)
      for (const hedl::Row &r : it.list()->rows()) count_rows(r, rows);
  }
}

// The JSON of a stream, made from its events by StreamJsonWriter: it must be
// to_json's text, byte for byte. `rows`: the Rows mode instead (JSON Lines).
std::string json_of_stream(const std::string &text, std::size_t chunk, std::size_t piece, bool strict,
                           bool rows = false) {
  std::string out;
  hedl::StreamJsonWriter w(rows ? hedl::StreamJsonWriter::Mode::Rows : hedl::StreamJsonWriter::Mode::Document);
  hedl::StreamOptions o;
  o.piece_bytes = piece;
  o.parse.strict_refs = strict;
  auto err = hedl::parse_stream(
      text, chunk, [&](const hedl::StreamEvent &e) { w.add(e, out); }, o);
  return err ? "error" : out;
}

// The rows of every list of `obj` (depth first, as in the text), a JSON Lines text.
void rows_of(const hedl::Object &obj, std::string &out) {
  for (const hedl::Item &it : obj.entries()) {
    if (it.kind() == hedl::ItemKind::Object) rows_of(*it.object(), out);
    if (it.kind() != hedl::ItemKind::List) continue;
    for (const hedl::Row &r : it.list()->rows()) {
      hedl::row_to_json(r, *it.list()->schema, {}, out);
      out += '\n';
    }
  }
}

// Checks one document: the whole parse's verdict, and the same events for
// every chunking and cutting.
void check(const std::string &name, const std::string &text, bool strict = true) {
  INFO(name);
  hedl::ParseOptions po;
  po.strict_refs = strict;
  auto whole = hedl::parse(text, po);
  Run one = stream(text, 0, std::size_t(-1), strict);
  REQUIRE(one.ok == whole.ok());
  if (!whole.ok()) {
    CHECK(one.error.kind == whole.error().kind);
    CHECK(one.error.line == whole.error().line);
  } else {
    std::size_t items = 0, rows = 0;
    count(whole.value().root(), items, rows);
    CHECK(one.items == items);
    CHECK(one.rows == rows);
    const std::string want = hedl::to_json(whole.value());
    CHECK(json_of_stream(text, 0, std::size_t(-1), strict) == want);
    CHECK(json_of_stream(text, 7, 0, strict) == want);
    std::string lines;
    rows_of(whole.value().root(), lines);
    CHECK(json_of_stream(text, 5, 0, strict, true) == lines);
  }
  for (std::size_t piece : {std::size_t(0), std::size_t(40), std::size_t(300)}) {
    for (std::size_t chunk : {std::size_t(1), std::size_t(7), std::size_t(61), std::size_t(0)}) {
      INFO("piece " << piece << " chunk " << chunk);
      Run r = stream(text, chunk, piece, strict);
      REQUIRE(r.ok == one.ok);
      if (!r.ok) {
        CHECK(r.error.kind == one.error.kind);
        CHECK(r.error.line == one.error.line);
        CHECK(r.error.message == one.error.message);
      } else {
        CHECK(r.events == one.events);
      }
    }
  }
}

std::vector<fs::path> cases(const char *dir) {
  std::vector<fs::path> out;
  for (const auto &e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".hedl") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("stream: every conformance case as parse() reads it, however it is chunked and cut", "[stream]") {
  std::size_t n = 0;
  for (const char *dir : {HEDL_CONFORMANCE_DIR, HEDL_CONFORMANCE_DIR_2})
    for (const fs::path &p : cases(dir)) {
      check(p.string(), read_bytes(p));
      ++n;
    }
  CHECK(n > 400);
}

TEST_CASE("stream: lenient references", "[stream]") {
  check("lenient", "%VERSION: 1.0\n%STRUCT: A: [id, r]\n---\na: @A\n  |x, @nope\n  |y, @x\n", false);
  check("strict", "%VERSION: 1.0\n%STRUCT: A: [id, r]\n---\na: @A\n  |x, @nope\n  |y, @x\n", true);
}

TEST_CASE("stream: cuts across pieces keep duplicates, references and ditto", "[stream]") {
  const std::string h = "%VERSION: 1.0\n%STRUCT: U: [id, name, ref]\n%STRUCT: V: [id]\n---\n";
  // A row group per line: many cuts.
  std::string rows;
  for (int i = 0; i < 50; ++i) rows += "  |u" + std::to_string(i) + ", n" + std::to_string(i % 3) + ", @u0\n";
  check("rows", h + "users: @U\n" + rows);
  check("ditto", h + "users: @U\n  |a, x, @a\n  |b, ^, ^\n  |c, ^, @b\n  |d, y, @c\n  |e, ^, ^\n");
  check("forward refs", h + "users: @U\n" + rows + "  |late, x, @u49\nv: @V\n  |w\nr: @V:w\nq: @w\n");
  check("unresolved at the end", h + "users: @U\n" + rows + "  |z, x, @nobody\n");
  check("duplicate ID across pieces", h + "users: @U\n" + rows + "  |u3, again, @u0\n");
  check("duplicate key across pieces", h + "a: 1\nusers: @U\n" + rows + "a: 2\n");
  check("duplicate key in a nested object", h + "o:\n  a: 1\n  users: @U\n" + rows + "  a: 2\n");
  check("ambiguous KV reference", h + "users: @U\n  |w, x, @w\nv: @V\n  |w\nq: @w\n");
  check("nested lists", h + "o:\n  p:\n    users: @U\n  " + rows.substr(0, 200) + "  k: 1\nz: 2\n");
  check("block string", h + "t: \"\"\"\n  users: @U\n  |x\n  \"\"\"\nusers: @U\n" + rows);
  check("error after cuts", h + "users: @U\n" + rows + "  |bad, \"unclosed\n");
  check("syntax error after a duplicate", h + "users: @U\n" + rows + "  |u1, x, @u0\n  |q, \"open\n");
  const std::string nest =
      "%VERSION: 1.0\n%STRUCT: P: [id, n]\n%STRUCT: C: [id, v]\n%NEST: P > C\n---\nps: @P\n  |p1, a\n    |c1, 1\n    "
      "|c2, 2\n  |p2, b\n    |c3, 3\n  |p3, c\n  |p4, d\n    |c4, @c1\n";
  check("nest", nest);
  const std::string v2 =
      "%V:2.0\n%NULL:~\n%QUOTE:\"\n%S:U:[id,tags,ref]\n---\nusers:@U\n |a,(x, y),@b\n |b,(),@a\n "
      "|c,(@a, 1),~\nk: (1, 2)\n";
  check("2.0", v2);
}

TEST_CASE("stream: limits count the whole document", "[stream]") {
  std::string doc = "%VERSION: 1.0\n%STRUCT: U: [id, v]\n---\nusers: @U\n";
  for (int i = 0; i < 100; ++i) doc += "  |u" + std::to_string(i) + ", " + std::to_string(i) + "\n";
  for (std::size_t nodes : {99, 100, 101}) {
    INFO(nodes);
    hedl::ParseOptions po;
    po.limits.max_nodes = nodes;
    auto whole = hedl::parse(doc, po);
    hedl::StreamOptions so;
    so.parse = po;
    so.piece_bytes = 0;
    auto err = hedl::parse_stream(
        doc, 5, [](const hedl::StreamEvent &) {}, so);
    REQUIRE(whole.ok() == !err);
    if (err) {
      CHECK(err->kind == whole.error().kind);
      CHECK(err->line == whole.error().line);
      CHECK(err->message == whole.error().message);
    }
  }
}

TEST_CASE("stream: documents from random JSON, both versions", "[stream]") {
  std::mt19937 rng(7);
  for (int n = 0; n < 60; ++n) {
    std::string json = "{\"items\": [";
    int rows = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < rows; ++i) {
      if (i) json += ",";
      json += "{\"id\": \"r" + std::to_string(i) + "\", \"n\": " + std::to_string(rng() % 5) + ", \"s\": \"" +
              std::string(1 + rng() % 4, static_cast<char>('a' + rng() % 3)) + "\", \"kids\": [";
      int kids = 1 + static_cast<int>(rng() % 2);  // 1.0 has no empty child lists
      for (int k = 0; k < kids; ++k)
        json += std::string(k ? "," : "") + "{\"id\": \"k" + std::to_string(i) + "_" + std::to_string(k) + "\"}";
      json += "]}";
    }
    json += "], \"meta\": {\"a\": 1, \"b\": [1, 2]}}";
    for (auto version : {hedl::FromJsonOptions::Version::V1_0, hedl::FromJsonOptions::Version::V2_0}) {
      hedl::FromJsonOptions fo;
      fo.version = version;
      auto text = hedl::json_to_hedl(json, fo);
      INFO(json << " " << text.error().message);
      REQUIRE(text.ok());
      check("random " + std::to_string(n), text.value());
    }
  }
}

TEST_CASE("stream: a line longer than max_line_length fails before the rest of it arrives", "[stream]") {
  hedl::StreamOptions so;
  so.parse.limits.max_line_length = 100;
  std::size_t events = 0;
  hedl::StreamParser sp([&](const hedl::StreamEvent &) { ++events; }, so);
  REQUIRE(!sp.feed("%VERSION: 1.0\n---\na: 1\nb: "));
  std::optional<hedl::Error> err;
  for (int i = 0; i < 1000 && !err; ++i) err = sp.feed(std::string(10, 'x'));
  REQUIRE(err);
  CHECK(err->kind == hedl::ErrorKind::Security);
  CHECK(err->line == 4);
  CHECK(sp.memory_usage() < 10000);  // it stopped buffering
  // The whole parser says the same of the whole line.
  auto whole = hedl::parse("%VERSION: 1.0\n---\na: 1\nb: " + std::string(5000, 'x') + "\n", so.parse);
  REQUIRE(!whole.ok());
  CHECK(whole.error().kind == err->kind);
  CHECK(whole.error().line == err->line);
  // After an error, every call returns it.
  CHECK(sp.feed("more")->line == 4);
  CHECK(sp.finish()->line == 4);
}

TEST_CASE("stream: StreamJsonWriter's rows of one type, %NEST children included", "[stream]") {
  const std::string text =
      "%VERSION: 1.0\n%STRUCT: P: [id, n]\n%STRUCT: C: [id, v]\n%NEST: P > C\n---\n"
      "ps: @P\n  |p1, a\n    |c1, 1\n    |c2, 2\n  |p2, b\n    |c3, 3\nmore:\n  cs: @C\n    |c4, 4\n";
  auto rows = [&](std::string_view type, std::size_t piece) {
    std::string out;
    hedl::StreamJsonWriter w(hedl::StreamJsonWriter::Mode::Rows, type, ",");
    hedl::StreamOptions o;
    o.piece_bytes = piece;
    CHECK_FALSE(hedl::parse_stream(
        text, 3, [&](const hedl::StreamEvent &e) { w.add(e, out); }, o));
    return std::to_string(w.rows()) + " " + out;
  };
  for (std::size_t piece : {std::size_t(0), std::size_t(1) << 20}) {
    CHECK(rows("C", piece) == R"(4 {"id":"c1","v":1},{"id":"c2","v":2},{"id":"c3","v":3},{"id":"c4","v":4},)");
    CHECK(
        rows("P", piece) ==
        R"(2 {"id":"p1","n":"a","C":[{"id":"c1","v":1},{"id":"c2","v":2}]},{"id":"p2","n":"b","C":[{"id":"c3","v":3}]},)");
    CHECK(
        rows("", piece) ==
        R"(3 {"id":"p1","n":"a","C":[{"id":"c1","v":1},{"id":"c2","v":2}]},{"id":"p2","n":"b","C":[{"id":"c3","v":3}]},{"id":"c4","v":4},)");
    CHECK(rows("Nope", piece) == "0 ");
  }
}
