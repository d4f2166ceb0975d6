// Test helpers: JSON compared as data (tests/conformance/README.upstream.md).
//
// Object key order is ignored, numbers compare by value (1.0 == 1, int vs
// double), arrays are ordered. Used by every test file that checks JSON.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "simdjson.h"

namespace hedl_test {

/// Deep enough for anything the tests produce (simdjson's default is 1024).
inline constexpr std::size_t kJsonMaxDepth = 4096;

/// A simdjson DOM parser that accepts deep documents.
inline simdjson::dom::parser make_json_parser() {
  simdjson::dom::parser p;
  if (p.allocate(1 << 16, kJsonMaxDepth) != simdjson::SUCCESS) {
    // Leave it with its defaults; parse() will report any problem.
  }
  return p;
}

inline const char *json_type_name(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY: return "array";
    case T::OBJECT: return "object";
    case T::INT64: return "int64";
    case T::UINT64: return "uint64";
    case T::DOUBLE: return "double";
    case T::STRING: return "string";
    case T::BOOL: return "bool";
    case T::NULL_VALUE: return "null";
  }
  return "?";
}

inline bool json_is_number(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  return t == T::INT64 || t == T::UINT64 || t == T::DOUBLE;
}

/// Reads `e` as T (the caller has checked its type).
template <class T>
T json_as(simdjson::dom::element e) {
  T v{};
  if (e.get(v) != simdjson::SUCCESS) return T{};
  return v;
}

/// Short, single-line rendering of an element for messages (truncated).
inline std::string json_snippet(simdjson::dom::element e, std::size_t max = 200) {
  std::string s = simdjson::minify(e);
  if (s.size() > max) s = s.substr(0, max) + "...";
  return s;
}

namespace detail {

inline bool numbers_equal(simdjson::dom::element a, simdjson::dom::element b) {
  using T = simdjson::dom::element_type;
  T ta = a.type(), tb = b.type();
  if (ta != T::DOUBLE && tb != T::DOUBLE) {
    // Both integral: compare exactly, minding signedness.
    if (ta == tb) {
      if (ta == T::INT64) {
        const auto x = json_as<std::int64_t>(a);
        const auto y = json_as<std::int64_t>(b);
        return x == y;
      }
      const auto x = json_as<std::uint64_t>(a);
      const auto y = json_as<std::uint64_t>(b);
      return x == y;
    }
    // One int64, one uint64: uint64 is only produced for values > INT64_MAX.
    return false;
  }
  const auto x = json_as<double>(a);
  const auto y = json_as<double>(b);
  return x == y;
}

}  // namespace detail

/// Returns "" when `actual` equals `expected` as data, else a description of
/// the first difference found (with a JSONPath-like location).
inline std::string json_diff(simdjson::dom::element actual, simdjson::dom::element expected,
                             const std::string &path = "$") {
  using T = simdjson::dom::element_type;
  T ta = actual.type(), te = expected.type();
  if (json_is_number(ta) && json_is_number(te)) {
    if (detail::numbers_equal(actual, expected)) return {};
    return path + ": number " + json_snippet(actual) + " != expected " + json_snippet(expected);
  }
  if (ta != te) {
    return path + ": got " + json_type_name(ta) + " " + json_snippet(actual) + ", expected " + json_type_name(te) +
           " " + json_snippet(expected);
  }
  switch (ta) {
    case T::NULL_VALUE: return {};
    case T::BOOL: {
      const auto x = json_as<bool>(actual);
      const auto y = json_as<bool>(expected);
      if (x == y) return {};
      return path + ": got " + (x ? "true" : "false") + ", expected " + (y ? "true" : "false");
    }
    case T::STRING: {
      const auto x = json_as<std::string_view>(actual);
      const auto y = json_as<std::string_view>(expected);
      if (x == y) return {};
      return path + ": got " + json_snippet(actual) + ", expected " + json_snippet(expected);
    }
    case T::ARRAY: {
      const auto x = json_as<simdjson::dom::array>(actual);
      const auto y = json_as<simdjson::dom::array>(expected);
      if (x.size() != y.size()) {
        return path + ": array of " + std::to_string(x.size()) + " elements, expected " + std::to_string(y.size()) +
               ": got " + json_snippet(actual) + ", expected " + json_snippet(expected);
      }
      auto ix = x.begin();
      auto iy = y.begin();
      for (std::size_t i = 0; ix != x.end(); ++ix, ++iy, ++i) {
        std::string d = json_diff(*ix, *iy, path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return {};
    }
    case T::OBJECT: {
      const auto x = json_as<simdjson::dom::object>(actual);
      const auto y = json_as<simdjson::dom::object>(expected);
      for (auto field : y) {
        simdjson::dom::element v;
        if (x.at_key(field.key).get(v) != simdjson::SUCCESS) {
          return path + ": missing key \"" + std::string(field.key) + "\" (got " + json_snippet(actual) + ")";
        }
        std::string d = json_diff(v, field.value, path + "." + std::string(field.key));
        if (!d.empty()) return d;
      }
      for (auto field : x) {
        simdjson::dom::element v;
        if (y.at_key(field.key).get(v) != simdjson::SUCCESS) {
          return path + ": unexpected key \"" + std::string(field.key) + "\"";
        }
      }
      // Same key sets; a duplicate key on one side would make the sizes differ.
      if (x.size() != y.size()) {
        return path + ": " + std::to_string(x.size()) + " keys, expected " + std::to_string(y.size()) +
               " (duplicate keys?)";
      }
      return {};
    }
    default: return {};
  }
}

/// Returns "" when no object anywhere in `e` repeats a key, else where.
inline std::string json_duplicate_keys(simdjson::dom::element e, const std::string &path = "$") {
  using T = simdjson::dom::element_type;
  if (e.type() == T::ARRAY) {
    const auto a = json_as<simdjson::dom::array>(e);
    std::size_t i = 0;
    for (auto v : a) {
      std::string d = json_duplicate_keys(v, path + "[" + std::to_string(i++) + "]");
      if (!d.empty()) return d;
    }
  } else if (e.type() == T::OBJECT) {
    const auto o = json_as<simdjson::dom::object>(e);
    std::set<std::string_view> seen;
    for (auto field : o) {
      if (!seen.insert(field.key).second) {
        return path + ": duplicate key \"" + std::string(field.key) + "\"";
      }
      std::string d = json_duplicate_keys(field.value, path + "." + std::string(field.key));
      if (!d.empty()) return d;
    }
  }
  return {};
}

/// Parses `actual` and `expected` JSON texts and compares them as data.
/// Returns "" when equal; otherwise what went wrong.
inline std::string json_text_diff(std::string_view actual, std::string_view expected) {
  simdjson::dom::parser pa = make_json_parser();
  simdjson::dom::parser pe = make_json_parser();
  simdjson::dom::element a, e;
  simdjson::padded_string sa(actual), se(expected);
  if (auto err = pa.parse(sa).get(a); err) {
    return std::string("output is not valid JSON (") + simdjson::error_message(err) +
           "): " + std::string(actual.substr(0, 300));
  }
  if (auto err = pe.parse(se).get(e); err) {
    return std::string("expected text is not valid JSON (") + simdjson::error_message(err) +
           "): " + std::string(expected);
  }
  std::string dup = json_duplicate_keys(a);
  if (!dup.empty()) return dup;
  return json_diff(a, e);
}

/// True when simdjson accepts `text` as one JSON document (UTF-8 included).
inline bool json_valid(std::string_view text, std::string *why = nullptr) {
  simdjson::dom::parser p = make_json_parser();
  simdjson::padded_string s(text);
  simdjson::dom::element e;
  auto err = p.parse(s).get(e);
  if (err && why) *why = simdjson::error_message(err);
  return !err;
}

}  // namespace hedl_test
