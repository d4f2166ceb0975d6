// StreamParser (hedl/stream.hpp): the body is cut into pieces at lines that
// nothing before them can change (a key line whose enclosing lines are all
// objects, or a row of a key's list), and each piece is parsed by the
// whole-document parser as a small document: the header, then the key lines
// that enclose the cut (the "context"), then, for a cut inside a list, the
// row before it again (the "carrier", so that ditto in the first row reads
// the right cells), then the piece's own lines. Lines are mapped back to the
// input. The pieces are walked into events; what no piece can see alone is
// checked here: keys of objects that span pieces, IDs (one set for the
// whole input), the document-wide limits, and references.
#include "hedl/stream.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "hedl/parse.hpp"
#include "util/chars.hpp"
#include "util/hash_map.hpp"

namespace hedl {

namespace {

using detail::StringMap;

// Owned copies of strings, in blocks that never move (views stay valid).
class StringStore {
 public:
  std::string_view add(std::string_view s) {
    if (s.size() > kBlock / 4) {
      big_.push_back(std::make_unique<char[]>(s.size() ? s.size() : 1));
      std::memcpy(big_.back().get(), s.data(), s.size());
      bytes_ += s.size();
      return {big_.back().get(), s.size()};
    }
    if (blocks_.empty() || used_ + s.size() > kBlock) {
      blocks_.push_back(std::make_unique<char[]>(kBlock));
      used_ = 0;
      bytes_ += kBlock;
    }
    char *p = blocks_.back().get() + used_;
    std::memcpy(p, s.data(), s.size());
    used_ += s.size();
    return {p, s.size()};
  }
  std::size_t bytes() const noexcept { return bytes_; }

 private:
  static constexpr std::size_t kBlock = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::unique_ptr<char[]>> big_;
  std::size_t used_ = 0;
  std::size_t bytes_ = 0;
};

// The IDs of every row seen, per type: each maps to its line.
class IdSet {
 public:
  /// The line of an earlier row with this type and ID, else 0 (and it is added).
  std::uint32_t insert(std::string_view type, std::string_view id, std::uint32_t line) {
    // Rows of one type usually come together: the last type is kept.
    StringMap<std::uint32_t> *ids = last_;
    if (!ids || last_name_ != type) {
      ids = find_type(type);
      if (!ids) {
        types_.push_back(std::make_unique<StringMap<std::uint32_t>>());
        type_names_.emplace_back(type);
        ids = types_.back().get();
        names_.insert(store_.add(type), static_cast<std::uint32_t>(types_.size()));
      }
      last_ = ids;
      last_name_.assign(type);
    }
    // One probe: the ID is stored first (a duplicate fails the stream, so
    // its wasted bytes do not matter).
    if (std::uint32_t prev = ids->insert(store_.add(id), line ? line : 1)) return prev;
    ++count_;
    return 0;
  }
  bool contains(std::string_view type, std::string_view id) const {
    const StringMap<std::uint32_t> *ids = find_type(type);
    return ids && ids->find(id);
  }
  /// The types holding `id`, in first-seen order, and how many.
  std::size_t types_with(std::string_view id, std::string &names) const {
    std::size_t n = 0;
    for (std::size_t t = 0; t < types_.size(); ++t) {
      if (!types_[t]->find(id)) continue;
      if (n) names += ", ";
      names += type_names_[t];
      ++n;
    }
    return n;
  }
  std::size_t count() const noexcept { return count_; }
  std::size_t bytes() const noexcept {
    std::size_t b = store_.bytes() + names_.memory_usage();
    for (const auto &t : types_) b += t->memory_usage() + sizeof(*t);
    return b;
  }

 private:
  StringMap<std::uint32_t> *find_type(std::string_view type) const {
    std::uint32_t i = names_.find(type);
    return i ? types_[i - 1].get() : nullptr;
  }
  StringStore store_;
  StringMap<std::uint32_t> *last_ = nullptr;  // the last type's IDs, and its name
  std::string last_name_;
  StringMap<std::uint32_t> names_;  // type -> index + 1
  std::vector<std::unique_ptr<StringMap<std::uint32_t>>> types_;
  std::vector<std::string> type_names_;
  std::size_t count_ = 0;
};

std::string limit_message(const char *name, std::size_t value, const std::string &what) {
  return std::string("limit ") + name + " (" + std::to_string(value) + ") exceeded: " + what + "; raise " + name +
         " in the parse limits if this input is trusted";
}

// A reference no piece could resolve yet.
struct PendingRef {
  std::string type;  // as written, or the row's type for an unqualified one in a row
  std::string id;
  std::string text;  // without '@'
  std::uint32_t line, column;
  bool kv;         // in a key-value: looked up in every type at the end
  bool qualified;  // written @Type:id
};

}  // namespace

struct StreamParser::Impl {
  Sink sink;
  StreamOptions opt;
  const Limits &lim() const { return opt.parse.limits; }

  std::optional<Error> failed;
  bool finished = false;

  // ---- input ----
  std::string partial;  // bytes after the last line break
  std::uint64_t total = 0;
  std::uint32_t line_no = 0;  // lines taken so far

  // ---- header ----
  bool in_header = true;
  std::string header_text;
  std::uint32_t header_lines = 0;
  std::optional<Document> header;
  bool ext = false;  // 1.1+: 1-space indentation
  int spl = 2;

  // ---- the structure the cuts follow (the enclosing key lines) ----
  struct Open {
    int indent;
    bool list;
    std::string text;  // the key line as written (with its CR, if any)
    std::uint32_t line;
    std::string key;
    // objects: their keys so far (key -> line)
    StringMap<std::uint32_t> keys;
    std::vector<std::unique_ptr<std::string>> key_store;
    std::size_t key_count = 0;
    // lists: the previous row of the list's own, for the carrier
    std::size_t last_row_at = 0, last_row_len = 0;  // where in `seg`
    std::uint32_t last_row_line = 0;
    bool no_cut = false;     // a 2.0 block at the rows' indent: rows there may be its own
    std::uint64_t rows = 0;  // rows of its own reported so far
  };
  std::vector<Open> open;  // open[0] is the root
  bool in_block_string = false;
  bool cuts_off = false;  // something the tracker cannot follow: one piece to the end

  // ---- the piece being gathered: `seg` holds it as a document (the header,
  // the context, then the piece's own lines from body_at) ----
  std::string seg;
  std::size_t body_at = 0;
  std::uint32_t seg_ctx_lines = 0;
  std::uint32_t piece_first = 0;  // its first line
  std::uint32_t piece_lines = 0;
  // The context it was cut with: the enclosing key lines and the carrier.
  struct Context {
    std::vector<std::string> lines;
    std::vector<std::uint32_t> line_nos;
    std::size_t depth = 0;  // enclosing entries (objects, then maybe a list)
    bool carrier = false;
  } ctx;

  // ---- document-wide counts ----
  std::size_t nodes = 0, keys = 0;
  IdSet ids;
  std::vector<PendingRef> pending;
  std::size_t pending_bytes = 0;

  explicit Impl(Sink s, const StreamOptions &o) : sink(std::move(s)), opt(o) {
    open.emplace_back();
    open.back().indent = -1;
    open.back().list = false;
  }

  // ==== errors ====
  std::optional<Error> fail(ErrorKind kind, std::uint32_t line, std::uint32_t column, std::string msg) {
    failed = Error{kind, std::move(msg), line, column};
    return failed;
  }

  // ==== input ====
  std::optional<Error> feed(std::string_view chunk) {
    if (failed) return failed;
    if (finished) return fail(ErrorKind::Syntax, line_no, 0, "the stream has already finished");
    total += chunk.size();
    if (total > lim().max_file_size)
      return fail(
          ErrorKind::Security, 1, 0,
          limit_message("max_file_size", lim().max_file_size, "input is at least " + std::to_string(total) + " bytes"));
    std::size_t start = 0;
    while (start < chunk.size()) {
      const void *nl = std::memchr(chunk.data() + start, '\n', chunk.size() - start);
      if (!nl) break;
      std::size_t end = static_cast<std::size_t>(static_cast<const char *>(nl) - chunk.data());
      if (partial.empty()) {
        if (auto e = take_line(chunk.substr(start, end - start), true)) return e;
      } else {
        partial.append(chunk.data() + start, end - start);
        std::string line = std::move(partial);
        partial.clear();
        if (auto e = take_line(line, true)) return e;
      }
      start = end + 1;
    }
    partial.append(chunk.data() + start, chunk.size() - start);
    if (partial.size() > lim().max_line_length + 1) {
      // The parser rejects this line whatever follows: so does the stream, now,
      // through the parser (the line, cut here, is as long as it needs to be).
      std::string line = std::move(partial);
      partial.clear();
      if (auto e = take_line(line, false)) return e;
      if (in_header) {
        if (auto e = start_body()) return e;
      } else if (auto e = flush(nullptr)) {
        return e;
      }
      return fail(ErrorKind::Security, line_no, 0,
                  limit_message("max_line_length", lim().max_line_length, "a line is longer"));
    }
    return std::nullopt;
  }

  std::optional<Error> finish() {
    if (failed) return failed;
    if (finished) return std::nullopt;
    finished = true;
    if (!partial.empty() || line_no == 0) {
      std::string line = std::move(partial);
      partial.clear();
      if (auto e = take_line(line, false)) return e;
    }
    if (in_header) {
      // No separator: the parser's verdict on the whole (short) header.
      if (auto e = start_body()) return e;
    }
    if (auto e = flush(nullptr)) return e;
    if (auto e = check_references()) return e;
    StreamEvent ev;
    ev.kind = StreamEventKind::End;
    ev.line = line_no;
    sink(ev);
    return std::nullopt;
  }

  // One line of input (without its '\n'); `newline`: it had one.
  std::optional<Error> take_line(std::string_view line, bool newline) {
    ++line_no;
    if (in_header) {
      header_text.append(line);
      if (newline) header_text += '\n';
      ++header_lines;
      std::string_view t = line;
      if (header_lines == 1 && t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
      bool directive = !t.empty() && t[0] == '%';
      while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t.back() == '\r' || t.back() == ' ' || t.back() == '\t'))
        t = t[0] == ' ' || t[0] == '\t' ? t.substr(1) : t.substr(0, t.size() - 1);
      if (directive || t.empty() || t[0] == '#') return std::nullopt;
      // The separator, or a line the header parser rejects: parse the header now.
      return start_body();
    }
    return body_line(line, newline);
  }

  std::optional<Error> start_body() {
    in_header = false;
    auto r = parse(header_text, opt.parse);
    if (!r.ok()) return failed = r.error();
    header.emplace(std::move(r).value());
    ext = header->version_major() > 1 || header->version_minor() >= 1;
    spl = ext ? 1 : 2;
    if (!header_text.empty() && header_text.back() != '\n') header_text += '\n';
    StreamEvent ev;
    ev.kind = StreamEventKind::Header;
    ev.header = &*header;
    ev.line = header_lines;
    sink(ev);
    start_piece();
    return std::nullopt;
  }

  // ==== the body: where the cuts may go ====
  static bool is_lower_start(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }
  static bool is_key_char(char c) { return is_lower_start(c) || (c >= '0' && c <= '9'); }

  std::optional<Error> body_line(std::string_view line, bool newline) {
    std::string_view text = line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    bool cut_here = false;
    std::string_view dup_key;
    std::uint32_t dup_first = 0;
    bool too_many_keys = false;
    std::size_t sp = 0;
    while (sp < text.size() && text[sp] == ' ') ++sp;
    std::string_view rest = text.substr(sp);
    if (in_block_string) {
      if (rest.size() >= 3 && rest.substr(0, 3) == "\"\"\"") {
        std::string_view after = rest.substr(3);
        while (!after.empty() && (after[0] == ' ' || after[0] == '\t')) after.remove_prefix(1);
        if (after.empty() || after[0] == '#') in_block_string = false;
      }
    } else if (rest.empty() || rest[0] == '#') {
      // blank or a comment: goes with what precedes it
    } else if (cuts_off || rest[0] == '\t' || sp % static_cast<std::size_t>(spl)) {
      cuts_off = true;  // the parser will say what is wrong with it
    } else {
      int indent = static_cast<int>(sp / static_cast<std::size_t>(spl));
      char c = rest[0];
      if (c == '|') {
        while (open.size() > 1 && indent <= open.back().indent) open.pop_back();
        Open &top = open.back();
        if (top.list && indent == top.indent + 1 && !top.no_cut) {
          // A row of the key's list (not a child row): a cut may precede it,
          // when ditto in it can read its carrier.
          bool caret = text.find('^') != std::string_view::npos;
          cut_here = !caret || (top.last_row_line >= piece_first &&
                                !std::memchr(seg.data() + top.last_row_at, '^', top.last_row_len));
          if (cut_here && need_cut()) {
            if (auto e = cut_before(caret)) return e;
          }
          top.last_row_at = seg.size();
          top.last_row_len = line.size();
          top.last_row_line = line_no;
        }
      } else if (c == '@' && ext) {
        while (open.size() > 1 && indent <= open.back().indent) open.pop_back();
        if (open.back().list && indent == open.back().indent + 1) open.back().no_cut = true;
      } else if (is_lower_start(c)) {
        while (open.size() > 1 && indent <= open.back().indent) open.pop_back();
        Open &parent = open.back();
        if (!parent.list && indent == parent.indent + 1) {
          std::size_t k = 1;
          while (k < rest.size() && is_key_char(rest[k])) ++k;
          std::string_view key = rest.substr(0, k);
          std::size_t v = k;
          if (v < rest.size() && rest[v] == '(') {
            while (v < rest.size() && rest[v] != ')') ++v;
            if (v < rest.size()) ++v;
          }
          if (v < rest.size() && rest[v] == ':') {
            cut_here = true;
            if (std::uint32_t first = parent.keys.find(key)) {
              dup_key = key;
              dup_first = first;
            } else if (parent.key_count + 1 > lim().max_object_keys) {
              too_many_keys = true;
            }
            if (dup_key.empty() && !too_many_keys) {
              parent.key_store.push_back(std::make_unique<std::string>(key));
              parent.keys.insert(*parent.key_store.back(), line_no);
              ++parent.key_count;
            }
            std::string_view value = rest.substr(v + 1);
            while (!value.empty() && (value[0] == ' ' || value[0] == '\t')) value.remove_prefix(1);
            bool object = value.empty() || value[0] == '#';
            bool list = value.size() >= 2 && value[0] == '@' && value[1] >= 'A' && value[1] <= 'Z';
            bool block = value.size() >= 3 && value.substr(0, 3) == "\"\"\"";
            if ((cut_here && need_cut()) || !dup_key.empty() || too_many_keys) {
              if (auto e = cut_before()) return e;
            }
            if (!dup_key.empty() || too_many_keys)
              if (auto e = line_error(line)) return e;
            if (!dup_key.empty())
              return fail(ErrorKind::Semantic, line_no, static_cast<std::uint32_t>(sp + 1),
                          "duplicate key '" + std::string(dup_key) + "' (first defined at line " +
                              std::to_string(dup_first) + ")");
            if (too_many_keys)
              return fail(ErrorKind::Security, line_no, 0,
                          limit_message("max_object_keys", lim().max_object_keys, "too many keys in one object"));
            if (object || list) {
              Open o;
              o.indent = indent;
              o.list = list;
              o.text.assign(line);
              o.line = line_no;
              o.key.assign(key);
              open.push_back(std::move(o));
            } else if (block) {
              in_block_string = true;
            }
          }
        }
      }
    }
    if (piece_lines == 0) piece_first = line_no;
    seg.append(line);
    seg += '\n';
    (void)newline;
    ++piece_lines;
    return std::nullopt;
  }

  // What parse() says of `line` itself when the stream rejects it (a
  // duplicate key, too many keys): the parser checks the bytes and the
  // line's syntax first. `line` is parsed as the next piece's only line.
  std::optional<Error> line_error(std::string_view line) {
    std::string doc = seg;  // the header and the context (cut_before just ran)
    doc.append(line);
    doc += '\n';
    ParseOptions po = opt.parse;
    po.strict_refs = false;
    auto r = parse(doc, po);
    const std::uint32_t at = header_lines + seg_ctx_lines + 1;
    if (r.ok() || r.error().line != at) return std::nullopt;
    failed = r.error();
    failed->line = line_no;
    return failed;
  }

  bool need_cut() const { return seg.size() - body_at >= opt.piece_bytes && piece_lines > 0; }

  // Parses the piece gathered so far, then starts the next one with the
  // context of the line about to come (open[], as it stands now).
  // `carrier`: the line about to come needs the row before it (ditto).
  std::optional<Error> cut_before(bool carrier = false) {
    if (piece_lines == 0) return std::nullopt;
    const Open &top = open.back();
    std::string carrier_text;
    carrier = carrier && open.size() > 1 && top.list && top.last_row_line >= piece_first;
    if (carrier) carrier_text.assign(seg, top.last_row_at, top.last_row_len);
    if (auto e = flush(&open)) return e;
    ctx = Context{};
    for (std::size_t i = 1; i < open.size(); ++i) {
      ctx.lines.push_back(open[i].text);
      ctx.line_nos.push_back(open[i].line);
    }
    ctx.depth = open.size() - 1;
    ctx_list_ = open.size() > 1 && open.back().list;
    if (carrier) {
      ctx.lines.push_back(std::move(carrier_text));
      ctx.line_nos.push_back(open.back().last_row_line);
      ctx.carrier = true;
    }
    start_piece();
    return std::nullopt;
  }

  // The next piece starts as the header and the context.
  void start_piece() {
    seg.assign(header_text);
    for (const std::string &l : ctx.lines) {
      seg += l;
      seg += '\n';
    }
    seg_ctx_lines = static_cast<std::uint32_t>(ctx.lines.size());
    body_at = seg.size();
    piece_lines = 0;
    piece_first = line_no + 1;
  }

  // ==== a piece: parse, map, walk ====

  std::uint32_t map_line(std::uint32_t l) const {
    if (l <= header_lines) return l;
    std::uint32_t c = l - header_lines;
    if (c <= seg_ctx_lines) return ctx.line_nos[c - 1];
    return piece_first + (c - seg_ctx_lines - 1);
  }

  // `next`: the structure open before the next piece (nullptr at the end).
  std::optional<Error> flush(const std::vector<Open> *next) {
    if (piece_lines == 0 && next) return std::nullopt;
    // The limits that count the whole document, less what earlier pieces
    // used, plus what the context repeats.
    const std::size_t ctx_objects = ctx.depth - (ctx_list_ ? 1 : 0), ctx_keys = ctx.depth;
    ParseOptions po = opt.parse;
    po.strict_refs = false;
    po.limits.max_file_size = seg.size() + 1;
    po.limits.max_nodes = lim().max_nodes - nodes + ctx_objects + (ctx.carrier ? 1 : 0);
    po.limits.max_total_keys = lim().max_total_keys - keys + ctx_keys;
    auto r = parse(seg, po);
    std::optional<Error> err;
    if (!r.ok()) {
      Error e = r.error();
      const std::uint32_t seg_line = e.line;
      e.line = e.line ? map_line(e.line) : 0;
      e.message = remap_message(std::move(e.message));
      // The lines before the error still count (an earlier duplicate ID is
      // the first error): walk them, then report it.
      if (seg_line > header_lines + seg_ctx_lines + 1) {
        std::size_t cut = line_offset(seg, seg_line);
        auto prefix = parse(std::string_view(seg).substr(0, cut), po);
        if (prefix.ok()) {
          if (auto e2 = walk(prefix.value(), nullptr)) return e2;
        }
      }
      return failed = std::move(e);
    }
    if (auto e = walk(r.value(), next)) return e;
    return err;
  }

  bool ctx_list_ = false;  // the last context entry is a list: the cut was inside one

  static std::size_t line_offset(std::string_view s, std::uint32_t line) {
    std::size_t at = 0;
    for (std::uint32_t l = 1; l < line && at < s.size(); ++l) {
      std::size_t nl = s.find('\n', at);
      if (nl == std::string_view::npos) return s.size();
      at = nl + 1;
    }
    return at;
  }

  // Messages that name another line ("first defined at line N") name the
  // piece's; the limits the stream lowered for a piece name the input's.
  std::string remap_message(std::string msg) const {
    for (auto [name, value] : {std::pair<std::string_view, std::size_t>{"limit max_nodes (", lim().max_nodes},
                               {"limit max_total_keys (", lim().max_total_keys},
                               {"limit max_file_size (", lim().max_file_size}}) {
      if (msg.compare(0, name.size(), name) != 0) continue;
      std::size_t close = msg.find(')', name.size());
      if (close != std::string::npos) msg = std::string(name) + std::to_string(value) + msg.substr(close);
    }
    static constexpr std::string_view kAt = "at line ";
    std::size_t p = msg.find("first defined at line ");
    if (p == std::string::npos) return msg;
    p = msg.find(kAt, p) + kAt.size();
    std::size_t q = p;
    std::uint32_t n = 0;
    while (q < msg.size() && msg[q] >= '0' && msg[q] <= '9') n = n * 10 + static_cast<std::uint32_t>(msg[q++] - '0');
    if (q == p) return msg;
    return msg.substr(0, p) + std::to_string(map_line(n)) + msg.substr(q);
  }

  // ---- the walk ----
  const Document *cur_doc = nullptr;
  const std::vector<Open> *cur_next = nullptr;

  std::optional<Error> walk(const Document &doc, const std::vector<Open> *next) {
    cur_doc = &doc;
    cur_next = next;
    std::size_t keep = next ? next->size() - 1 : 0;  // entries that stay open after this piece
    return walk_object(doc.root(), 0, true, true, keep);
  }

  std::optional<Error> walk_object(const Object &obj, std::uint32_t depth, bool left, bool right, std::size_t keep) {
    auto items = obj.entries();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Item &it = items[i];
      bool cont = left && i == 0 && depth < ctx.depth;              // the context repeats it: started before
      bool stays = right && i + 1 == items.size() && depth < keep;  // open after this piece
      StreamEvent ev;
      ev.key = it.key;
      ev.depth = depth;
      ev.line = map_line(it.line);
      switch (it.kind()) {
        case ItemKind::Scalar:
          if (cont) break;
          ++nodes;
          ++keys;
          ev.kind = StreamEventKind::Scalar;
          ev.value = &it.value;
          if (auto e = note_refs(it.value, nullptr, ev.line)) return e;
          sink(ev);
          break;
        case ItemKind::Object:
          if (!cont) {
            ++nodes;
            ++keys;
            ev.kind = StreamEventKind::ObjectStart;
            sink(ev);
          }
          if (auto e = walk_object(*it.object(), depth + 1, cont, stays, keep)) return e;
          if (!stays) {
            ev.kind = StreamEventKind::ObjectEnd;
            sink(ev);
          }
          break;
        case ItemKind::List: {
          const MatrixList &list = *it.list();
          if (!cont) {
            ++keys;
            list_rows = 0;
            ev.kind = StreamEventKind::ListStart;
            ev.schema = list.schema;
            sink(ev);
          }
          bool skip = cont && ctx.carrier;
          for (const Row &row : list.rows()) {
            if (skip) {
              skip = false;
              continue;
            }
            ++list_rows;
            if (auto e = emit_row(row, list.schema, it.key, {}, {}, 0)) return e;
          }
          if (!stays) {
            ev.kind = StreamEventKind::ListEnd;
            ev.schema = list.schema;
            ev.count = list_rows;
            sink(ev);
          }
          break;
        }
      }
    }
    return std::nullopt;
  }
  std::uint64_t list_rows = 0;  // the open list's rows (only the deepest open item can be a list)

  std::optional<Error> emit_row(const Row &row, const Schema *schema, std::string_view key, std::string_view ptype,
                                std::string_view pid, std::uint32_t depth) {
    ++nodes;
    std::uint32_t line = map_line(row.line);
    std::string_view id = row.id().as_string();
    if (std::uint32_t first = ids.insert(schema->type_name, id, line)) {
      // An earlier piece had it (the piece itself would have said so).
      return fail(ErrorKind::Collision, line, id_column(row),
                  "duplicate ID '" + std::string(id) + "' in type " + std::string(schema->type_name) +
                      " (first defined at line " + std::to_string(first) + ")");
    }
    auto cells = row.cells(schema->columns.size());
    for (const Value &v : cells)
      if (auto e = note_refs(v, schema, line)) return e;
    StreamEvent ev;
    ev.kind = StreamEventKind::Row;
    ev.key = key;
    ev.line = line;
    ev.schema = schema;
    ev.row = &row;
    ev.parent_type = ptype;
    ev.parent_id = pid;
    ev.row_depth = depth;
    sink(ev);
    for (const MatrixList *c = row.children; c; c = c->next_sibling)
      for (const Row &child : c->rows())
        if (auto e = emit_row(child, c->schema, key, schema->type_name, id, depth + 1)) return e;
    return std::nullopt;
  }

  std::uint32_t column_in_seg(const char *at) const {
    const char *base = seg.data();
    if (at < base || at > base + seg.size()) return 0;
    const char *ls = at;
    while (ls > base && ls[-1] != '\n') --ls;
    return detail::column_of(ls, at);
  }

  std::uint32_t id_column(const Row &row) const {
    const char *at = row.id().as_string().data();
    std::uint32_t c = column_in_seg(at);
    if (c && at > seg.data() && at[-1] == '"') --c;
    return c;
  }

  // References: resolved in their piece, or found among earlier IDs, or kept
  // for the end (a KV one always: every type counts for it).
  std::optional<Error> note_refs(const Value &v, const Schema *ctx_schema, std::uint32_t line) {
    if (v.kind() == ValueKind::List) {
      for (const Value &e : v.as_list())
        if (auto err = note_refs(e, ctx_schema, line)) return err;
      return std::nullopt;
    }
    if (v.kind() != ValueKind::Reference) return std::nullopt;
    Reference r = v.as_reference();
    if (r.resolved && ctx_schema) return std::nullopt;
    if (!ctx_schema && r.type.empty()) {
      add_pending(v, r, {}, line, true);
      return std::nullopt;
    }
    std::string_view type = r.type.empty() ? ctx_schema->type_name : r.type;
    if (r.resolved || ids.contains(type, r.id)) return std::nullopt;
    add_pending(v, r, type, line, false);
    return std::nullopt;
  }

  void add_pending(const Value &v, const Reference &r, std::string_view type, std::uint32_t line, bool kv) {
    PendingRef p;
    p.type.assign(type);
    p.id.assign(r.id);
    p.text.assign(v.reference_text());
    p.line = line;
    p.column = column_in_seg(v.reference_text().data() - 1);
    p.kv = kv;
    p.qualified = !r.type.empty();
    pending_bytes += sizeof(PendingRef) + p.type.size() + p.id.size() + p.text.size();
    pending.push_back(std::move(p));
  }

  std::optional<Error> check_references() {
    if (!opt.parse.strict_refs || (header && header->lenient_mode())) return std::nullopt;
    // The first bad one in the text (by line, then column; the first noted
    // of equals): one pass, no sort.
    const PendingRef *worst = nullptr;
    std::string worst_msg;
    for (const PendingRef &p : pending) {
      if (worst && (p.line > worst->line || (p.line == worst->line && p.column >= worst->column))) continue;
      std::string msg;
      if (!p.kv) {
        if (ids.contains(p.type, p.id)) continue;
        msg = "unresolved reference @" + p.text + ": no " + p.type + " has ID '" + p.id + "'";
        if (!p.qualified) msg += " (references inside a list look in its own type; write @Type:id for another type)";
      } else {
        std::string names;
        std::size_t n = ids.types_with(p.id, names);
        if (n == 1) continue;
        msg = n > 1 ? "ambiguous unqualified reference @" + p.text + " matches multiple types: [" + names +
                          "]; qualify it as @Type:" + p.id
                    : "unresolved reference @" + p.text + ": no node has ID '" + p.id + "'";
      }
      worst = &p;
      worst_msg = std::move(msg);
    }
    if (!worst) return std::nullopt;
    return fail(ErrorKind::Reference, worst->line, worst->column, std::move(worst_msg));
  }
};

StreamParser::StreamParser(Sink sink, const StreamOptions &options)
    : impl_(std::make_unique<Impl>(std::move(sink), options)) {}
StreamParser::~StreamParser() = default;
StreamParser::StreamParser(StreamParser &&) noexcept = default;
StreamParser &StreamParser::operator=(StreamParser &&) noexcept = default;

std::optional<Error> StreamParser::feed(std::string_view chunk) { return impl_->feed(chunk); }
std::optional<Error> StreamParser::finish() { return impl_->finish(); }

std::size_t StreamParser::memory_usage() const noexcept {
  const Impl &m = *impl_;
  return m.partial.capacity() + m.header_text.capacity() + m.seg.capacity() + m.ids.bytes() + m.pending_bytes;
}
std::size_t StreamParser::id_set_bytes() const noexcept { return impl_->ids.bytes(); }
std::size_t StreamParser::id_count() const noexcept { return impl_->ids.count(); }

std::optional<Error> parse_stream(std::string_view text, std::size_t chunk, const StreamParser::Sink &sink,
                                  const StreamOptions &options) {
  StreamParser p(sink, options);
  if (chunk == 0) chunk = text.size() ? text.size() : 1;
  for (std::size_t at = 0; at < text.size(); at += chunk)
    if (auto e = p.feed(text.substr(at, std::min(chunk, text.size() - at)))) return e;
  return p.finish();
}

}  // namespace hedl
