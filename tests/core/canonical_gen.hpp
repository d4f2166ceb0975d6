// A generator of random valid HEDL documents for the canonical-form property
// test (canonical_test.cpp): nested objects, declared and inline schemas,
// %NEST chains, aliases, ditto, references, tensors, comments, CRLF, and
// hostile strings in values, cells and IDs. It quotes by its own (simpler,
// more conservative) rules, so it does not share the writer's mistakes.
#pragma once

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hedl_test {

/// splitmix64: a fixed-seed generator, identical on every platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(int percent) { return range(0, 99) < percent; }
  template <class T>
  const T &pick(const std::vector<T> &v) {
    return v[static_cast<std::size_t>(range(0, static_cast<int>(v.size()) - 1))];
  }
};

inline const std::vector<std::string> kHostile = {"",
                                                  " ",
                                                  "  lead",
                                                  "trail  ",
                                                  "a,b",
                                                  "x#y",
                                                  "#",
                                                  "|",
                                                  "a|b",
                                                  "[",
                                                  "[1, 2]",
                                                  "[x",
                                                  "~",
                                                  "~x",
                                                  "@",
                                                  "@x",
                                                  "@User:x",
                                                  "$",
                                                  "$(x)",
                                                  "a$(b",
                                                  "$x",
                                                  "%",
                                                  "%50",
                                                  "%a",
                                                  "^",
                                                  "^x",
                                                  "true",
                                                  "false",
                                                  "null",
                                                  "True",
                                                  "42",
                                                  "-0.5",
                                                  "007",
                                                  "1e10",
                                                  "-",
                                                  "1.",
                                                  ".5",
                                                  "9223372036854775808",
                                                  "\"",
                                                  "\"\"",
                                                  "say \"hi\"",
                                                  "\"quoted\"",
                                                  "\"\"\"",
                                                  "a\"\"\"b",
                                                  "\"\"\"x",
                                                  "back\\slash",
                                                  "\\n",
                                                  "\\",
                                                  "\\\"",
                                                  "line1\nline2",
                                                  "\n",
                                                  "a\n\nb",
                                                  "tab\there",
                                                  "\t",
                                                  "trailing \n  spaces  \nx",
                                                  "  \"\"\"  ",
                                                  "x\n\"\"\" # not the end\ny",
                                                  "\u00e9",
                                                  "\u65e5\u672c\u8a9e",
                                                  "\U0001F389 emoji \U0001F469\u200D\U0001F4BB",
                                                  "\u00a0nbsp\u00a0",
                                                  "\u2028",
                                                  "a: b",
                                                  "key:",
                                                  "---",
                                                  "%VERSION: 1.0",
                                                  "|row",
                                                  "  # not a comment",
                                                  "x ,y",
                                                  "cr\r",
                                                  "\r\n",
                                                  "hello world",
                                                  "alice@example.com"};

inline const std::vector<std::string> kRawKv = {"say \"hi\"",
                                                "alice@example.com",
                                                "100$",
                                                "%50",
                                                "~x",
                                                "^",
                                                "^x",
                                                "a^b",
                                                "x[1]",
                                                "-",
                                                "1.",
                                                ".5",
                                                "1e10",
                                                "+1",
                                                "True",
                                                "a: b",
                                                "x $(y",
                                                "a$(b)c",
                                                "\u00e9 \u00e0",
                                                "\u00a0x",
                                                "null",
                                                "9223372036854775808"};
inline const std::vector<std::string> kRawCell = {
    "alice@example.com", "100$", "%50",    "~x", "^x", "x[1", "a\\b", "-", "1.", "1e10", "True", "a:b", "a$(b)c",
    "a$(b,c)d",          "null", "\u00a0x"};
inline const std::vector<std::string> kExpr = {"$(x + 1)",          "$()",     "$((a + b) * c)", "$(f(\")\", \"a,b\"))",
                                               "$(a # b)",          "$(x\ty)", "$(\u00e9)",      "$(a, b | c)",
                                               "$(say \"\"hi\"\")", "$([1,2])"};
inline const std::vector<std::string> kKeys = {"a",  "b",  "c",  "z",   "y",    "_",   "_a", "a_", "a1",    "a10",
                                               "a2", "aa", "ab", "key", "name", "zz9", "m",  "id", "value", "x_y_z"};
inline const std::vector<std::string> kCols = {"name", "v", "a_b", "z", "x1", "ref", "n", "amount", "note", "tag"};

inline bool is_id_token(const std::string &s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

/// Conservatively safe as an unquoted value or cell (the generator's own rule).
inline bool plain_safe(const std::string &s) {
  if (s.empty() || s == "true" || s == "false" || s == "null") return false;
  auto first = static_cast<unsigned char>(s[0]);
  if (!(std::isalpha(first) || first >= 0x80)) return false;
  if (s.back() == ' ') return false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c >= 0x80 || c == ' ' || c == '_' || c == '.' || c == '-' || c == '@' || c == ':' ||
          c == '/'))
      return false;
  }
  return true;
}

inline std::string double_text(double d) {
  char buf[800];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  std::string s(buf, r.ptr);
  if (s.find('.') == std::string::npos) s += ".0";
  return s;
}

/// Builds a random valid HEDL document as text.
class Gen {
 public:
  Gen(std::uint64_t seed, bool strict) : rng_{seed}, strict_(strict) {}

  std::string document() {
    nl_ = rng_.chance(10) ? "\r\n" : "\n";
    header();
    line("---");
    object(0, rng_.range(0, 10));
    return out_;
  }

 private:
  struct Type {
    std::string name;
    std::vector<std::string> cols;
    int child = -1;  // index into types_ of the %NEST child
  };

  void line(const std::string &s) { out_ += s + nl_; }
  std::string ind(int depth) { return std::string(2 * static_cast<std::size_t>(depth), ' '); }
  void maybe_comment(int depth) {
    if (rng_.chance(5)) line(ind(rng_.range(0, depth)) + "# comment, \"quoted\" | @x");
    if (rng_.chance(5)) line(rng_.chance(50) ? "" : "   ");
  }

  std::string hostile() {
    std::string s = rng_.pick(kHostile);
    if (rng_.chance(30)) s += rng_.pick(kHostile);
    if (rng_.chance(10)) s += rng_.pick(kHostile);
    return s;
  }

  void header() {
    line(std::string("%VERSION: 1.0"));
    std::vector<std::string> directives;
    int naliases = rng_.range(0, 4);
    for (int i = 0; i < naliases; ++i) {
      std::string key = rng_.pick(kKeys) + std::to_string(i);
      std::string value = rng_.chance(30) ? rng_.pick(std::vector<std::string>{"true", "42", "-0.5", "", "x", "\"\"\"",
                                                                               "hello world", "a b c d e f"})
                                          : hostile();
      if (value.find_first_of("\r\n") != std::string::npos) value = "v" + std::to_string(i);
      std::string q;
      for (char c : value) q += c == '"' ? std::string("\"\"") : std::string(1, c);
      directives.push_back("%ALIAS: %" + key + ": \"" + q + "\"");
      aliases_.push_back(key);
      alias_values_[key] = value;
    }
    int ntypes = rng_.range(0, 4);
    for (int i = 0; i < ntypes; ++i) {
      Type t;
      t.name = std::string("T") + static_cast<char>('a' + i) + (rng_.chance(30) ? "9" : "");
      t.cols.push_back("id");
      std::vector<std::string> pool = kCols;
      int extra = rng_.range(0, 3);
      for (int c = 0; c < extra; ++c) {
        std::size_t k = static_cast<std::size_t>(rng_.range(0, static_cast<int>(pool.size()) - 1));
        t.cols.push_back(pool[k]);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(k));
      }
      std::string cols;
      for (std::size_t c = 0; c < t.cols.size(); ++c) cols += (c ? (rng_.chance(50) ? ", " : ",") : "") + t.cols[c];
      directives.push_back("%STRUCT: " + t.name + ": [" + cols + "]");
      types_.push_back(t);
    }
    // A %NEST chain over the types in order: T0 > T1 > T2 ...
    std::vector<std::string> nests;
    for (int i = 0; i + 1 < ntypes; ++i) {
      if (!rng_.chance(60)) continue;
      types_[static_cast<std::size_t>(i)].child = i + 1;
      nests.push_back("%NEST: " + types_[static_cast<std::size_t>(i)].name + " > " +
                      types_[static_cast<std::size_t>(i + 1)].name);
    }
    for (std::size_t i = directives.size(); i > 1; --i)
      std::swap(directives[i - 1], directives[static_cast<std::size_t>(rng_.range(0, static_cast<int>(i) - 1))]);
    for (auto &d : directives) line(d);
    for (auto &n : nests) line(n);
  }

  std::string kv_string(const std::string &s, int depth) {
    if (s.find('\r') != std::string::npos) return kv_string("no cr", depth);
    bool block = s.find('\n') != std::string::npos || (!s.empty() && s[0] == '"') || rng_.chance(5);
    if (block) {
      std::string text = "\"\"\"" + std::string(rng_.chance(20) ? "  # opens" : "") + nl_;
      std::size_t start = 0;
      while (true) {
        std::size_t nl = s.find('\n', start);
        std::string l = s.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        std::string t = l.substr(std::min(l.find_first_not_of(' '), l.size()));
        if (t.rfind("\"\"\"", 0) == 0) {
          std::string rest = t.substr(3);
          rest.erase(0, std::min(rest.find_first_not_of(" \t"), rest.size()));
          if (rest.empty() || rest[0] == '#') return kv_string("closes a block", depth);
        }
        if (!l.empty() || rng_.chance(50)) text += ind(depth);
        text += l + nl_;
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      if (s.empty()) text = "\"\"\"" + nl_;  // `"""` right after `"""`: the empty string
      return text + ind(rng_.range(0, depth)) + "\"\"\"" + (rng_.chance(20) ? " # closes" : "");
    }
    if (plain_safe(s) && rng_.chance(50)) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  }

  std::string cell_string(const std::string &s, bool last) {
    if (s.empty() && !last && rng_.chance(50)) return rng_.chance(50) ? "" : " ";
    if (plain_safe(s) && rng_.chance(50)) return s;
    std::string q = "\"";
    for (char c : s) {
      switch (c) {
        case '"': q += rng_.chance(50) ? "\"\"" : "\\\""; break;
        case '\\': q += "\\\\"; break;
        case '\n': q += "\\n"; break;
        case '\r': q += "\\r"; break;
        case '\t': q += rng_.chance(50) ? "\\t" : "\t"; break;
        default: q += c;
      }
    }
    return q + "\"";
  }

  std::string number_text() {
    switch (rng_.range(0, 6)) {
      case 0:
        return rng_.pick(
            std::vector<std::string>{"0", "-0", "007", "9223372036854775807", "-9223372036854775808", "1", "-1", "42"});
      case 1: return std::to_string(static_cast<std::int64_t>(rng_.next()));
      case 2: return std::to_string(rng_.range(-1000, 1000));
      case 3: {
        static const std::vector<double> kDoubles = {0.1,
                                                     1e300,
                                                     5e-324,
                                                     -0.0,
                                                     0.0,
                                                     1.7976931348623157e308,
                                                     2.2250738585072014e-308,
                                                     1e16,
                                                     1e15,
                                                     123456789.123,
                                                     0.30000000000000004,
                                                     1e-7,
                                                     9007199254740993.0,
                                                     4.35,
                                                     -1e-300,
                                                     1.0,
                                                     2.5};
        return double_text(rng_.pick(kDoubles));
      }
      case 4: {
        double d;
        do {
          std::uint64_t u = rng_.next();
          std::memcpy(&d, &u, 8);
        } while (!std::isfinite(d));
        return double_text(d);
      }
      case 5: return double_text(static_cast<double>(rng_.range(-100000, 100000)) / 1000.0);
      default: return rng_.pick(std::vector<std::string>{"1.50", "0.0", "-0.0", "3.14159", "100.000"});
    }
  }

  std::string tensor_text() {
    int dims = rng_.range(1, 3);
    std::vector<int> shape;
    for (int d = 0; d < dims; ++d) shape.push_back(rng_.range(1, 3));
    std::string sep = rng_.chance(50) ? ", " : ",";
    // Write it level by level with an explicit counter per dimension.
    std::string s;
    std::vector<int> idx(static_cast<std::size_t>(dims), 0);
    for (int d = 0; d < dims; ++d) s += "[";
    while (true) {
      std::string n = number_text();
      if (n.size() > 40 || n.find('.') == std::string::npos) n = std::to_string(rng_.range(-50, 50));
      s += n;
      int d = dims - 1;
      int closed = 0;
      while (d >= 0 && ++idx[static_cast<std::size_t>(d)] == shape[static_cast<std::size_t>(d)]) {
        idx[static_cast<std::size_t>(d)] = 0;
        s += "]";
        ++closed;
        --d;
      }
      if (d < 0) break;
      s += sep;
      for (int k = 0; k < closed; ++k) s += "[";
    }
    return s;
  }

  std::string reference_text(const std::string *own_type) {
    std::vector<std::string> with_ids;
    for (auto &[type, ids] : ref_ids_)
      if (!ids.empty()) with_ids.push_back(type);
    if (!strict_ && rng_.chance(25)) return rng_.chance(50) ? "@missing_1" : "@Tz:nobody";
    if (own_type && !ref_ids_[*own_type].empty() && rng_.chance(50)) return "@" + rng_.pick(ref_ids_[*own_type]);
    if (with_ids.empty()) return "";
    const std::string &type = rng_.pick(with_ids);
    const std::string &id = rng_.pick(ref_ids_[type]);
    // Unqualified in a key-value it may be ambiguous and stay unresolved; an
    // uppercase ID there would read as a list start (`@Type`).
    if (!strict_ && !own_type && rng_.chance(40) && !std::isupper(static_cast<unsigned char>(id[0]))) return "@" + id;
    return "@" + type + ":" + id;
  }

  /// A value as source text; `own_type` is the list type in a cell, null in a key-value.
  std::string value_text(bool cell, const std::string *own_type, int depth, bool last) {
    switch (rng_.range(0, 11)) {
      case 0: return "~";
      case 1: return rng_.chance(50) ? "true" : "false";
      case 2:
      case 3: return number_text();
      case 4: {
        std::string r = reference_text(own_type);
        if (!r.empty()) return r;
        return "~";
      }
      case 5: return rng_.pick(kExpr);
      case 6: return tensor_text();
      case 7:
        if (!aliases_.empty()) return "%" + rng_.pick(aliases_);
        return "~";
      case 8: return cell ? rng_.pick(kRawCell) : rng_.pick(kRawKv);
      default: {
        std::string s = hostile();
        return cell ? cell_string(s, last) : kv_string(s, depth);
      }
    }
  }

  std::string new_id(const std::string &type) {
    auto &used = used_ids_[type];
    for (int attempt = 0; attempt < 100; ++attempt) {
      std::string id, text;
      int how = rng_.range(0, 9);
      if (how < 6) {
        id = rng_.pick(std::vector<std::string>{"u", "A", "_x", "item-", "SKU-", "n_"}) +
             std::to_string(rng_.range(0, 60));
        text = id;
      } else if (how < 8) {
        id = hostile();
        if (id.empty()) continue;
        text = cell_string(id, false);
        if (text.empty() || text[0] != '"') {
          if (!is_id_token(id) || id == "true" || id == "false") text = "\"" + id + "\"";
          if (id.find_first_of("\"\\\n\t\r") != std::string::npos) continue;
        }
      } else {
        // An alias whose expansion is an ID.
        std::vector<std::string> ok;
        for (auto &k : aliases_)
          if (is_id_token(alias_values_[k]) && alias_values_[k] != "true" && alias_values_[k] != "false")
            ok.push_back(k);
        if (ok.empty()) continue;
        std::string k = rng_.pick(ok);
        id = alias_values_[k];
        text = "%" + k;
      }
      if (!used.insert(id).second) continue;
      if (is_id_token(id)) ref_ids_[type].push_back(id);
      return text;
    }
    std::string id = "fallback" + std::to_string(used.size());
    used.insert(id);
    return id;
  }

  /// Rows of one list frame at `depth`; recurses into %NEST children (depth-bounded by the chain).
  void rows(const std::string &type, const std::vector<std::string> &cols, int child, int depth, int n) {
    std::vector<std::string> prev;
    for (int r = 0; r < n; ++r) {
      std::vector<std::string> cells;
      cells.push_back(new_id(type));
      for (std::size_t c = 1; c < cols.size(); ++c) {
        bool last = c + 1 == cols.size();
        if (!prev.empty() && rng_.chance(15))
          cells.push_back("^");
        else if (!prev.empty() && rng_.chance(20))
          cells.push_back(prev[c]);  // a repeat the canonical form turns into ^
        else
          cells.push_back(value_text(true, &type, depth, last));
      }
      std::string text = ind(depth) + "|";
      if (rng_.chance(20)) text += "[" + std::to_string(rng_.range(0, 5)) + "] ";
      for (std::size_t c = 0; c < cells.size(); ++c) text += (c ? (rng_.chance(50) ? ", " : ",") : "") + cells[c];
      if (rng_.chance(10)) text += "  # row comment, with \"quotes\"";
      line(text);
      maybe_comment(depth);
      prev = cells;
      if (child >= 0 && rng_.chance(50)) {
        const Type &t = types_[static_cast<std::size_t>(child)];
        rows(t.name, t.cols, t.child, depth + 1, rng_.range(1, 3));
      }
    }
  }

  void object(int depth, int nitems) {
    std::vector<std::string> keys = kKeys;
    for (std::size_t i = keys.size(); i > 1; --i)
      std::swap(keys[i - 1], keys[static_cast<std::size_t>(rng_.range(0, static_cast<int>(i) - 1))]);
    for (int i = 0; i < nitems; ++i) {
      const std::string &key = keys[static_cast<std::size_t>(i)];
      int what = rng_.range(0, 9);
      maybe_comment(depth);
      if (what < 6) {
        std::string v = value_text(false, nullptr, depth, false);
        line(ind(depth) + key + ": " + v + (rng_.chance(10) && v.find('\n') == std::string::npos ? " # c" : ""));
      } else if (what < 8 && depth < 4) {
        line(ind(depth) + key + ":");
        object(depth + 1, rng_.range(0, 6));
      } else {
        list(depth, key);
      }
    }
  }

  void list(int depth, const std::string &key) {
    std::string hint = rng_.chance(10) ? "(" + std::to_string(rng_.range(1, 9)) + ")" : "";
    if (!types_.empty() && rng_.chance(60)) {
      const Type &t = rng_.pick(types_);
      std::string decl = "@" + t.name;
      if (rng_.chance(20)) {
        decl += "[";
        for (std::size_t c = 0; c < t.cols.size(); ++c) decl += (c ? "," : "") + t.cols[c];
        decl += "]";
      }
      line(ind(depth) + key + hint + ": " + decl);
      rows(t.name, t.cols, t.child, depth + 1, rng_.range(0, 5));
      return;
    }
    // An inline schema of an undeclared type (the same name may get other columns elsewhere).
    std::string type = std::string("U") + static_cast<char>('a' + rng_.range(0, 2));
    std::vector<std::string> cols = {"id"};
    std::vector<std::string> pool = kCols;
    int extra = rng_.range(0, 4);
    for (int c = 0; c < extra; ++c) {
      std::size_t k = static_cast<std::size_t>(rng_.range(0, static_cast<int>(pool.size()) - 1));
      cols.push_back(pool[k]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(k));
    }
    std::string decl = "@" + type + "[";
    for (std::size_t c = 0; c < cols.size(); ++c) decl += (c ? (rng_.chance(50) ? ", " : ",") : "") + cols[c];
    line(ind(depth) + key + hint + ": " + decl + "]");
    rows(type, cols, -1, depth + 1, rng_.range(0, 5));
  }

  Rng rng_;
  bool strict_;
  std::string nl_ = "\n";
  std::string out_;
  std::vector<Type> types_;
  std::vector<std::string> aliases_;
  std::map<std::string, std::string> alias_values_;
  std::map<std::string, std::set<std::string>> used_ids_;    // per type: uniqueness
  std::map<std::string, std::vector<std::string>> ref_ids_;  // per type: IDs a reference can name
};

}  // namespace hedl_test
