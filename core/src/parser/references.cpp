// Stage 4 (§10.3): resolving references against the type-scoped ID
// registries. The document is walked in order (so the first unresolved
// reference is the one reported), with an explicit stack.
#include <algorithm>
#include <string>

#include "parser/parser.hpp"
#include "util/simd.hpp"

namespace hedl::detail {

namespace {

std::string ref_text(const Value &v) {
  std::string t(1, '@');
  return t.append(v.reference_text());
}

}  // namespace

bool Parser::resolve_one(Value &cell, const Schema *ctx, std::uint32_t line) {
  Reference r = cell.as_reference();
  auto locate = [&]() -> std::uint32_t {
    // The reference text is a view into the input: its column is found on demand.
    const char *at = cell.reference_text().data() - 1;
    const char *ls = at;
    const char *base = doc_.input.get();
    while (ls > base && ls[-1] != '\n') --ls;
    return column_of(ls, at);
  };
  if (!r.type.empty() || ctx) {
    std::string_view type = r.type.empty() ? ctx->type_name : r.type;
    IdIndex<Row> *idx = registries_.find(type);
    if (idx && idx->find(r.id)) {
      cell = Value::reference(cell.reference_text(), true);
      return true;
    }
    if (!opt_.strict_refs || doc_.lenient_mode) return true;
    std::string msg =
        "unresolved reference " + ref_text(cell) + ": no " + std::string(type) + " has ID '" + std::string(r.id) + "'";
    if (r.type.empty()) msg += " (references inside a list look in its own type; write @Type:id for another type)";
    return fail(ErrorKind::Reference, line, locate(), msg);
  }
  // Key-value context (§10.3.1): search every type.
  std::string matches;
  std::size_t n = 0;
  for (const auto &[type, idx] : registry_store_) {
    if (idx->find(r.id)) {
      if (n) matches += ", ";
      matches += type;
      ++n;
    }
  }
  if (n == 1) {
    cell = Value::reference(cell.reference_text(), true);
    return true;
  }
  if (!opt_.strict_refs || doc_.lenient_mode) return true;
  if (n > 1)
    return fail(ErrorKind::Reference, line, locate(),
                "ambiguous unqualified reference " + ref_text(cell) + " matches multiple types: [" + matches +
                    "]; qualify it as @Type:" + std::string(r.id));
  return fail(ErrorKind::Reference, line, locate(),
              "unresolved reference " + ref_text(cell) + ": no node has ID '" + std::string(r.id) + "'");
}

// References are resolved in batches: first every lookup's slot, then its
// candidate row, then the candidate's ID bytes are prefetched, so the random
// accesses of a large registry overlap instead of queueing.
bool Parser::resolve_batch(PendingRef *batch, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    PendingRef &p = batch[i];
    Reference r = p.cell->as_reference();
    p.index = nullptr;
    p.candidate = nullptr;
    if (r.type.empty() && !p.ctx) continue;  // key-value search over every type: resolved in order below
    p.index = registries_.find(r.type.empty() ? p.ctx->type_name : r.type);
    p.hash = IdIndex<Row>::hash_of(r.id);
    if (p.index) p.index->prefetch(p.hash);
  }
  for (std::size_t i = 0; i < n; ++i) {
    PendingRef &p = batch[i];
    if (!p.index) continue;
    p.candidate = p.index->candidate(p.hash);
    if (p.candidate) simd::prefetch(p.candidate + 1);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (batch[i].candidate) simd::prefetch(batch[i].candidate->id().as_string().data());
  for (std::size_t i = 0; i < n; ++i) {
    PendingRef &p = batch[i];
    if (p.candidate) {
      std::string_view id = p.cell->as_reference().id;
      if (p.candidate->id().as_string() == id || p.index->find(id)) {
        *p.cell = Value::reference(p.cell->reference_text(), true);
        continue;
      }
    }
    if (!resolve_one(*p.cell, p.ctx, p.line)) return false;
  }
  return true;
}

bool Parser::resolve_references() {
  if (!has_refs_) return true;
  constexpr std::size_t kBatch = 32;
  PendingRef batch[kBatch];
  std::size_t n = 0;
  auto add = [&](Value *cell, const Schema *ctx, std::uint32_t line) -> bool {
    batch[n++] = PendingRef{cell, ctx, line, 0, nullptr, nullptr};
    if (n < kBatch) return true;
    n = 0;
    return resolve_batch(batch, kBatch);
  };
  auto add_list = [&](const Value &list, const Schema *ctx, std::uint32_t line) -> bool {
    for (const Value &v : list.as_list())
      if (v.kind() == ValueKind::Reference && !add(const_cast<Value *>(&v), ctx, line)) return false;
    return true;
  };

  struct Step {
    const Object *object;  // an object's items, or
    const Row *row;        // a list's rows from here on
    const Schema *schema;
    std::uint32_t index;
  };
  std::vector<Step> stack;
  stack.push_back(Step{&doc_.root, nullptr, nullptr, 0});
  while (!stack.empty()) {
    Step &s = stack.back();
    if (s.object) {
      if (s.index == s.object->count) {
        stack.pop_back();
        continue;
      }
      Item &it = s.object->items[s.index++];
      ItemKind kind = it.kind();
      if (kind == ItemKind::Scalar) {
        if (it.value.kind() == ValueKind::Reference && !add(&it.value, nullptr, it.line)) return false;
        if (it.value.kind() == ValueKind::List && !add_list(it.value, nullptr, it.line)) return false;
      } else if (kind == ItemKind::Object) {
        stack.push_back(Step{it.object(), nullptr, nullptr, 0});
      } else if (it.list()->head) {
        stack.push_back(Step{nullptr, it.list()->head, it.list()->schema, 0});
      }
      continue;
    }
    if (!s.row) {
      stack.pop_back();
      continue;
    }
    const Row *row = s.row;
    const Schema *schema = s.schema;
    s.row = row->next;
    auto *cells = const_cast<Value *>(reinterpret_cast<const Value *>(row + 1));
    for (std::size_t c = 1; c < schema->columns.size(); ++c) {
      if (cells[c].kind() == ValueKind::Reference && !add(&cells[c], schema, row->line)) return false;
      if (cells[c].kind() == ValueKind::List && !add_list(cells[c], schema, row->line)) return false;
    }
    if (row->children) {
      // Child lists in order: pushed last first.
      std::size_t mark = stack.size();
      for (const MatrixList *l = row->children; l; l = l->next_sibling)
        if (l->head) stack.push_back(Step{nullptr, l->head, l->schema, 0});
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
    }
  }
  return resolve_batch(batch, n);
}

}  // namespace hedl::detail
