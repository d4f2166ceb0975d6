// The HEDL parser: one object per parse, driving the stages in
// preprocess.cpp, header.cpp, body.cpp, rows.cpp and references.cpp.
#pragma once

#include <string>
#include <vector>

#include "model/document_data.hpp"
#include "parser/scalars.hpp"
#include "util/chars.hpp"

namespace hedl::detail {

class Parser {
 public:
  Parser(DocumentData &doc, const ParseOptions &options) : doc_(doc), opt_(options), lim_(options.limits) {}

  /// Runs every stage over doc_.input. Returns false with error() set.
  bool run();
  Error &error() { return err_; }

 private:
  // ---- frames of the context stack (§11.3) ----
  enum class FrameKind : std::uint8_t { Root, Object, List };
  struct Frame {
    FrameKind kind;
    int indent;                        // Object: its start line's indent; Root: -1
    int row_indent;                    // List: the indent of its rows
    Object *object;                    // Root/Object
    MatrixList *list;                  // List
    Row *last_row;                     // List: previous row (ditto, children)
    std::size_t nest_depth;            // List: 0 for a key's list, +1 per %NEST level
    IdIndex<Row> *registry;            // List: its type's IDs, looked up on the first row
    Row *parent_row = nullptr;         // a child list: the row it attaches to
    bool multi = false;                // a child list whose parent type has several child types
    std::int32_t block_expected = -1;  // an expanded `@Type#N:` block: N (else -1)
    std::uint32_t block_rows = 0;      // rows the block has read
    std::uint32_t block_line = 0;      // its declaration line
    int decl_indent = 0;               // its declaration's indent
  };

  // A raw CSV field before inference.
  struct Field {
    const char *p;
    std::uint32_t len;
    bool quoted;
    bool escaped;  // quoted with escapes: needs unescaping
  };

  struct PendingId {
    IdIndex<Row> *registry;
    const Schema *schema;
    const Row *row;
    std::uint32_t hash;
    std::uint32_t column;
  };

  // ---- line cursor ----
  bool next_line();  // loads cur_/cur_end_/line_no_; false at end of input
  const char *pos_ = nullptr;
  const char *end_ = nullptr;
  const char *cur_ = nullptr;      // current line start
  const char *cur_end_ = nullptr;  // current line end (no CR/LF)
  std::uint32_t line_no_ = 0;

  // ---- errors ----
  bool fail(ErrorKind kind, std::uint32_t line, std::uint32_t col, std::string msg);
  bool fail_at(ErrorKind kind, const char *at, std::string msg);  // on the current line
  bool fail_limit(const char *name, std::size_t value, std::uint32_t line, std::string what);

  // ---- stages ----
  bool preprocess(const char *&begin);
  bool parse_header();
  bool parse_directive(std::string_view line);
  bool finish_header();
  bool parse_null_or_quote(std::string_view payload, const char *at, bool is_null);
  bool parse_mode(std::string_view payload, const char *at);
  bool parse_prompt(std::string_view payload, const char *at);
  bool parse_count(std::string_view payload, const char *at);
  bool parse_version(std::string_view payload, const char *at);
  bool parse_struct(std::string_view payload, const char *at);
  bool parse_alias(std::string_view payload, const char *at);
  bool parse_nest(std::string_view payload, const char *at);
  /// A schema in the arena with these columns, at the current line; nullptr when out of memory.
  Schema *make_schema(std::string_view type, const std::vector<std::string_view> &cols, bool declared);
  bool parse_columns(std::string_view list, const char *at, std::vector<std::string_view> &cols);
  bool parse_body();
  bool parse_statement(int indent, const char *p);
  // A key line, as parse_statement read it.
  struct Statement {
    int indent;
    const char *key_at;
    std::string_view key;
    Object *object;  // the object the key belongs to
    std::int32_t hint;
    const char *hint_at;
  };
  [[gnu::cold, gnu::noinline]] bool fail_key(const char *p, const char *k, std::string_view key);
  bool parse_count_hint(const char *&k, std::int32_t &hint);
  bool start_object(const Statement &st);
  bool start_list(const Statement &st, std::string_view type, std::string_view rest);
  bool parse_row(int indent, const char *p);
  // Off the per-row path: kept out of parse_row so its hot loop stays small.
  [[gnu::noinline]] bool enter_child_list(int indent, const char *p);
  [[gnu::noinline]] bool parse_row_hint(const char *&q, std::int32_t &hint);
  [[gnu::cold, gnu::noinline]] bool fail_shape(const char *p, const Schema *schema);
  [[gnu::noinline]] IdIndex<Row> *registry_for(Frame &fr);
  bool split_row(const char *p, const char *e);
  /// Builds a row from fields_ into fr's list (shape checked by the caller).
  bool build_row(Frame &fr, const char *p, std::int32_t hint);
  /// A row under a parent type with several child types: picks its list.
  bool choose_child_list(Frame &fr);
  MatrixList *child_list_of(Row *parent_row, const Schema *type, const char *p);
  /// `@Type#N:` child blocks (HEDL 1.1+).
  bool parse_block(int indent, const char *p);
  bool check_block_count(const Frame &fr);
  bool parse_list(std::string_view s, const char *at, bool in_cell, const Schema *ctx, Value &out);
  /// split_row for a row of plain cells; false (fields_ partly filled) when
  /// the row needs the general path.
  bool split_plain_row(const char *q, const char *e);
  bool infer_cell(const Field &f, std::size_t col, const Frame &fr, Value &out);
  bool infer_id(const Field &f, Value &out);
  bool parse_kv_value(std::string_view v, int indent, Value &out);
  bool parse_block_string(const char *after_quotes, int indent, Value &out);
  bool parse_unquoted(std::string_view s, const char *at, bool in_cell, const Schema *ctx, Value &out);
  bool expand_alias(std::string_view s, const char *at, Value &out);
  bool parse_reference(std::string_view s, const char *at, const Schema *ctx, Value &out);
  bool add_item(Object *obj, std::string_view key, const char *key_at, Item *&out);
  bool pop_frame();  // finalizes an Object/Root frame's items into the arena
  bool count_node();
  bool queue_id(const PendingId &p);
  bool insert_id(const PendingId &p);
  bool flush_ids();
  bool resolve_references();
  // A reference waiting in resolve_references' batch.
  struct PendingRef {
    Value *cell;
    const Schema *ctx;
    std::uint32_t line;
    std::uint32_t hash;
    IdIndex<Row> *index;
    const Row *candidate;
  };
  bool resolve_batch(PendingRef *batch, std::size_t n);
  bool resolve_one(Value &cell, const Schema *ctx, std::uint32_t line);

  std::string_view unescape_cell(const Field &f);
  std::string_view unescape_kv(std::string_view inner);

  DocumentData &doc_;
  const ParseOptions &opt_;
  const Limits &lim_;
  Error err_;

  // header state
  bool version_seen_ = false;
  bool ext_ = false;  // version 1.1 or later: lists, blocks, 1-space indentation, the 1.1+ directives
  bool v2_ = false;   // version 2.x: no ditto, no |[N], %NULL and %QUOTE required
  int spl_ = 2;       // spaces per indentation level
  bool null_seen_ = false, quote_seen_ = false, mode_seen_ = false;
  std::vector<Value> list_scratch_;
  std::uint32_t early_directive_line_ = 0;  // first directive seen before %VERSION

  // body state
  std::vector<Frame> stack_;
  // Items of the open objects, one level per stack position: copied into the
  // arena at their exact size when the object closes.
  struct Scratch {
    std::vector<Item> items;
    StringMap<std::uint32_t> index;  // key -> position + 1, for objects past 16 keys
  };
  std::vector<Scratch> scratch_;
  std::vector<Field> fields_;
  std::vector<double> tensor_scratch_;
  StringMap<IdIndex<Row> *> registries_;                                                    // type name -> its IDs
  std::vector<std::pair<std::string_view, std::unique_ptr<IdIndex<Row>>>> registry_store_;  // in first-seen order
  static constexpr std::size_t kPendingIds = 16;
  PendingId pending_ids_[kPendingIds];
  std::size_t pending_head_ = 0, pending_count_ = 0;
  bool has_refs_ = false;
  std::size_t nodes_ = 0;
  std::size_t total_keys_ = 0;
};

}  // namespace hedl::detail
