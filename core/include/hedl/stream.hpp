// Streaming: a push parser that takes HEDL text in chunks of any size, split
// anywhere, and reports it as events, with memory bounded by the largest
// group of lines it must see at once (a top-level row with its child rows,
// a block string) instead of by the input. Both 1.0 and 2.0 documents.
//
// It gives the same data and the same errors (kind and line) as parse():
// internally it cuts the body at lines where nothing before them can change
// what they mean, and parses each piece with the whole-document parser under
// the header and the enclosing key lines, so every rule of the format is the
// parser's own. What spans pieces is checked here: duplicate keys in objects
// that stay open, duplicate IDs, the document-wide limits, and references
// (reported as written; in strict mode a reference that never resolves is a
// ReferenceError at the end, at the line of the first one).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl {

enum class StreamEventKind : std::uint8_t {
  Header,       ///< once, before the body: `header` holds the directives (an empty body)
  ObjectStart,  ///< `key:` opening an object, at `depth` (0: a key of the root)
  ObjectEnd,    ///< its end (`key` and `depth` as at the start)
  Scalar,       ///< `key: value`: `value`
  ListStart,    ///< `key: @Type`: `schema`
  Row,          ///< a row of the list (or a %NEST child row): `row`, `schema`, `parent_*`, `row_depth`
  ListEnd,      ///< the list's end: `count` rows of its own (child rows not counted)
  End,          ///< the document ended without error
};

struct StreamEvent {
  StreamEventKind kind = StreamEventKind::End;
  std::string_view key;  ///< ObjectStart/End, Scalar, ListStart/End, Row (the list's key)
  std::uint32_t depth = 0;
  std::uint32_t line = 0;  ///< 1-based line in the input
  const Value *value = nullptr;
  const Schema *schema = nullptr;  ///< the list's type; for a Row, the row's type
  /// A Row: its cells (schema->columns.size() of them, the ID first) and its
  /// child lists (row->children), valid during the callback only.
  const Row *row = nullptr;
  std::string_view parent_type;  ///< a child row: its parent row's type and ID
  std::string_view parent_id;
  std::uint32_t row_depth = 0;  ///< 0 for a list's own rows, +1 per %NEST level
  std::uint64_t count = 0;      ///< ListEnd
  const Document *header = nullptr;
};

struct StreamOptions {
  ParseOptions parse;
  /// The size in bytes of the pieces the body is cut into (the memory bound
  /// when rows are small; a piece grows past it only to keep a row with its
  /// children, or a block string, whole).
  std::size_t piece_bytes = 256 * 1024;
};

class StreamParser {
 public:
  /// Called for each event; what it points to is valid during the call only.
  using Sink = std::function<void(const StreamEvent &)>;

  explicit StreamParser(Sink sink, const StreamOptions &options = {});
  ~StreamParser();
  StreamParser(StreamParser &&) noexcept;
  StreamParser &operator=(StreamParser &&) noexcept;

  /// Takes the next chunk (any size, split anywhere) and reports the events
  /// it completes; nullopt while all is well. After an error every call
  /// returns that error.
  std::optional<Error> feed(std::string_view chunk);
  /// Ends the input: reports the rest, the ends and End, or the error.
  std::optional<Error> finish();

  /// Bytes held now: buffered text, the piece being parsed, the ID set.
  std::size_t memory_usage() const noexcept;
  /// Bytes the ID set uses, and how many IDs it holds.
  std::size_t id_set_bytes() const noexcept;
  std::size_t id_count() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Turns a stream's events into JSON text as they come: the whole document
/// as to_json() writes it (compact), byte for byte, or the rows alone, each
/// followed by a separator (JSON Lines with "\n"). Rows: those of every list
/// (row_depth 0, their %NEST children inside them), or with `type` set, every
/// row of that type at any depth.
class StreamJsonWriter {
 public:
  enum class Mode : std::uint8_t { Document, Rows };
  explicit StreamJsonWriter(Mode mode = Mode::Document, std::string_view type = {}, std::string_view separator = "\n");
  /// Appends what `event` adds to the text to `out`.
  void add(const StreamEvent &event, std::string &out);
  /// Rows written so far (Rows mode).
  std::uint64_t rows() const noexcept { return rows_; }

 private:
  Mode mode_;
  std::string type_, separator_;
  std::uint64_t rows_ = 0;
  std::string first_;  // Document mode: per open bracket, 1 while nothing is written in it
};

/// Parses `text` through a StreamParser in chunks of `chunk` bytes: a
/// convenience for tests and tools.
std::optional<Error> parse_stream(std::string_view text, std::size_t chunk, const StreamParser::Sink &sink,
                                  const StreamOptions &options = {});

}  // namespace hedl
