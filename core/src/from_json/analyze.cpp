// Pass 1 of the JSON -> HEDL converter: find every list of records, group
// them into HEDL types (one per top-level list; one per %NEST child type
// name), gather their columns, pick ID columns and name the types.
#include <string>

#include "from_json/internal.hpp"
#include "model/document_data.hpp"
#include "util/chars.hpp"

namespace hedl::detail::fj {

const char *type_word(JsonType t) {
  switch (t) {
    case JsonType::ARRAY: return "an array";
    case JsonType::OBJECT: return "an object";
    case JsonType::INT64:
    case JsonType::UINT64:
    case JsonType::DOUBLE: return "a number";
    case JsonType::STRING: return "a string";
    case JsonType::BOOL: return "a boolean";
    case JsonType::NULL_VALUE: return "null";
  }
  return "a value";
}

bool is_reference_object(object o) {
  auto it = o.begin();
  return it != o.end() && it.key() == "@ref";
}

bool is_record_list(array a) {
  auto it = a.begin();
  if (it == a.end()) return false;
  element e = *it;
  object o;
  return e.get(o) == simdjson::SUCCESS && !is_reference_object(o);
}

std::string key_advice(std::string_view key) {
  std::string s(1, '"');
  s.append(key).append(
      "\" is not a HEDL key: keys are lowercase letters, digits and '_', starting with a letter or '_'; rename it "
      "(for example to \"");
  s.append(suggest_key(key)).append("\")");
  return s;
}

bool Converter::fail(ErrorKind kind, std::string msg, const Path *at) {
  err_path_ = at ? *at : path_;
  err_.kind = kind;
  err_.message = render_path(err_path_) + ": " + std::move(msg);
  err_.line = 0;
  err_.column = 0;
  return false;
}

bool Converter::fail_limit(const char *name, std::size_t value, std::string what) {
  return fail(ErrorKind::Security, std::string("limit ") + name + " (" + std::to_string(value) + ") exceeded: " +
                                       std::move(what) + "; raise " + name + " in the limits if this input is trusted");
}

// push_object and push_list fill different members of one Frame (object vs
// array iterators): alike in shape, kept apart so each sets only its own.
void Converter::push_object(std::size_t base, object o, std::uint32_t level) {
  Frame f{};
  f.list = false;
  f.it = o.begin();
  f.end = o.end();
  f.indent = level;
  f.path_len = base;
  stack_.push_back(f);
}

void Converter::push_list(std::size_t base, array a, std::uint32_t group, std::uint32_t level, std::uint32_t nest) {
  Frame f{};
  f.list = true;
  f.ait = a.begin();
  f.aend = a.end();
  f.group = group;
  f.indent = level;
  f.nest = nest;
  f.path_len = base;
  f.ditto_base = ditto_.size();
  stack_.push_back(f);
}

std::uint32_t Converter::new_group(std::string name, std::string_view key, bool fixed) {
  Group &g = groups_.emplace_back();
  g.name = std::move(name);
  g.key = key;
  g.fixed = fixed;
  return static_cast<std::uint32_t>(groups_.size() - 1);
}

bool Converter::analyze() {
  ref_hints_.clear();
  ref_hint_types_.clear();
  groups_.clear();
  fixed_.clear();
  top_lists_.clear();
  declared_.clear();
  empty_types_.clear();
  empty_keys_.clear();
  std::uint32_t serial = 0;
  const Limits &lim = opt_.limits;
  auto record = [&](std::size_t fi, element e) { return analyze_record(fi, e, ++serial); };
  auto member = [&](std::size_t fi, std::string_view key, element v) {
    if (!is_key_token(key)) return fail_here(key_advice(key));
    std::uint32_t level = stack_[fi].indent + 1;  // of the lines inside v
    object o;
    array a;
    if (v.get(o) == simdjson::SUCCESS) {
      if (is_reference_object(o)) {
        note_reference(o);
        return true;
      }
      if (o.begin() == o.end()) return true;
      if (level > lim.max_indent_depth)
        return fail_limit("max_indent_depth", lim.max_indent_depth, "objects nest deeper than that");
      std::size_t base = path_.size();
      path_.push_back(PathStep{});
      push_object(base, o, level);
    } else if (v.get(a) == simdjson::SUCCESS && is_record_list(a)) {
      if (level > lim.max_indent_depth)
        return fail_limit("max_indent_depth", lim.max_indent_depth, "this list's rows would be indented deeper");
      std::uint32_t g = new_group({}, key, false);
      groups_[g].first_path = path_;
      groups_[g].lists.push_back(a);
      top_lists_.push_back(g);
      std::size_t base = path_.size();
      path_.push_back(PathStep{});
      push_list(base, a, g, level, 0);
    } else if (v2_ && v.get(a) == simdjson::SUCCESS) {
      if (a.begin() == a.end())
        empty_keys_.push_back(key);
      else
        note_list_references(a);
    }
    return true;
  };
  auto child = [&](std::size_t fi, const Pending &p) {
    push_child_list(fi, p);
    return true;
  };
  if (!walk(record, member, child, [](const Frame &) {})) return false;
  if (!finish_groups()) return false;
  // 2.0 declares the types of empty lists in the header (1.0 writes `@Type[id]` inline).
  for (std::string_view k : empty_keys_) {
    std::string name = type_name_for_key(k);
    if (declared_.find(name)) continue;
    auto at = std::lower_bound(empty_types_.begin(), empty_types_.end(), name);
    if (at == empty_types_.end() || *at != name) empty_types_.insert(at, std::move(name));
  }
  return true;
}

void Converter::push_child_list(std::size_t fi, const Pending &p) {
  const std::uint32_t level = stack_[fi].indent + 1, nest = stack_[fi].nest + 1;
  std::size_t base = path_.size();  // its parent record's step is at the back
  path_.push_back(PathStep{p.key, p.member, true});
  path_.push_back(PathStep{});
  push_list(base, p.list, p.group, level, nest);  // the frame owns both steps
}

// A field holding a list of records: a child list of the record (1.0: one
// per record, of one type per list; 2.0: one per child type). Adds it to
// `children`.
bool Converter::take_child_list(Group &g, std::string_view key, std::uint32_t member, array a,
                                std::vector<ChildList> &children) {
  std::string name;
  if (is_type_token(key))
    name = std::string(key);
  else if (is_key_token(key))
    name = type_name_for_key(key);
  else
    return fail_here(std::string(1, '"').append(key).append(
        "\" cannot name a list of child records: use the child type's name (PascalCase, like \"UserPost\") or a "
        "HEDL key (like \"user_posts\")"));
  if (!v2_ && !children.empty())
    return fail_here("this record holds two lists of records (\"" + std::string(children[0].key) + "\" and \"" +
                     std::string(key) +
                     "\"); HEDL 1.0 gives each record type one child type (%NEST); HEDL 2.0 "
                     "has several");
  for (const ChildList &c : children)
    if (c.name == name)
      return fail_here("this record holds two lists of records of type " + name + " (\"" + std::string(c.key) +
                       "\" and \"" + std::string(key) + "\"); a record has one list per child type");
  if (g.col_map.find(key))
    return fail_here(std::string(1, '"').append(key).append(
        "\" holds a list of records here but a value in an earlier record of this list"));
  children.push_back(ChildList{key, member, std::move(name), a, true});
  return true;
}

// A field no earlier record of the group had: a new column. Returns its
// index, or -1 with the error set.
std::int64_t Converter::new_column(Group &g, std::string_view key) {
  bool ok = is_key_token(key) || fail_here(key_advice(key));
  for (std::string_view k : g.child_keys)
    if (ok && k == key)
      ok = fail_here(std::string(1, '"').append(key).append(
          "\" holds a value here but a list of records in an earlier record of this list"));
  if (ok && g.cols.size() + 1 > opt_.limits.max_columns)
    ok = fail_limit("max_columns", opt_.limits.max_columns, "the records of this list have more fields");
  if (!ok) return -1;
  auto c = static_cast<std::int64_t>(g.cols.size());
  g.cols.push_back(key);
  g.col_map.insert(key, static_cast<std::uint32_t>(c + 1));
  g.str_rows.push_back(0);
  g.stamp.push_back(0);
  if (key == "id") g.id_index = c;
  return c;
}

// The element of a list of records that is not a record: the conversion's error.
bool Converter::fail_not_record(element e) {
  return fail_here(std::string("this list of records holds ") +
                   (e.type() == JsonType::OBJECT ? "a reference" : type_word(e.type())) +
                   ": every element must be a record (an object with an \"id\"); HEDL 1.0 has no mixed lists");
}

// The first record of a group without a usable "id" (`value` names what its
// "id" holds; null: it has none): choose_id's error, should no other column serve.
void Converter::note_bad_id(Group &g, std::size_t rec_depth, const char *value) {
  g.id_note = value ? std::string("its \"id\" is ") + value + ", not a non-empty string" : "it has no \"id\"";
  g.id_note_path.assign(path_.begin(), path_.begin() + static_cast<std::ptrdiff_t>(rec_depth));
}

// One record of list frame `fi`: its fields become (or match) its group's
// columns, with what choose_id needs; a child list is entered after it.
bool Converter::analyze_record(std::size_t fi, element e, std::uint32_t serial) {
  const std::uint32_t group = stack_[fi].group, level = stack_[fi].indent, nest = stack_[fi].nest;
  Group &g = groups_[group];  // deque: stays valid while groups are added
  object rec;
  if (e.get(rec) != simdjson::SUCCESS || is_reference_object(rec)) return fail_not_record(e);
  ++g.nrows;
  const std::size_t rec_depth = path_.size();
  path_.push_back(PathStep{});
  std::vector<ChildList> children;
  std::uint32_t i = 0;
  std::int64_t fields = 0;  // fields seen, child list aside
  for (auto it = rec.begin(); it != rec.end(); ++it, ++i) {
    std::string_view key = it.key();
    element v = it.value();
    const JsonType type = v.type();
    set_step(key, i);
    array a;
    if (type == JsonType::ARRAY && v.get(a) == simdjson::SUCCESS && is_record_list(a)) {
      if (!take_child_list(g, key, i, a, children)) return false;
      continue;
    }
    if (type == JsonType::ARRAY && !v2_ && v.get(a) == simdjson::SUCCESS && a.begin() == a.end())
      return fail_here(
          "a record field holds an empty array, which a HEDL 1.0 cell cannot hold (child lists are never empty "
          "and tensors need numbers); remove the field, use null, or write HEDL 2.0 (an empty list)");
    if (type == JsonType::ARRAY && v2_ && v.get(a) == simdjson::SUCCESS) note_list_references(a);
    std::int64_t c = g.column_of(key, i);
    if (c < 0 && (c = new_column(g, key)) < 0) return false;
    if (c != fields++) g.in_order = false;
    auto col = static_cast<std::size_t>(c);
    if (g.stamp[col] == serial) return fail_here("duplicate field \"" + std::string(key) + "\" in one record");
    g.stamp[col] = serial;
    object o;
    if (type == JsonType::STRING && !get_as<std::string_view>(v).empty()) {
      ++g.str_rows[col];
    } else if (type == JsonType::OBJECT && v.get(o) == simdjson::SUCCESS && is_reference_object(o)) {
      note_reference(o);
    } else if (c == g.id_index && g.id_note.empty()) {
      note_bad_id(g, rec_depth, type == JsonType::STRING ? "empty" : type_word(type));
    }
  }
  if (g.id_note.empty() && (g.id_index < 0 || g.stamp[static_cast<std::size_t>(g.id_index)] != serial))
    note_bad_id(g, rec_depth, nullptr);
  path_.pop_back();
  if (children.empty()) return true;
  begin_pending(fi);
  for (ChildList &c : children) {
    path_.push_back(PathStep{c.key, c.member, true});  // for the errors
    std::uint32_t cg = 0;
    if (!enter_child_list(g, level, nest, c, cg)) return false;
    path_.pop_back();
    add_pending(fi, Pending{c.list, c.key, c.member, cg});
  }
  return true;
}

// A record's child list: its group (found or made, stored in `cg`) and the limits.
bool Converter::enter_child_list(Group &g, std::uint32_t level, std::uint32_t nest, ChildList &child,
                                 std::uint32_t &cg) {
  if (std::uint32_t known = fixed_.find(child.name)) {
    cg = known - 1;
  } else {
    cg = new_group(std::move(child.name), child.key, true);
    groups_[cg].first_path = path_;
    fixed_.insert(groups_[cg].name, cg + 1);
  }
  if (std::find(g.children.begin(), g.children.end(), cg) == g.children.end()) {
    if (!v2_ && !g.children.empty())
      return fail_here("the records of this list hold child lists of two types (" + groups_[g.children[0]].name +
                       " and " + groups_[cg].name +
                       "); HEDL 1.0 gives each record type one child type (%NEST); HEDL 2.0 has several");
    g.children.push_back(cg);
  }
  if (std::find(g.child_keys.begin(), g.child_keys.end(), child.key) == g.child_keys.end()) {
    g.child_keys.push_back(child.key);
    g.child_key_group.push_back(cg);
  }
  if (level + 1 > opt_.limits.max_indent_depth)
    return fail_limit("max_indent_depth", opt_.limits.max_indent_depth, "child records would be indented deeper");
  if (nest + 1 > opt_.limits.max_nest_depth)
    return fail_limit("max_nest_depth", opt_.limits.max_nest_depth, "child records nest deeper than that");
  groups_[cg].lists.push_back(child.list);
  return true;
}

bool Converter::choose_id(Group &g) {
  std::uint32_t idv = g.col_map.find("id");
  if (idv && g.str_rows[idv - 1] == g.nrows) {
    g.id_col = idv - 1;  // its uniqueness is the parse's to check: a duplicate is an error either way
    return true;
  }
  // No usable "id": the first field that is a non-empty string in every record
  // and unique in the type becomes the ID column (order is not data).
  std::size_t tried = 0;
  for (std::size_t c = 0; c < g.cols.size() && tried < 8; ++c) {
    if (g.str_rows[c] != g.nrows || (idv && c == idv - 1)) continue;
    ++tried;
    StringMap<std::uint32_t> seen;
    bool unique = true;
    for (std::size_t l = 0; l < g.lists.size() && unique; ++l) {
      for (element r : g.lists[l]) {
        std::string_view s;
        if (get_as<object>(r).at_key(g.cols[c]).get(s) != simdjson::SUCCESS || seen.insert(s, 1)) {
          unique = false;
          break;
        }
      }
    }
    if (unique) {
      g.id_col = static_cast<std::uint32_t>(c);
      return true;
    }
  }
  return fail_here("this record cannot have an ID: " + g.id_note +
                       ", and no other field holds a unique, non-empty string in every record of this list. A HEDL "
                       "record needs one as its ID: add an \"id\" string to each record",
                   &g.id_note_path);
}

bool Converter::finish_groups() {
  // %NEST rules cannot form cycles; only child types (fixed names) can close
  // one. A search from each child type through its descendants.
  const std::size_t n = groups_.size();
  std::vector<std::uint32_t> from(n), todo;
  for (std::size_t i = 0; i < n; ++i) {
    if (!groups_[i].fixed || groups_[i].children.empty()) continue;
    std::fill(from.begin(), from.end(), ~0u);
    todo.assign(1, static_cast<std::uint32_t>(i));
    while (!todo.empty()) {
      std::uint32_t j = todo.back();
      todo.pop_back();
      for (std::uint32_t c : groups_[j].children) {
        if (c == i) {
          std::string chain = groups_[i].name;  // i > ... > j > i, from i's side
          std::vector<std::uint32_t> back{j};
          while (back.back() != i) back.push_back(from[back.back()]);
          for (std::size_t k = back.size() - 1; k-- > 0;) chain += " > " + groups_[back[k]].name;
          chain += " > " + groups_[i].name;
          return fail_here("records of type " + groups_[i].name + " hold records of their own type below them (" +
                               chain + "); HEDL %NEST rules cannot form a cycle",
                           &groups_[i].first_path);
        }
        if (from[c] != ~0u) continue;
        from[c] = j;
        todo.push_back(c);
      }
    }
  }
  for (Group &g : groups_) {
    if (!choose_id(g)) return false;
    g.order.clear();
    g.order.push_back(g.id_col);
    for (std::uint32_t c = 0; c < g.cols.size(); ++c)
      if (c != g.id_col) g.order.push_back(c);
  }
  // Names: child types are named by their records' keys (to_json shows them).
  for (std::size_t i = 0; i < groups_.size(); ++i)
    if (groups_[i].fixed) declared_.insert(groups_[i].name, static_cast<std::uint32_t>(i + 1));
  // A qualified reference @T:id names the type of the list holding `id`: give
  // that list the name T, so the reference resolves as it did in the document
  // the JSON came from (whose list keys need not match their type names).
  for (const auto &[type, id] : ref_hints_) {
    if (declared_.find(type)) continue;
    for (std::uint32_t gi : top_lists_) {
      Group &g = groups_[gi];
      if (!g.name.empty()) continue;
      bool holds = false;
      for (element r : g.lists.front()) {  // a top-level type has one list
        std::string_view v;
        if (get_as<object>(r).at_key(g.cols[g.id_col]).get(v) == simdjson::SUCCESS && v == id) {
          holds = true;
          break;
        }
      }
      if (!holds) continue;
      g.name = std::string(type);
      declared_.insert(g.name, gi + 1);
      break;
    }
  }
  // Every other top-level list takes its key's singular, numbered when taken.
  std::deque<std::string> bases;            // the keys of next_number
  std::vector<std::uint32_t> next_numbers;  // per base: the next number to try
  StringMap<std::uint32_t> next_number;     // base -> index in next_numbers + 1
  for (std::uint32_t gi : top_lists_) {
    Group &g = groups_[gi];
    if (!g.name.empty()) continue;
    std::string base = type_name_for_key(g.key);
    std::string name = base;
    std::uint32_t slot = next_number.find(base);
    if (!slot) {
      next_numbers.push_back(2);
      slot = static_cast<std::uint32_t>(next_numbers.size());
      next_number.insert(bases.emplace_back(base), slot);
    }
    std::uint32_t &k = next_numbers[slot - 1];
    while (declared_.find(name)) name = base + std::to_string(k++);
    g.name = std::move(name);
    declared_.insert(g.name, gi + 1);
  }
  return true;
}

void Converter::note_reference(object o) {
  // Only the first ID per type is kept: it is enough to find the list.
  std::string_view s;
  if (o.begin().value().get(s) != simdjson::SUCCESS || s.size() < 2 || s[0] != '@') return;
  std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return;
  std::string_view type = s.substr(1, colon - 1);
  if (!is_type_token(type) || ref_hint_types_.find(type)) return;
  ref_hint_types_.insert(type, 1);
  ref_hints_.emplace_back(type, s.substr(colon + 1));
}

}  // namespace hedl::detail::fj
