// stats(): sizes, line and token counts of a document and of its compact
// JSON, plus per-type row counts gathered by one iterative walk.
#include "hedl/stats.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "hedl/json.hpp"
#include "hedl/parse.hpp"
#include "model/document_data.hpp"

namespace hedl {

namespace {

// Per byte: 0 free (whitespace, UTF-8 continuation), 1 one token, 2 letter or digit (runs).
struct TokenTable {
  unsigned char cls[256] = {};
  constexpr TokenTable() {
    for (int c = 0; c < 256; ++c) cls[c] = 1;
    for (unsigned char c : {' ', '\t', '\r', '\n'}) cls[c] = 0;
    for (int c = 0x80; c < 0xC0; ++c) cls[c] = 0;  // the lead byte paid for the code point
    for (int c = '0'; c <= '9'; ++c) cls[c] = 2;
    for (int c = 'a'; c <= 'z'; ++c) cls[c] = 2;
    for (int c = 'A'; c <= 'Z'; ++c) cls[c] = 2;
  }
};
constexpr TokenTable kTokens;

std::size_t count_lines(std::string_view text) noexcept {
  if (text.empty()) return 0;
  auto n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return text.back() == '\n' ? n : n + 1;
}

// Adds every list's rows to its type's count, types in first-seen order.
class EntityCounter {
 public:
  explicit EntityCounter(std::vector<TypeCount> &out) : out_(out) {}

  void count(const Document &doc) {
    const bool has_children = !doc.nests().empty();
    std::vector<std::pair<const Object *, std::uint32_t>> objects{{&doc.root(), 0}};
    while (!objects.empty()) {
      auto &[obj, i] = objects.back();
      if (i == obj->count) {
        objects.pop_back();
        continue;
      }
      const Item &item = obj->items[i++];
      if (item.kind() == ItemKind::Object) {
        objects.emplace_back(item.object(), 0);
      } else if (item.kind() == ItemKind::List) {
        const MatrixList *list = item.list();
        out_[slot(list->type_name())].count += list->count;
        if (has_children) count_children(list);
      }
    }
  }

 private:
  struct Frame {
    const Row *row;
    std::uint32_t depth;
  };

  std::size_t slot(std::string_view type) {
    if (std::uint32_t k = index_.find(type)) return k - 1;
    out_.push_back(TypeCount{std::string(type), 0});
    index_.insert(type, static_cast<std::uint32_t>(out_.size()));
    return out_.size() - 1;
  }

  // Rows depth-first in document order. Child lists at one %NEST depth share
  // a type, so a per-depth cache saves most lookups.
  void count_children(const MatrixList *list) {
    rows_.clear();
    if (list->head) rows_.push_back(Frame{list->head, 0});
    while (!rows_.empty()) {
      Frame f = rows_.back();
      rows_.pop_back();
      if (f.row->next) rows_.push_back(Frame{f.row->next, f.depth});
      const MatrixList *kids = f.row->children;
      if (!kids) continue;
      if (kids->next_sibling) {  // several child types (2.0): each list by name, pushed last first
        std::size_t mark = rows_.size();
        for (const MatrixList *l = kids; l; l = l->next_sibling) {
          if (!l->head) continue;
          out_[slot(l->type_name())].count += l->count;
          rows_.push_back(Frame{l->head, f.depth + 1});
        }
        std::reverse(rows_.begin() + static_cast<std::ptrdiff_t>(mark), rows_.end());
        continue;
      }
      if (!kids->head) continue;
      std::uint32_t d = f.depth + 1;
      if (depth_.size() <= d) depth_.resize(d + 1, {nullptr, 0});
      if (depth_[d].first != kids->schema) depth_[d] = {kids->schema, slot(kids->type_name())};
      out_[depth_[d].second].count += kids->count;
      rows_.push_back(Frame{kids->head, d});
    }
  }

  std::vector<TypeCount> &out_;
  detail::StringMap<std::uint32_t> index_;  // type name -> position in out_ + 1
  std::vector<std::pair<const Schema *, std::size_t>> depth_;
  std::vector<Frame> rows_;
};

}  // namespace

std::size_t estimate_tokens(std::string_view text) noexcept {
  std::size_t tokens = 0, run = 0;
  for (char ch : text) {
    unsigned cls = kTokens.cls[static_cast<unsigned char>(ch)];
    if (cls == 2) {
      tokens += (run & 3) == 0;  // the 1st, 5th, 9th... byte of a run starts a token
      ++run;
    } else {
      tokens += cls;
      run = 0;
    }
  }
  return tokens;
}

Stats stats(const Document &doc) {
  Stats s;
  std::string_view input = doc.source();
  s.hedl_bytes = input.size();
  s.hedl_lines = count_lines(input);
  s.hedl_tokens = estimate_tokens(input);
  {
    std::string json = to_json(doc);
    s.json_bytes = json.size();
    s.json_tokens = estimate_tokens(json);
  }
  if (s.json_tokens) s.token_savings = 1.0 - static_cast<double>(s.hedl_tokens) / static_cast<double>(s.json_tokens);
  s.schemas = doc.schemas().size();
  s.aliases = doc.aliases().size();
  s.nests = doc.nests().size();
  s.root_items = doc.root().count;
  s.entities = count_entities(doc);
  return s;
}

std::vector<TypeCount> count_entities(const Document &doc) {
  std::vector<TypeCount> out;
  EntityCounter(out).count(doc);
  return out;
}

Result<Stats> stats(std::string_view text) { return stats(text, ParseOptions{}); }

Result<Stats> stats(std::string_view text, const ParseOptions &options) {
  Result<Document> doc = parse(text, options);
  if (!doc.ok()) return doc.error();
  return stats(doc.value());
}

}  // namespace hedl
