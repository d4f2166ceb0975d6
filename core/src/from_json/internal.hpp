// Internals of the JSON -> HEDL converter (from_json*.cpp).
//
// The converter reads the JSON into a simdjson DOM, then makes two passes over
// it with explicit stacks: analyze() gathers the types (columns, ID column,
// %NEST child) and names them; write() emits the HEDL text into one buffer.
// convert.cpp parses that text back, which yields the Document and proves
// the text valid; a parse error is mapped back to a JSON path by writing
// again up to the failing line.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hedl/error.hpp"
#include "hedl/from_json.hpp"
#include "simdjson.h"
#include "util/big_alloc.hpp"
#include "util/hash_map.hpp"
#include "util/simd.hpp"
#include "util/text_writer.hpp"

namespace hedl::detail::fj {

/// One step of a JSON path: an object member (its key and its position among
/// the members) or an array element.
struct PathStep {
  std::string_view key;  ///< members only (unescaped)
  std::uint32_t index = 0;
  bool member = false;
};
using Path = std::vector<PathStep>;

// The simdjson DOM types every pass of the converter reads.
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;
using JsonType = simdjson::dom::element_type;

/// The conversion of a JSON DOM (`root`), after from_json read its text
/// `json` (empty for a tape: errors then name the path, without line and column).
void convert_root(std::string_view json, simdjson::dom::element root, const FromJsonOptions &opt,
                  Result<Document> &out);

/// Returns the path as `$.users[3]["First Name"]`, eliding the middle of very deep paths.
std::string render_path(const PathStep *steps, std::size_t n);
inline std::string render_path(const Path &p) { return render_path(p.data(), p.size()); }

// ---- names (from_json_names.cpp) ------------------------------------------

/// Returns the singular of a lowercase English word ("categories" -> "category").
std::string singular_word(std::string_view word);
/// Returns the type name for a key token: the singular of its last word, in
/// PascalCase ("user_posts" -> "UserPost"). Always a valid type token.
std::string type_name_for_key(std::string_view key);
/// Returns a key token close to `key` ("First Name" -> "first_name"), for advice.
std::string suggest_key(std::string_view key);

// ---- the slow, exact JSON scanner (from_json_scan.cpp) ---------------------

struct JsonPos {
  std::uint32_t line = 0;  ///< 1-based; 0 when unknown
  std::uint32_t column = 0;
};

/// Returns where the value at `path` starts in `json` (0/0 if it is not there).
JsonPos locate(std::string_view json, const Path &path);

/// Explains why simdjson rejected `json`: a ConversionError (or a
/// SecurityError for nesting deeper than `max_depth`) with the JSON line and
/// column. `fallback` is simdjson's own message, used when the scanner finds
/// nothing wrong.
Error describe_invalid_json(std::string_view json, std::size_t max_depth, const char *fallback);

/// Rewrites integer literals beyond 64 bits as floats (`<digits>.0`) when a
/// double holds them exactly. Returns false with `err` set when one does not
/// fit exactly, or when a number is beyond the range of a double.
bool rewrite_big_integers(std::string_view json, std::string &out, Error &err);

// ---- scalars (from_json/scalars.cpp; the spelling rules are writers/spelling.hpp)
// ---------------------------------------

/// True when the DOM string `s` reads back as itself as an unquoted matrix
/// cell (no quoting, no escapes): the spelling write_cell gives it.
bool plain_cell_text(std::string_view s);

// ---- JSON shapes (from_json_analyze.cpp) -----------------------------------

/// The strings and keys of a simdjson DOM live in its string buffer, which
/// simdjson sizes for the worst case plus SIMDJSON_PADDING bytes: at least
/// kPadding bytes after any of them are readable (their values do not
/// matter), so the converter scans, compares and copies them 16 bytes at a time.
constexpr std::size_t kPadding = 16;
static_assert(simdjson::SIMDJSON_PADDING >= kPadding);

/// Returns `e` as a T (object, array, string_view, number, bool); the caller
/// has checked its type, else T{}.
template <class T>
T get_as(simdjson::dom::element e) {
  T v{};
  if (e.get(v) != simdjson::SUCCESS) return T{};
  return v;
}

/// "a number", "an object", "null", ...: what a JSON value is, for messages.
const char *type_word(JsonType t);
/// True for {"@ref": ...} (its first key is "@ref").
bool is_reference_object(simdjson::dom::object o);
/// True for a non-empty array whose first element is an object but not a reference.
bool is_record_list(simdjson::dom::array a);
/// The advice for a JSON key that is not a HEDL key.
std::string key_advice(std::string_view key);

// ---- the simdjson parser (from_json_parser.cpp) ----------------------------

/// The simdjson parser for one conversion: the thread's kept parser (see
/// from_json_parser.cpp), or a fresh one where parsers are not kept.
class ParserLease {
 public:
  ParserLease();
  ParserLease(const ParserLease &) = delete;
  ParserLease &operator=(const ParserLease &) = delete;
  /// Keeps the thread's parser for its next call, or frees it (see kKeepBytes).
  ~ParserLease();

  simdjson::dom::parser &get() noexcept { return kept_ ? *kept_ : own_; }
  /// Makes room for a JSON of `len` bytes nesting up to `max_depth`. False when out of memory.
  bool allocate(std::size_t len, std::size_t max_depth);
  /// Records how much of the parser's buffers parsing `len` bytes wrote
  /// (`parsed`: it succeeded, so the tape is complete).
  void note_parse(std::size_t len, bool parsed);

 private:
  simdjson::dom::parser *kept_;
  simdjson::dom::parser own_;
};

// ---- the converter ---------------------------------------------------------

/// The output buffer: a big_alloc block (huge pages for large texts), never
/// zero-filled (a std::string would clear every byte before it is written),
/// which the Document adopts as its input copy (detail::parse_adopting). Its block
/// has kPadding bytes beyond capacity(), so same_padded can read past any
/// text written.
class TextBuffer {
 public:
  TextBuffer() = default;
  TextBuffer(const TextBuffer &) = delete;
  TextBuffer &operator=(const TextBuffer &) = delete;
  ~TextBuffer() { big_free(data_, block_size()); }

  char *data() noexcept { return data_; }
  std::string_view view() const noexcept { return {data_, size}; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// Makes room for `n` bytes in total. Out of memory is std::bad_alloc, as for a std::string.
  void reserve(std::size_t n);
  /// Moves the text to a block of its size when much of the block is unused
  /// (the Document that adopts it keeps the block for its lifetime).
  void shrink_to_fit();
  /// The size of the block from big_alloc (capacity() plus the padding).
  std::size_t block_size() const noexcept { return data_ ? capacity_ + kPadding : 0; }
  /// Hands the block (block_size() bytes) to the caller and leaves the buffer empty.
  char *release() noexcept {
    char *p = data_;
    data_ = nullptr;
    capacity_ = size = 0;
    return p;
  }

  std::size_t size = 0;  ///< bytes written

 private:
  char *data_ = nullptr;
  std::size_t capacity_ = 0;
};

/// A TextBuffer as the converter's TextWriter store (util/text_writer.hpp):
/// grown by half again, never zero-filled.
struct BufferStore {
  TextBuffer *b = nullptr;
  char *data() noexcept { return b->data(); }
  std::size_t capacity() const noexcept { return b->capacity(); }
  void grow(std::size_t used, std::size_t need) {
    b->size = used;  // the bytes reserve() keeps
    b->reserve(std::max(need, b->capacity() / 2 * 3 + 4096));
  }
};

/// True when the `n` bytes at p and q are equal. Both must be followed by at
/// least kPadding readable bytes (DOM strings, see kPadding; the output
/// buffer, see TextBuffer): most keys and cells are short, and this compares
/// 16 bytes at a time without a library call.
inline bool same_padded(const char *p, const char *q, std::size_t n) {
  if constexpr (!simd::kVectors) return std::memcmp(p, q, n) == 0;
  for (;; n -= 16, p += 16, q += 16) {
    std::uint32_t eq = simd::bits(simd::eq(simd::load(p), simd::load(q)));
    if (n <= 16) return ((eq ^ 0xFFFFu) & ((1u << n) - 1)) == 0;
    if (eq != 0xFFFFu) return false;
  }
}
inline bool same_padded(std::string_view a, std::string_view b) {
  return a.size() == b.size() && same_padded(a.data(), b.data(), a.size());
}

/// One HEDL type: the records of one top-level list, or all %NEST children
/// of one type name.
struct Group {
  std::string name;
  std::string_view key;                        ///< the JSON key of its first list
  bool fixed = false;                          ///< a child type: its name shows in to_json
  std::vector<std::string_view> cols;          ///< columns in first-seen order
  StringMap<std::uint32_t> col_map;            ///< column -> first-seen index + 1
  std::vector<std::uint32_t> str_rows;         ///< per column: records holding a non-empty string
  std::vector<std::uint32_t> stamp;            ///< per column: the record that last set it
  std::vector<std::string_view> child_keys;    ///< keys its records hold child lists under ...
  std::vector<std::uint32_t> child_key_group;  ///< ... and the group of each
  std::vector<std::uint32_t> order;            ///< output column -> first-seen index (ID first)
  std::vector<simdjson::dom::array> lists;     ///< its lists of records, in document order
  std::vector<std::string_view> cache_key;     ///< the previous record's keys ...
  std::vector<std::uint32_t> cache_col;        ///< ... and their columns (most records repeat them)
  std::vector<std::uint32_t> children;         ///< groups of its %NEST children, first seen first (1.0: at most one)
  bool in_order = true;                        ///< every record's k-th field (child lists aside) is column k
  std::int64_t id_index = -1;                  ///< first-seen index of the column "id", if any
  std::uint32_t nrows = 0;
  std::uint32_t id_col = 0;  ///< first-seen index of the ID column
  Path first_path;           ///< its first list
  Path id_note_path;         ///< the first record without a usable "id" ...
  std::string id_note;       ///< ... and what is wrong with it

  /// Returns the first-seen index of column `key` (the i-th key of a record), or -1.
  std::int64_t column_of(std::string_view k, std::size_t i) {
    if (i < cache_key.size() && same_padded(cache_key[i], k)) return cache_col[i];
    std::uint32_t v = col_map.find(k);
    if (!v) return -1;
    if (i < cache_key.size()) {
      cache_key[i] = k;
      cache_col[i] = v - 1;
    } else if (i == cache_key.size()) {
      cache_key.push_back(k);
      cache_col.push_back(v - 1);
    }
    return v - 1;
  }
};

class Converter : TextWriter<BufferStore> {
 public:
  Converter(simdjson::dom::object root, const FromJsonOptions &options)
      : TextWriter(BufferStore{}),
        root_(root),
        opt_(options),
        v2_(options.version == FromJsonOptions::Version::V2_0),
        spl_(v2_ ? 1 : 2) {}

  /// Pass 1: types, columns, ID columns, names. False with error() set.
  bool analyze();
  /// Pass 2: the HEDL text into `out` (from its start). False with error() set.
  /// With stop_line > 0 it stops once body line `stop_line` is written and
  /// stores that line's JSON path in `stopped_at`.
  bool write(TextBuffer &out, std::uint32_t stop_line = 0);

  Error &error() { return err_; }
  /// The JSON path of error().
  const Path &error_path() const { return err_path_; }
  /// The number of header lines write() emits before the body.
  std::uint32_t header_lines() const { return header_lines_; }
  const Path &stopped_at() const { return stopped_at_; }
  /// Some child lists are `@Type#N:` blocks (written expanded: the text is
  /// valid 2.0, and its canonical form makes short blocks inline).
  bool any_blocks() const {
    for (const Group &g : groups_)
      if (uses_blocks(g)) return true;
    return false;
  }
  bool stopped() const { return stopped_; }

 private:
  struct Frame {
    bool list;
    simdjson::dom::object::iterator it, end;   // object members
    simdjson::dom::array::iterator ait, aend;  // list records
    std::uint32_t index;                       // current member / record
    std::uint32_t group;                       // list: its group
    std::uint32_t indent;                      // object: its keys' indent; list: its rows' indent
    std::uint32_t nest;                        // list: %NEST depth (0 for a key's list)
    std::size_t path_len;                      // path_ size while this frame's steps are at the back
    std::size_t ditto_base;                    // list: its slots in ditto_
    bool any_row;                              // list: a row was written (ditto has a row above)
    // list: the child lists of its last record still to walk, pending_[pend_next, pend_end)
    std::uint32_t pend_start, pend_next, pend_end;
  };
  /// A record's list of child records, walked after the record (before the next one).
  struct Pending {
    simdjson::dom::array list;
    std::string_view key;
    std::uint32_t member;  ///< its position among the record's members
    std::uint32_t group;
  };

  /// The walk both passes share: the JSON's objects and lists of records
  /// depth first, with an explicit stack (depth never touches the call
  /// stack) and path_ kept at the current step. Calls on_record(frame index,
  /// element) for each record of a list, on_member(frame index, key, value)
  /// for each member of an object (either may push frames), on_child(frame
  /// index, pending) for each child list on_record left in pending_ (see
  /// add_pending), and on_pop(frame) as a frame ends. Returns false as soon as
  /// a callback does; stops early, returning true, once stopped_ is set.
  template <class OnRecord, class OnMember, class OnChild, class OnPop>
  bool walk(OnRecord &&on_record, OnMember &&on_member, OnChild &&on_child, OnPop &&on_pop) {
    stack_.clear();
    path_.clear();
    pending_.clear();
    path_.push_back(PathStep{});
    push_object(0, root_, 0);
    while (!stack_.empty() && !stopped_) {
      Frame &f = stack_.back();
      if (f.list && f.pend_next < f.pend_end) {
        // The last record's child lists, in order, before the next record.
        Pending p = pending_[f.pend_next++];
        if (f.pend_next == f.pend_end) {
          pending_.resize(f.pend_start);  // everything above was walked
          f.pend_next = f.pend_end = f.pend_start;
        }
        if (!on_child(stack_.size() - 1, p)) return false;
        continue;
      }
      if (f.list ? f.ait == f.aend : f.it == f.end) {
        on_pop(static_cast<const Frame &>(f));
        path_.resize(f.path_len);
        stack_.pop_back();
        continue;
      }
      if (f.list) {
        simdjson::dom::element e = *f.ait;
        ++f.ait;
        set_step(f.index++);
        if (!on_record(stack_.size() - 1, e)) return false;
        continue;
      }
      std::string_view key = f.it.key();
      simdjson::dom::element v = f.it.value();
      ++f.it;
      set_step(key, f.index++);
      if (!on_member(stack_.size() - 1, key, v)) return false;
    }
    return true;
  }

  // pass 1
  bool analyze_record(std::size_t fi, simdjson::dom::element e, std::uint32_t serial);
  // Kept out of analyze_record's loop: each runs at most once per list type (or on error).
  [[gnu::cold, gnu::noinline]] bool fail_not_record(simdjson::dom::element e);
  [[gnu::cold, gnu::noinline]] void note_bad_id(Group &g, std::size_t rec_depth, const char *value);
  /// The child list a record holds, if any (analyze_record).
  struct ChildList {
    std::string_view key;
    std::uint32_t member = 0;
    std::string name;  ///< its type name
    simdjson::dom::array list;
    bool present = false;
  };
  bool take_child_list(Group &g, std::string_view key, std::uint32_t member, simdjson::dom::array a,
                       std::vector<ChildList> &children);
  std::int64_t new_column(Group &g, std::string_view key);
  bool enter_child_list(Group &g, std::uint32_t level, std::uint32_t nest, ChildList &child, std::uint32_t &cg);
  /// Starts frame `fi`'s pending child lists (for its record being read):
  /// add_pending appends them, walk() walks them after the record.
  void begin_pending(std::size_t fi) {
    Frame &f = stack_[fi];
    f.pend_start = f.pend_next = f.pend_end = static_cast<std::uint32_t>(pending_.size());
  }
  void add_pending(std::size_t fi, const Pending &p) {
    pending_.push_back(p);
    stack_[fi].pend_end = static_cast<std::uint32_t>(pending_.size());
  }
  /// Pushes the frame of child list `p` of frame `fi`'s last record.
  void push_child_list(std::size_t fi, const Pending &p);
  /// The parent type's child lists are `@Type#N:` blocks (2.0, several child types).
  bool uses_blocks(const Group &g) const { return v2_ && g.children.size() > 1; }
  bool finish_groups();
  bool choose_id(Group &g);
  std::uint32_t new_group(std::string name, std::string_view key, bool fixed);
  void note_reference(simdjson::dom::object o);

  // pass 2
  struct RowChild {  // a record's lists of child records go to pending_
    Converter *conv;
    std::size_t frame;
    /// Takes the member at `it` (an array, the i-th member) when it is a list of records.
    bool take(const Group &g, const simdjson::dom::object::iterator &it, std::uint32_t i) {
      simdjson::dom::array a;
      if (it.value().get(a) != simdjson::SUCCESS || !is_record_list(a)) return false;
      std::string_view key = it.key();
      std::uint32_t group = 0;
      for (std::size_t k = 0; k < g.child_keys.size(); ++k)  // analyze() saw every key
        if (g.child_keys[k] == key) group = g.child_key_group[k];
      conv->add_pending(frame, Pending{a, key, i, group});
      return true;
    }
  };
  void write_header();
  void write_header_v2();
  /// A schema directive: `cols` in the order of `order` (nullptr: as they are).
  void schema_line(std::string_view name, const std::string_view *cols, std::size_t ncols, const std::uint32_t *order);
  bool write_member(std::size_t fi, std::string_view key, simdjson::dom::element v);
  bool write_row(std::size_t fi, simdjson::dom::object rec);
  struct Above;
  /// What write_row's helpers share while one row is written.
  struct RowCells {
    Group *group;
    bool use_ditto;
    Above *above;  ///< the cells of the row above, one per column
    RowChild child;
  };
  // Inlined: ditto_cell runs for every cell, the other two once per row from write_row.
  [[gnu::always_inline]] void ditto_cell(Above &above, bool use_ditto, std::size_t start);
  [[gnu::always_inline]] bool write_cells_in_order(RowCells &r, simdjson::dom::object rec);
  [[gnu::always_inline]] bool write_cells_reordered(RowCells &r, simdjson::dom::object rec);
  bool write_kv_string(std::string_view s, std::uint32_t level);
  bool write_block_string(std::string_view s, std::uint32_t level);
  bool write_cell_string(std::string_view s, bool force_quotes = false);
  bool write_id(std::string_view s);
  bool write_number(simdjson::dom::element v, bool in_tensor);
  bool write_reference(simdjson::dom::object o);
  bool write_tensor(simdjson::dom::array a);
  bool tensor(simdjson::dom::array a, bool write);
  /// A JSON array that is not a list of records, as a value (2.0: a tensor
  /// when it is one, else a list literal; 1.0: a tensor or an error).
  bool write_array(simdjson::dom::array a);
  bool write_list(simdjson::dom::array a);
  bool write_list_string(std::string_view s);
  /// Notes the references among the elements of `a` (2.0 lists), for ref_hints_.
  void note_list_references(simdjson::dom::array a);
  /// `last`: the row's last cell (2.0 writes an empty string as nothing elsewhere, as its canonical form).
  bool write_cell(simdjson::dom::element v, bool last);
  bool control_character(unsigned char c, bool in_cell);
  void push_list(std::size_t base, simdjson::dom::array a, std::uint32_t group, std::uint32_t indent,
                 std::uint32_t nest);
  void push_object(std::size_t base, simdjson::dom::object o, std::uint32_t indent);
  void newline() {
    put('\n');
    if (++line_ == stop_line_) {
      stopped_ = true;
      stopped_at_ = path_;
    }
  }

  // Copies a string of the DOM 16 bytes at a time (see kPadding).
  void put_dom_string(std::string_view s) {
    char *p = reserve(s.size() + 16);
    for (std::size_t k = 0; k < s.size(); k += 16) std::memcpy(p + k, s.data() + k, 16);
    n_ += s.size();
  }
  void indent(std::uint32_t level) { fill(' ', spl_ * static_cast<std::size_t>(level)); }

  // The last path step, set field by field: copying a whole PathStep through
  // the stack here stalled store forwarding on every cell.
  void set_step(std::uint32_t element) {
    PathStep &s = path_.back();
    s.index = element;
    s.member = false;
  }
  void set_step(std::string_view key, std::uint32_t member) {
    PathStep &s = path_.back();
    s.key = key;
    s.index = member;
    s.member = true;
  }

  // errors: the path of the value being looked at, plus `extra` steps
  bool fail(ErrorKind kind, std::string msg, const Path *at = nullptr);
  bool fail_here(std::string msg, const Path *at = nullptr) { return fail(ErrorKind::Conversion, std::move(msg), at); }
  bool fail_limit(const char *name, std::size_t value, std::string what);

  simdjson::dom::object root_;
  const FromJsonOptions &opt_;
  const bool v2_;            // writing HEDL 2.0 (else 1.0)
  const std::uint32_t spl_;  // spaces per indentation level
  Error err_;
  Path err_path_;
  Path path_;  // the path of the value being looked at
  std::vector<Frame> stack_;
  std::vector<Pending> pending_;  // child lists still to walk, by frame (see Frame::pend_*)

  std::deque<Group> groups_;
  StringMap<std::uint32_t> fixed_;            // child type name -> group + 1
  std::vector<std::uint32_t> top_lists_;      // groups of the top-level lists, in document order
  StringMap<std::uint32_t> declared_;         // final type name -> group + 1
  std::vector<std::string> empty_types_;      // 2.0: types of empty lists no group declares, sorted
  std::vector<std::string_view> empty_keys_;  // the keys of empty lists (analyze)
  std::vector<std::pair<std::string_view, std::string_view>> ref_hints_;  // (Type, id) of @Type:id references
  StringMap<std::uint32_t> ref_hint_types_;                               // the Types in ref_hints_
  std::vector<simdjson::dom::element> cells_;                             // the current record's values by column ...
  std::vector<std::uint32_t> have_;                                       // ... present when equal to serial_ ...
  std::vector<std::uint32_t> member_;                                     // ... and their member index (for paths)
  std::uint32_t serial_ = 0;
  std::size_t top_cursor_ = 0;  // next entry of top_lists_
  std::uint32_t header_lines_ = 0;

  struct Above {  // the text of a column's cell in the row above
    std::size_t offset;
    std::size_t length;
  };
  std::vector<Above> ditto_;  // per open list, one per column
  std::uint32_t line_ = 0;    // body lines written
  std::uint32_t stop_line_ = 0;
  bool stopped_ = false;
  Path stopped_at_;
};

}  // namespace hedl::detail::fj
