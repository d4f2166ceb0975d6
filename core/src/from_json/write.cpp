// Pass 2 of the JSON -> HEDL converter: the walk that writes the HEDL text
// (header, key-values, objects, lists, rows) into one buffer. The scalars'
// spellings are in scalars.cpp (rules: writers/spelling.hpp).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "from_json/internal.hpp"
#include "model/document_data.hpp"
#include "util/chars.hpp"
#include "writers/spelling.hpp"

namespace hedl::detail::fj {

void TextBuffer::reserve(std::size_t n) {
  if (n <= capacity_) return;
  void *p = big_alloc(n + kPadding);
  if (!p) {
#if defined(__cpp_exceptions)
    throw std::bad_alloc();
#else
    std::abort();
#endif
  }
  if (size) std::memcpy(p, data_, size);
  big_free(data_, block_size());
  data_ = static_cast<char *>(p);
  capacity_ = n;
}

void TextBuffer::shrink_to_fit() {
  if (capacity_ - size <= size / 4 + (std::size_t{64} << 10)) return;
  void *p = big_alloc(size + kPadding);
  if (!p) return;  // keeping the larger block is fine
  std::memcpy(p, data_, size);
  big_free(data_, block_size());
  data_ = static_cast<char *>(p);
  capacity_ = size;
}

void Converter::schema_line(std::string_view name, const std::string_view *cols, std::size_t ncols,
                            const std::uint32_t *order) {
  put(v2_ ? std::string_view("%S:") : std::string_view("%STRUCT: "));
  put(name);
  put(v2_ ? std::string_view(":[") : std::string_view(": ["));
  for (std::size_t c = 0; c < ncols; ++c) {
    if (c) put(v2_ ? std::string_view(",") : std::string_view(", "));
    put(cols[order ? order[c] : c]);
  }
  put("]\n");
  ++header_lines_;
}

void Converter::write_header() {
  if (v2_) return write_header_v2();
  header_lines_ = 2;
  put("%VERSION: 1.0\n");
  for (const Group &g : groups_) schema_line(g.name, g.cols.data(), g.cols.size(), g.order.data());
  for (const Group &g : groups_) {
    for (std::uint32_t c : g.children) {
      put("%NEST: ");
      put(g.name);
      put(" > ");
      put(groups_[c].name);
      put('\n');
      ++header_lines_;
    }
  }
  put("---\n");
}

// The 2.0 header as the canonical 2.0 form writes it (§13.8): schemas and
// nests sorted by type name.
void Converter::write_header_v2() {
  header_lines_ = 4;
  put("%V:2.0\n%NULL:~\n%QUOTE:\"\n");
  // Insertion: a handful of types, and no std::sort instance in the wasm.
  std::vector<const Group *> sorted;
  for (const Group &g : groups_) {
    sorted.push_back(&g);
    for (std::size_t k = sorted.size() - 1; k > 0 && sorted[k]->name < sorted[k - 1]->name; --k)
      std::swap(sorted[k], sorted[k - 1]);
  }
  const std::string_view id_only[] = {"id"};
  std::size_t e = 0;
  for (const Group *g : sorted) {
    for (; e < empty_types_.size() && empty_types_[e] < g->name; ++e) schema_line(empty_types_[e], id_only, 1, nullptr);
    schema_line(g->name, g->cols.data(), g->cols.size(), g->order.data());
  }
  for (; e < empty_types_.size(); ++e) schema_line(empty_types_[e], id_only, 1, nullptr);
  for (const Group *g : sorted) {
    std::vector<const std::string *> kids;
    for (std::uint32_t c : g->children) {
      kids.push_back(&groups_[c].name);
      for (std::size_t k = kids.size() - 1; k > 0 && *kids[k] < *kids[k - 1]; --k) std::swap(kids[k], kids[k - 1]);
    }
    for (const std::string *kid : kids) {
      put("%N:");
      put(g->name);
      put('>');
      put(*kid);
      put('\n');
      ++header_lines_;
    }
  }
  put("---\n");
}

bool Converter::write(TextBuffer &out, std::uint32_t stop_line) {
  store_.b = &out;
  n_ = 0;
  line_ = 0;
  stop_line_ = stop_line;
  stopped_ = false;
  stopped_at_.clear();
  top_cursor_ = 0;
  serial_ = 0;
  ditto_.clear();
  std::size_t widest = 0;
  for (const Group &g : groups_) widest = std::max(widest, g.cols.size());
  cells_.assign(widest, element());
  have_.assign(widest, 0);
  member_.assign(widest, 0);
  write_header();
  bool ok = walk([&](std::size_t fi, element e) { return write_row(fi, get_as<object>(e)); },
                 [&](std::size_t fi, std::string_view key, element v) { return write_member(fi, key, v); },
                 [&](std::size_t fi, const Pending &p) {
                   if (uses_blocks(groups_[stack_[fi].group])) {
                     // 2.0, several child types: an expanded `@Type#N:` block
                     // (canonical_v2() makes short ones inline).
                     std::size_t count = 0;
                     for (auto it = p.list.begin(); it != p.list.end(); ++it) ++count;
                     indent(stack_[fi].indent + 1);
                     put('@');
                     put(groups_[p.group].name);
                     put('#');
                     commit(format_int(reserve(24), static_cast<std::int64_t>(count)));
                     put(':');
                     newline();
                   }
                   push_child_list(fi, p);
                   ditto_.resize(ditto_.size() + groups_[p.group].cols.size(), Above{0, 0});
                   return true;
                 },
                 [&](const Frame &f) {
                   if (f.list) ditto_.resize(f.ditto_base);
                 });
  if (!ok) return false;
  out.size = n_;
  return true;
}

bool Converter::write_member(std::size_t fi, std::string_view key, element v) {
  const std::uint32_t level = stack_[fi].indent;
  indent(level);
  put(key);
  switch (v.type()) {
    case JsonType::OBJECT: {
      object o = get_as<object>(v);
      if (is_reference_object(o)) {
        put(": ");
        if (!write_reference(o)) return false;
        newline();
        return true;
      }
      put(':');
      newline();
      if (o.begin() != o.end()) {
        std::size_t base = path_.size();
        path_.push_back(PathStep{});
        push_object(base, o, level + 1);
      }
      return true;
    }
    case JsonType::ARRAY: {
      array a = get_as<array>(v);
      if (a.begin() == a.end()) {
        // An empty list: any schema of the key's type reads back as [].
        std::string name = type_name_for_key(key);
        put(v2_ ? std::string_view(":@") : std::string_view(": @"));
        put(name);
        if (!v2_ && !declared_.find(name)) put("[id]");  // 2.0: the header declares it
        newline();
        return true;
      }
      if (is_record_list(a)) {
        std::uint32_t g = top_lists_[top_cursor_++];
        put(v2_ ? std::string_view(":@") : std::string_view(": @"));
        put(groups_[g].name);
        newline();
        std::size_t base = path_.size();
        path_.push_back(PathStep{});
        push_list(base, a, g, level + 1, 0);
        ditto_.resize(ditto_.size() + groups_[g].cols.size(), Above{0, 0});
        return true;
      }
      put(": ");
      if (!write_array(a)) return false;
      newline();
      return true;
    }
    case JsonType::STRING: {
      std::string_view s = get_as<std::string_view>(v);
      put(": ");
      return write_kv_string(s, level);
    }
    case JsonType::BOOL: {
      bool b = get_as<bool>(v);
      put(b ? std::string_view(": true") : std::string_view(": false"));
      newline();
      return true;
    }
    case JsonType::NULL_VALUE:
      put(": ~");
      newline();
      return true;
    default:
      put(": ");
      if (!write_number(v, false)) return false;
      newline();
      return true;
  }
}

// `^` reads back as the value above it: the cell just written from `start`
// becomes one when its text is the same as `above`, else the new text above.
inline void Converter::ditto_cell(Above &above, bool use_ditto, std::size_t start) {
  std::size_t len = n_ - start;
  if (use_ditto && len >= 2 && above.length == len && same_padded(data() + above.offset, data() + start, len)) {
    n_ = start;
    put('^');
  } else {
    above = Above{start, len};
  }
}

// The common case: each record's fields come in column order (analyze()
// checked), so the cells are written as the record is read.
inline bool Converter::write_cells_in_order(RowCells &r, object rec) {
  // Locals, not r's fields: the text's stores could alias those, so each cell would reload them.
  const Group &g = *r.group;
  const std::size_t ncols = g.cols.size();
  const bool use_ditto = r.use_ditto;
  Above *const above = r.above;
  std::uint32_t i = 0;
  std::size_t o = 0;
  for (auto it = rec.begin(); it != rec.end(); ++it, ++i) {
    element v = it.value();
    if (v.type() == JsonType::ARRAY && r.child.take(g, it, i)) continue;
    set_step(g.cols[o], i);
    if (o == 0) {
      if (!write_id(get_as<std::string_view>(v))) return false;
    } else if (std::string_view text;
               v.get(text) == simdjson::SUCCESS && plain_cell_text(text) && !(v2_ && text[0] == '(')) {
      // Plain text is its own spelling: compare it with the cell above
      // before writing it (reading back bytes just written stalls).
      put(',');
      Above &a = above[o];
      if (use_ditto && text.size() >= 2 && a.length == text.size() &&
          same_padded(data() + a.offset, text.data(), text.size())) {
        put('^');
      } else {
        a = Above{n_, text.size()};
        put_dom_string(text);
      }
    } else {
      put(',');
      std::size_t start = n_;
      if (!write_cell(v, o + 1 == ncols)) return false;
      ditto_cell(above[o], use_ditto, start);
    }
    ++o;
  }
  for (; o < ncols; ++o) {
    put(',');
    std::size_t start = n_;
    put('~');  // a field this record lacks (D24)
    ditto_cell(above[o], use_ditto, start);
  }
  return true;
}

// Records whose fields come in another order: gathered by column first.
inline bool Converter::write_cells_reordered(RowCells &r, object rec) {
  Group &g = *r.group;  // column_of updates its cache
  const std::size_t ncols = g.cols.size();
  const bool use_ditto = r.use_ditto;
  Above *const above = r.above;
  const std::uint32_t serial = ++serial_;
  std::uint32_t i = 0;
  for (auto it = rec.begin(); it != rec.end(); ++it, ++i) {
    element v = it.value();
    if (v.type() == JsonType::ARRAY && r.child.take(g, it, i)) continue;
    auto c = static_cast<std::size_t>(g.column_of(it.key(), i));  // analyze() saw every column
    cells_[c] = v;
    have_[c] = serial;
    member_[c] = i;
  }
  for (std::size_t o = 0; o < ncols; ++o) {
    std::size_t c = g.order[o];
    if (o) put(',');
    std::size_t start = n_;
    if (have_[c] != serial) {
      put('~');  // a field this record lacks (D24)
    } else {
      set_step(g.cols[c], member_[c]);
      if (o == 0) {
        if (!write_id(get_as<std::string_view>(cells_[c]))) return false;
        continue;
      }
      if (!write_cell(cells_[c], o + 1 == ncols)) return false;
    }
    ditto_cell(above[o], use_ditto, start);
  }
  return true;
}

// One record of list frame `fi` as a matrix row; its child lists go to pending_.
bool Converter::write_row(std::size_t fi, object rec) {
  const std::uint32_t gi = stack_[fi].group, level = stack_[fi].indent;
  Group &g = groups_[gi];
  RowCells r{&g, opt_.ditto && !v2_ && stack_[fi].any_row, ditto_.data() + stack_[fi].ditto_base, RowChild{this, fi}};
  begin_pending(fi);  // its child lists: walk() writes them next
  indent(level);
  put('|');
  path_.push_back(PathStep{});
  if (!(g.in_order && g.id_col == 0 ? write_cells_in_order(r, rec) : write_cells_reordered(r, rec))) return false;
  path_.pop_back();
  stack_[fi].any_row = true;
  newline();
  return true;
}

}  // namespace hedl::detail::fj
