// The tape writer (tape.hpp): one pass over a Document with an explicit
// stack, so document depth never touches the call stack.
#include "tape.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

#include "embed.hpp"

namespace hedl::wasm {

namespace {

std::uint32_t u32(std::size_t v) { return static_cast<std::uint32_t>(v); }
std::uint32_t addr(const void *p) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p)); }

/// UTF-16 code units of the valid UTF-8 bytes [p, e): one per lead byte, two
/// for 4-byte sequences. Eight bytes at a time, with an ASCII fast path.
std::uint32_t utf16_length(const char *p, const char *e) {
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  std::uint32_t n = 0;
  while (e - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    p += 8;
    if ((w & kHigh) == 0) {
      n += 8;
      continue;
    }
    // A continuation byte is 10xxxxxx; a 4-byte lead is 11110xxx.
    std::uint64_t cont = w & ~(w << 1) & kHigh;
    std::uint64_t four = w & (w << 1) & (w << 2) & (w << 3) & kHigh;
    n += 8 - static_cast<std::uint32_t>(__builtin_popcountll(cont)) +
         static_cast<std::uint32_t>(__builtin_popcountll(four));
  }
  for (; p < e; ++p) {
    auto c = static_cast<unsigned char>(*p);
    n += ((c & 0xC0) != 0x80) + (c >= 0xF0);
  }
  return n;
}
std::uint32_t utf16_length(std::string_view s) { return utf16_length(s.data(), s.data() + s.size()); }

/// Returns the first byte >= 0x80 in [p, e), or e. 16 bytes at a time.
const char *skip_ascii(const char *p, const char *e) {
  if constexpr (embed::simd::kVectors) {
    while (e - p >= 16) {
      if (std::uint32_t m = embed::simd::bits(embed::simd::load(p))) return p + embed::simd::first(m);
      p += 16;
    }
  }
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  while (e - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if (w & kHigh) return p + __builtin_ctzll(w & kHigh) / 8;
    p += 8;
  }
  while (p < e && static_cast<unsigned char>(*p) < 0x80) ++p;
  return p;
}

class Writer {
 public:
  Writer(const Document &doc, bool ascii, Tape &t) : doc_(doc), ascii_(ascii), t_(t) {
    input_ = doc.source().data();
    input_end_ = input_ + doc.source().size();
    cursor_ = input_;
    ascii_end_ = input_;
    w_ = t_.words.data();
  }

  void run();

 private:
  static constexpr std::size_t kMaxScalarWords = 3;  // STR_NEW + a 2-word slice (a tensor ensures its own)
  // A slice's length rides in its tag word: strings are at most
  // Value::kMaxLength bytes (plus an '@'), under the 28 bits there.
  static_assert(Value::kMaxLength + 1 < (1u << 28));
  struct Frame {
    const Object *object;  // an object frame when set, else a list frame
    std::uint32_t index;
    const Row *next;
    std::size_t ncols;
    std::uint32_t schema;                 // list frames: the schema's tape index
    bool nested;                          // list frames: rows may have %NEST children (and carry the flag word)
    const MatrixList *sibling = nullptr;  // a child list frame: the row's next non-empty child list
  };

  // Words are written through a raw cursor; ensure() makes room first (rows
  // and items reserve their worst case, so put() never checks).
  void ensure(std::size_t n) {
    std::size_t used = static_cast<std::size_t>(w_ - t_.words.data());
    if (used + n > t_.words.capacity()) {
      t_.words.set_size(used);
      t_.words.reserve(std::max(t_.words.capacity() * 2, used + n + 1024));
      w_ = t_.words.data() + used;
    }
  }
  void put(std::uint32_t w) { *w_++ = w; }

  /// utf16_length() of a range of the input, with the last partial word
  /// counted in one step (a load that ends at `e`, masked): strings are short.
  std::uint32_t units(const char *p, const char *e) const {
    std::size_t n = static_cast<std::size_t>(e - p);
    if (n >= 8 || e - input_ < 8) return utf16_length(p, e);
    if (n == 0) return 0;
    std::uint64_t w;
    std::memcpy(&w, e - 8, 8);
    w &= ~std::uint64_t{0} << (8 * (8 - n));  // keep the n bytes that end at e
    constexpr std::uint64_t kHigh = 0x8080808080808080ull;
    if ((w & kHigh) == 0) return static_cast<std::uint32_t>(n);
    std::uint64_t cont = w & ~(w << 1) & kHigh;
    std::uint64_t four = w & (w << 1) & (w << 2) & (w << 3) & kHigh;
    return static_cast<std::uint32_t>(n) - static_cast<std::uint32_t>(__builtin_popcountll(cont)) +
           static_cast<std::uint32_t>(__builtin_popcountll(four));
  }
  std::size_t words_used() const { return static_cast<std::size_t>(w_ - t_.words.data()); }
  bool in_input(std::string_view s) const {
    return s.data() >= input_ && s.data() + s.size() <= input_end_ && !s.empty();
  }
  std::uint32_t key(std::string_view k) {
    std::uint32_t found = keymap_.find(k);
    if (found) return found - 1;
    std::uint32_t index = key_count_++;
    keymap_.insert(k, index + 1);
    if (index) t_.keys += '\n';
    t_.keys.append(k);
    return index;
  }
  std::uint32_t schema(const Schema *s) {
    // Sorted by address (inline schemas may share a type name).
    const std::less<const Schema *> before;
    auto at = std::lower_bound(schema_index_.begin(), schema_index_.end(), s,
                               [&](const SchemaIndex &e, const Schema *x) { return before(e.schema, x); });
    if (at != schema_index_.end() && at->schema == s) return at->index;
    schema_index_.insert(at, SchemaIndex{s, schema_count_});
    schemas_.push_back(key(s->type_name));
    schemas_.push_back(u32(s->columns.size()) | (s->nest_child ? kSchemaNested : 0u));
    for (std::string_view c : s->columns) schemas_.push_back(key(c));
    return schema_count_++;
  }
  void number(double d) {
    put(kTagF64);
    put(u32(t_.f64.size()));
    t_.f64.push_back(d);
  }
  void arena_slice(std::uint32_t tag, std::string_view prefix, std::string_view s) {
    std::uint32_t start = arena_units_;
    t_.arena.append(prefix);
    t_.arena.append(s);
    arena_units_ += u32(prefix.size()) + (ascii_ ? u32(s.size()) : utf16_length(s));
    put(tag | (arena_units_ - start) << 4);
    put(start);
  }
  /// Puts [start, end) of the input text in UTF-16 units when `b` lies at or
  /// after the cursor (strings come mostly in input order); false otherwise.
  bool input_slice(std::uint32_t tag, const char *b, const char *e) {
    if (ascii_) {
      put(tag | u32(e - b) << 4);
      put(u32(b - input_));
      return true;
    }
    if (b < cursor_) return false;
    if (e > ascii_end_ && ascii_end_ < input_end_) {
      // Find where the ASCII stretch that starts at the cursor (or where the
      // last one ended) ends: one SIMD pass over the input in all.
      ascii_end_ = skip_ascii(std::max(cursor_, ascii_end_), input_end_);
    }
    std::uint32_t start, end;
    if (e <= ascii_end_) {
      // [cursor, e) is ASCII: byte offsets are UTF-16 offsets.
      start = cursor_units_ + u32(b - cursor_);
      end = start + u32(e - b);
    } else {
      start = cursor_units_ + units(cursor_, b);
      end = start + units(b, e);
      // The scan must restart past the non-ASCII text just counted.
      ascii_end_ = e;
    }
    cursor_ = e;
    cursor_units_ = end;
    put(tag | (end - start) << 4);
    put(start);
    return true;
  }
  /// One entry of a column's intern table: a string of up to 16 bytes held
  /// inline (two overlapping 8-byte loads cover it exactly), and its slot.
  struct InternEntry {
    std::uint64_t lo = 0, hi = 0;
    std::uint32_t len_plus_one = 0;  // 0: empty
    std::uint32_t slot = 0;
  };

  /// Interning state of one column of one schema: a direct-mapped table
  /// (a collision replaces the entry) and the hit statistics.
  struct ColumnStats {
    std::uint32_t tries = 0;
    std::uint32_t hits = 0;
    bool enabled = true;
    std::vector<InternEntry> table;
    unsigned bits = 0;  // log2 of the table's size
  };

  void string(std::string_view s) {
    if (in_input(s) && input_slice(kTagStrInput, s.data(), s.data() + s.size())) return;
    arena_slice(kTagStrArena, {}, s);
  }

  /// A string cell. Short strings of columns whose values repeat (categories,
  /// dates, names) are interned: JS makes each distinct one once and reuses
  /// it, which saves most of its allocations. Columns where that does not pay
  /// (IDs, codes, free text: under 1 hit in 8) stop trying after kInternProbe
  /// rows; slowly repeating ones such as dates pass that bar.
  void string_cell(std::string_view s, ColumnStats &st) {
    if (!st.enabled || s.size() > kInternMax || s.empty()) return string(s);
    std::uint32_t slot = intern(s, st);
    if (slot == kNotInterned) return string(s);
    if (slot == kNewlyInterned) {
      put(kTagStrNew);
      string(s);
      return;
    }
    put(kTagStrCached | slot << 4);
  }

  /// A reference cell: interned like strings, as its "@Type:id" text (the
  /// same JS string a plain string "@Type:id" would be).
  void reference_cell(std::string_view text, ColumnStats &st) {
    if (!st.enabled || !in_input(text) || text.data() == input_ || text.data()[-1] != '@' ||
        text.size() + 1 > kInternMax)
      return reference(text);
    std::string_view full(text.data() - 1, text.size() + 1);
    std::uint32_t slot = intern(full, st);
    if (slot == kNotInterned) return reference(text);
    if (slot == kNewlyInterned) {
      put(kTagRefNew);
      reference(text);
      return;
    }
    put(kTagRefCached | slot << 4);
  }

  static constexpr std::uint32_t kNotInterned = ~0u;
  static constexpr std::uint32_t kNewlyInterned = ~0u - 1;

  /// Returns the cache slot of `s` (at most kInternMax bytes), or
  /// kNewlyInterned when it takes a new slot now, or kNotInterned.
  std::uint32_t intern(std::string_view s, ColumnStats &st) {
    if (++st.tries == kInternProbe && st.hits * 8 < st.tries) st.enabled = false;
    if (next_slot_ >= kMaxSlots) return kNotInterned;
    const char *p = s.data();
    std::size_t n = s.size();
    std::uint64_t lo = 0, hi = 0;
    if (n >= 8) {
      std::memcpy(&lo, p, 8);
      std::memcpy(&hi, p + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      lo = a | static_cast<std::uint64_t>(b) << 32;
    } else {
      for (std::size_t i = 0; i < n; ++i) lo |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    // Tables start small and grow with the rows seen (dropping what they
    // held: a dropped entry only costs one more STR_NEW), so a small
    // document does not clear a full-size table per column on every call.
    if (st.table.empty() || (st.bits < kInternBits && st.tries > (4u << st.bits))) {
      st.bits = st.table.empty() ? kInternMinBits : std::min<unsigned>(st.bits + 2, kInternBits);
      st.table.assign(std::size_t{1} << st.bits, InternEntry{});
    }
    std::uint64_t h = (lo * 0x9E3779B97F4A7C15ull) ^ (hi * 0xC2B2AE3D27D4EB4Full) ^ (n * 0x165667B19E3779F9ull);
    InternEntry &e = st.table[static_cast<std::size_t>((h ^ (h >> 29)) >> (64 - st.bits))];
    if (e.len_plus_one == n + 1 && e.lo == lo && e.hi == hi) {
      ++st.hits;
      return e.slot;
    }
    e = InternEntry{lo, hi, static_cast<std::uint32_t>(n + 1), next_slot_++};
    return kNewlyInterned;
  }

  /// Statistics for the columns of schema `index` (`ncols` of them).
  ColumnStats *column_stats(std::uint32_t index, std::size_t ncols) {
    if (index >= column_stats_.size()) column_stats_.resize(index + 1);
    auto &v = column_stats_[index];
    if (v.empty()) {
      v.resize(std::max<std::size_t>(ncols, 1));
      v[0].enabled = false;  // IDs are unique within their type
    }
    return v.data();
  }
  void reference(std::string_view text) {
    // Usually the '@' that precedes the text in the input is part of the slice.
    if (in_input(text) && text.data() > input_ && text.data()[-1] == '@' &&
        input_slice(kTagRefInput, text.data() - 1, text.data() + text.size()))
      return;
    arena_slice(kTagRefArena, "@", text);
  }
  void scalar(const Value &v);
  void open_list(const MatrixList *l);

  const Document &doc_;
  bool ascii_;
  Tape &t_;
  const char *input_ = nullptr;
  const char *input_end_ = nullptr;
  std::uint32_t *w_ = nullptr;       // next word to write in t_.words
  const char *cursor_ = nullptr;     // non-ASCII input: how far input offsets were counted
  const char *ascii_end_ = nullptr;  // [cursor_, ascii_end_) is known to be ASCII
  std::uint32_t cursor_units_ = 0;
  std::uint32_t arena_units_ = 0;
  std::uint32_t key_count_ = 0;
  embed::StringMap<std::uint32_t> keymap_;
  static constexpr std::size_t kInternMax = 16;         // longest interned string, bytes
  static constexpr unsigned kInternBits = 12;           // at most 4096 entries per column table
  static constexpr unsigned kInternMinBits = 6;         // 64 entries to start with
  static constexpr std::uint32_t kMaxSlots = 1u << 27;  // fits the 28-bit tag argument
  std::uint32_t next_slot_ = 0;                         // JS cache slots handed out
  static constexpr std::uint32_t kInternProbe = 4096;   // rows before a column's verdict
  std::vector<std::vector<ColumnStats>> column_stats_;  // by schema index
  struct SchemaIndex {
    const Schema *schema;
    std::uint32_t index;
  };
  std::vector<SchemaIndex> schema_index_;  // the schemas met, by address
  std::uint32_t schema_count_ = 0;
  std::vector<std::uint32_t> schemas_;
  std::vector<Frame> stack_;
  std::size_t max_depth_ = 0;
};

void Writer::scalar(const Value &v) {
  switch (v.kind()) {
    case ValueKind::Null: put(kTagNull); return;
    case ValueKind::Bool: put(v.as_bool() ? kTagTrue : kTagFalse); return;
    case ValueKind::Int: {
      std::int64_t i = v.as_int();
      if (i >= INT32_MIN && i <= INT32_MAX) {
        put(kTagInt);
        put(static_cast<std::uint32_t>(static_cast<std::int32_t>(i)));
      } else {
        number(static_cast<double>(i));  // as JSON.parse would read it
      }
      return;
    }
    case ValueKind::Float: number(v.as_float()); return;
    case ValueKind::String:
    case ValueKind::Expression: string(v.as_string()); return;
    case ValueKind::Reference: reference(v.reference_text()); return;
    case ValueKind::Tensor: {
      const Tensor &t = v.as_tensor();
      ensure(t.shape.size() + 2);
      put(kTagTensor | u32(t.shape.size()) << 4);
      for (std::uint32_t d : t.shape) put(d);
      put(u32(t_.f64.size()));
      t_.f64.insert(t_.f64.end(), t.data.begin(), t.data.end());
      return;
    }
    case ValueKind::List: {
      auto items = v.as_list();
      ensure(2 + items.size() * kMaxScalarWords);
      put(kTagList | kValueList << 4);
      put(u32(items.size()));
      for (const Value &e : items) {
        scalar(e);  // scalars only: a list holds no list
        ensure(kMaxScalarWords);
      }
      return;
    }
  }
}

void Writer::open_list(const MatrixList *l) {
  std::uint32_t index = schema(l->schema);
  put(kTagList | index << 4);
  put(l->count);
  const MatrixList *sibling = l->next_sibling;
  while (sibling && !sibling->count) sibling = sibling->next_sibling;
  stack_.push_back(Frame{nullptr, 0, l->head, l->column_count(), index, l->schema->nest_child != nullptr, sibling});
}

void Writer::run() {
  const Object &root = doc_.root();
  ensure(1);
  put(kTagObject | root.count << 4);
  stack_.push_back(Frame{&root, 0, nullptr, 0, 0, false});
  while (!stack_.empty()) {
    if (stack_.size() > max_depth_) max_depth_ = stack_.size();
    Frame &f = stack_.back();
    if (!f.object) {
      const Row *r = f.next;
      if (!r) {
        const MatrixList *next = f.sibling;
        stack_.pop_back();
        if (next) {
          ensure(2);
          open_list(next);
        }
        continue;
      }
      f.next = r->next;
      // The flag word counts the row's non-empty child lists, written after its cells.
      const MatrixList *first = r->children;
      while (first && !first->count) first = first->next_sibling;
      std::uint32_t kids = 0;
      for (const MatrixList *l = first; l; l = l->next_sibling) kids += l->count ? 1u : 0u;
      ensure(3 + f.ncols * kMaxScalarWords);  // flag, cells, a child list's header
      if (f.nested) put(kids);
      ColumnStats *stats = column_stats(f.schema, f.ncols);
      auto cells = r->cells(f.ncols);
      for (std::size_t c = 0; c < cells.size(); ++c) {
        ValueKind k = cells[c].kind();
        if (k == ValueKind::String)
          string_cell(cells[c].as_string(), stats[c]);
        else if (k == ValueKind::Reference)
          reference_cell(cells[c].reference_text(), stats[c]);
        else
          scalar(cells[c]);
      }
      if (first) open_list(first);  // may reallocate stack_: f is dead
      continue;
    }
    if (f.index == f.object->count) {
      stack_.pop_back();
      continue;
    }
    const Item &it = f.object->items[f.index++];
    ensure(1 + kMaxScalarWords);
    put(key(it.key));
    switch (it.kind()) {
      case ItemKind::Scalar: scalar(it.value); break;
      case ItemKind::Object:
        put(kTagObject | it.object()->count << 4);
        stack_.push_back(Frame{it.object(), 0, nullptr, 0, 0, false});
        break;
      case ItemKind::List: open_list(it.list()); break;
    }
  }
  t_.words.set_size(words_used());
  TapeHeader &h = t_.header;
  h.schema_offset = u32(t_.words.size());
  h.schema_count = schema_count_;
  t_.words.append(schemas_.data(), schemas_.size());
  h.words_ptr = addr(t_.words.data());
  h.words_len = u32(t_.words.size());
  h.f64_ptr = addr(t_.f64.data());
  h.f64_len = u32(t_.f64.size());
  h.arena_ptr = addr(t_.arena.data());
  h.arena_len = u32(t_.arena.size());
  h.keys_ptr = addr(t_.keys.data());
  h.keys_len = u32(t_.keys.size());
  h.input_ptr = addr(input_);
  h.input_len = u32(input_end_ - input_);
  h.max_depth = u32(max_depth_);
}

}  // namespace

void Tape::release() {
  words.release();
  std::vector<double>().swap(f64);
  std::string().swap(arena);
  std::string().swap(keys);
  header = TapeHeader{};
}

std::uint32_t input_flags(const Document &doc) noexcept {
  // The parser's first stage looked at every non-ASCII character already.
  embed::InputInfo in = embed::input_info(doc);
  if (in.ascii) return kInputAscii;
  return in.has_replacement ? kInputHasReplacement : 0;
}

bool write_tape(const Document &doc, std::uint32_t input_flags, Tape &tape) {
  tape.f64.clear();
  tape.arena.clear();
  tape.keys.clear();
  // Most documents need about one word per input byte / 4: start near that.
  tape.words.set_size(0);
  tape.words.reserve(embed::input_info(doc).size / 4 + 64);
  Writer w(doc, (input_flags & kInputAscii) != 0, tape);
  w.run();
  tape.header.input_flags = input_flags;
  return true;
}

}  // namespace hedl::wasm
