// Lint rules over the Document model (D16). One iterative walk over objects
// and rows gathers every rule's findings; nothing is re-parsed and nothing
// recurses, so a deep or huge document costs only its size.
#include "hedl/lint.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace hedl {

namespace detail {
/// The HEDL 1.1+/2.0 rules (lint_v2.cpp).
void lint_v2(const Document &doc, const LintConfig &config, std::vector<Diagnostic> &out);
}  // namespace detail

namespace {

constexpr std::string_view kIdNaming = "id-naming";
constexpr std::string_view kUnusedSchema = "unused-schema";
constexpr std::string_view kEmptyList = "empty-list";
constexpr std::string_view kUnqualifiedKvRef = "unqualified-kv-ref";
constexpr std::string_view kTrailingEmptyObject = "trailing-empty-object";

constexpr LintRule kRules[] = {
    {kIdNaming, Severity::Hint, "IDs of one character, or of digits only, say little about what they name"},
    {kUnusedSchema, Severity::Warning, "a %STRUCT type that no list or %NEST child row uses"},
    {kEmptyList, Severity::Hint, "a matrix list without rows"},
    {kUnqualifiedKvRef, Severity::Warning, "a key-value reference without its type (@id instead of @Type:id)"},
    {kTrailingEmptyObject, Severity::Warning, "the document ends with an object that has no keys (truncated?)"},
    {"verbose-directive", Severity::Warning, "a long directive name (%STRUCT:, ...) in a 2.0 document: 2.0 writes %S:"},
    {"directive-order", Severity::Hint,
     "header directives out of the canonical 2.0 order (%V %NULL %QUOTE %MODE %A %S %N %C %PROMPT %X-)"},
    {"space-after-pipe", Severity::Warning, "a 2.0 row with a space right after '|' (upstream 2.0 rejects it)"},
    {"inline-children-over-5", Severity::Warning, "an inline child block @Type#N:|... with more than 5 children"},
    {"ambiguous-child-row", Severity::Warning, "a plain child row under a parent with several child types"},
    {"count-mismatch", Severity::Warning, "a %C count that differs from the rows"},
};

/// Byte length of the UTF-8 sequence a lead byte starts (the parser validated the input).
std::size_t utf8_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

/// True for an ID of exactly one code point.
bool single_character(std::string_view id) noexcept {
  return !id.empty() && id.size() == utf8_length(static_cast<unsigned char>(id[0]));
}

/// True for an ID of digits and underscores with at least one digit.
bool digits_only(std::string_view id) noexcept {
  bool digit = false;
  for (char c : id) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '_')
      return false;
  }
  return digit;
}

/// "OrderItem" -> "order_item": a prefix for suggested IDs.
std::string snake_case(std::string_view type) {
  std::string s;
  s.reserve(type.size() + 4);
  for (std::size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    if (c >= 'A' && c <= 'Z') {
      if (i) s += '_';
      s += static_cast<char>(c - 'A' + 'a');
    } else {
      s += c;
    }
  }
  return s;
}

class Linter {
 public:
  Linter(const Document &doc, const LintConfig &config)
      : doc_(doc),
        config_(config),
        id_naming_(config.enabled(kIdNaming)),
        unused_schema_(config.enabled(kUnusedSchema)),
        empty_list_(config.enabled(kEmptyList)),
        kv_ref_(config.enabled(kUnqualifiedKvRef)),
        trailing_(config.enabled(kTrailingEmptyObject)) {}

  std::vector<Diagnostic> run() {
    detail::lint_v2(doc_, config_, out_);
    walk_objects();
    if (unused_schema_) report_unused_schemas();
    if (trailing_) check_trailing_object();
    return std::move(out_);
  }

 private:
  struct ObjectFrame {
    const Object *object;
    std::uint32_t index;
  };
  struct RowFrame {
    const Row *row;
    const MatrixList *list;
    std::uint32_t depth;  // 0 for a key's list, +1 per %NEST level
  };

  void add(std::string_view rule, Severity severity, std::string message, std::string suggestion, std::uint32_t line,
           std::uint32_t column) {
    out_.push_back(Diagnostic{std::string(rule), severity, std::move(message), std::move(suggestion), line ? line : 1,
                              column ? column : 1});
  }

  void walk_objects() {
    objects_.push_back(ObjectFrame{&doc_.root(), 0});
    while (!objects_.empty()) {
      ObjectFrame &f = objects_.back();
      if (f.index == f.object->count) {
        objects_.pop_back();
        continue;
      }
      const Item &item = f.object->items[f.index++];
      const std::uint32_t column = f.object->column;  // items carry no column: their object's keys share one
      switch (item.kind()) {
        case ItemKind::Scalar:
          if (kv_ref_) check_kv_reference(item, column);
          break;
        case ItemKind::Object:
          objects_.push_back(ObjectFrame{item.object(), 0});  // `f` is not used after this
          break;
        case ItemKind::List:
          if (empty_list_ && item.list()->count == 0)
            add(kEmptyList, Severity::Hint,
                "list '" + std::string(item.key) + "' (@" + std::string(item.list()->type_name()) + ") has no rows",
                "add rows, or remove the key if the list is not needed", item.line, column);
          if (id_naming_ || unused_schema_) walk_rows(item.list());
          break;
      }
    }
  }

  void check_kv_reference(const Item &item, std::uint32_t column) {
    if (item.value.kind() != ValueKind::Reference) return;
    Reference ref = item.value.as_reference();
    if (!ref.type.empty()) return;
    std::string id(ref.id);
    add(kUnqualifiedKvRef, Severity::Warning,
        "reference '@" + id + "' under key '" + std::string(item.key) + "' does not name its type",
        "write @Type:" + id + " so that it stays unambiguous when another type gets the ID '" + id + "'", item.line,
        column);
  }

  // Rows depth-first in document order: a row, then its %NEST children, then
  // the next row. Child lists at depth d all have the d-th type of the list's
  // %NEST chain, so remembering one schema per depth marks every used type.
  void walk_rows(const MatrixList *list) {
    depth_types_.clear();
    depth_types_.push_back(list->schema);
    if (list->head) rows_.push_back(RowFrame{list->head, list, 0});
    while (!rows_.empty()) {
      RowFrame f = rows_.back();
      rows_.pop_back();
      const Row *row = f.row;
      if (id_naming_) check_id(*row, *f.list);
      if (row->next) rows_.push_back(RowFrame{row->next, f.list, f.depth});
      for (const MatrixList *kids = row->children; kids; kids = kids->next_sibling) {
        if (!kids->head) continue;
        std::uint32_t d = f.depth + 1;
        if (d >= depth_types_.size())
          depth_types_.push_back(kids->schema);
        else if (depth_types_[d] != kids->schema)
          used_.push_back(kids->schema);  // not a chain after all: record it directly
        rows_.push_back(RowFrame{kids->head, kids, d});
      }
    }
    used_.insert(used_.end(), depth_types_.begin(), depth_types_.end());
  }

  void check_id(const Row &row, const MatrixList &list) {
    const Value &idv = row.id();
    if (idv.kind() != ValueKind::String) return;
    std::string_view id = idv.as_string();
    // Most IDs start with a letter and are longer than one character: neither check can hit.
    if (id.size() > 1 && ((id[0] | 0x20) >= 'a' && (id[0] | 0x20) <= 'z')) return;
    bool short_id = single_character(id), numeric = digits_only(id);
    if (!short_id && !numeric) return;
    std::string type(list.type_name());
    std::string example = snake_case(type) + "_" + std::string(id);
    if (short_id)
      add(kIdNaming, Severity::Hint, "ID '" + std::string(id) + "' of type " + type + " is a single character",
          "use a descriptive ID, e.g. " + example, row.line, list.column);
    if (numeric)
      add(kIdNaming, Severity::Hint, "ID '" + std::string(id) + "' of type " + type + " is only digits",
          "prefix it with a word, e.g. " + example, row.line, list.column);
  }

  void report_unused_schemas() {
    const std::less<const Schema *> order;  // a total order on pointers, unlike `<`
    std::sort(used_.begin(), used_.end(), order);
    used_.erase(std::unique(used_.begin(), used_.end()), used_.end());
    for (const Schema *s : doc_.schemas()) {
      if (std::binary_search(used_.begin(), used_.end(), s, order)) continue;
      // Its parent type, if it is a %NEST child (unused types are few: a scan).
      const Schema *parent = nullptr;
      for (const Schema *p : doc_.schemas())
        for (const Schema *c : p->nest_children)
          if (c == s && !parent) parent = p;
      std::string type(s->type_name);
      std::string hint;
      if (parent)
        hint = "add " + type + " rows under a " + std::string(parent->type_name) +
               " row, or remove its %STRUCT and %NEST lines";
      else
        hint = "use it in a list (key: @" + type + ") or remove its %STRUCT line";
      add(kUnusedSchema, Severity::Warning, "type '" + type + "' is declared but no list or child row uses it",
          std::move(hint), s->line, 1);
    }
  }

  void check_trailing_object() {
    const Object *o = &doc_.root();
    const Item *last = nullptr;
    std::uint32_t column = 1;
    while (o->count) {  // the last statement sits under each level's last item
      last = &o->items[o->count - 1];
      if (last->kind() != ItemKind::Object) return;
      column = o->column;
      o = last->object();
    }
    if (!last) return;
    add(kTrailingEmptyObject, Severity::Warning,
        "the document ends with '" + std::string(last->key) +
            ":', an object with no keys; a cut-off file looks the same",
        "if the file was cut short, restore the missing lines; an object meant to be empty can stay", last->line,
        column);
  }

  const Document &doc_;
  const LintConfig &config_;
  const bool id_naming_, unused_schema_, empty_list_, kv_ref_, trailing_;
  std::vector<Diagnostic> out_;
  std::vector<ObjectFrame> objects_;
  std::vector<RowFrame> rows_;
  std::vector<const Schema *> depth_types_;
  std::vector<const Schema *> used_;
};

}  // namespace

const char *severity_name(Severity severity) noexcept {
  switch (severity) {
    case Severity::Hint: return "hint";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "hint";
}

std::span<const LintRule> lint_rules() noexcept { return kRules; }

bool LintConfig::enabled(std::string_view rule) const noexcept {
  for (const std::string &d : disabled_rules)
    if (d == rule) return false;
  return true;
}

std::vector<Diagnostic> lint(const Document &doc, const LintConfig &config) {
  std::vector<Diagnostic> out = Linter(doc, config).run();
  if (config.warnings_as_errors)
    for (Diagnostic &d : out)
      if (d.severity == Severity::Warning) d.severity = Severity::Error;
  if (config.min_severity != Severity::Hint)
    std::erase_if(out, [&](const Diagnostic &d) { return d.severity < config.min_severity; });
  auto before = [](const Diagnostic &a, const Diagnostic &b) {
    if (a.severity != b.severity) return a.severity > b.severity;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  };
  if (!std::is_sorted(out.begin(), out.end(), before)) {
    // A stable bottom-up merge sort, written out: std::stable_sort's
    // instantiation costs 3 KB of wasm, this a few hundred bytes.
    std::vector<Diagnostic> tmp(out.size());
    for (std::size_t width = 1; width < out.size(); width *= 2) {
      for (std::size_t lo = 0; lo < out.size(); lo += 2 * width) {
        const std::size_t mid = std::min(lo + width, out.size()), hi = std::min(lo + 2 * width, out.size());
        std::size_t i = lo, j = mid, k = lo;
        while (i < mid && j < hi) tmp[k++] = std::move(before(out[j], out[i]) ? out[j++] : out[i++]);
        while (i < mid) tmp[k++] = std::move(out[i++]);
        while (j < hi) tmp[k++] = std::move(out[j++]);
      }
      out.swap(tmp);
    }
  }
  if (config.max_diagnostics && out.size() > config.max_diagnostics) out.resize(config.max_diagnostics);
  return out;
}

}  // namespace hedl
