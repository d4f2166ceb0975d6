// The one output buffer of every writer (JSON, canonical HEDL, JSON to
// HEDL): a write cursor over a growing byte store. Writers ask for room,
// write through the pointer they get, and commit the new end; nothing is
// zero-filled or bounds-checked per byte.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace hedl::detail {

/// A std::string as a store: its size is the capacity, grown by doubling;
/// the writer's destructor-time finish() cuts it to the bytes written.
struct StringStore {
  std::string &s;
  /// What `s` held before this writer: growth doubles what the writer has
  /// added, not the whole string, so that many small writes appended to one
  /// large string (row_to_json into a batch) do not each zero-fill its size.
  std::size_t base = s.size();
  char *data() noexcept { return s.data(); }
  std::size_t capacity() const noexcept { return s.size(); }
  /// Makes capacity() at least `need`, keeping the first `used` bytes.
  void grow(std::size_t /*used*/, std::size_t need) { s.resize(std::max(base + (s.size() - base) * 2, need + 512)); }
  void finish(std::size_t used) { s.resize(used); }
};

/// The write cursor. `Store` provides data(), capacity() and
/// grow(used, need); see StringStore.
template <class Store>
class TextWriter {
 public:
  explicit TextWriter(Store store, std::size_t start = 0) : store_(store), n_(start) {}

  /// Returns a pointer to `k` writable bytes at the end (grows the store).
  char *reserve(std::size_t k) {
    if (n_ + k > store_.capacity()) store_.grow(n_, n_ + k);
    return store_.data() + n_;
  }
  /// Moves the end to `p`, a pointer into the room reserve() gave.
  void commit(char *p) noexcept { n_ = static_cast<std::size_t>(p - store_.data()); }
  void put(char c) {
    *reserve(1) = c;
    ++n_;
  }
  void put(std::string_view v) {
    std::memcpy(reserve(v.size()), v.data(), v.size());
    n_ += v.size();
  }
  /// Writes `k` copies of `c` (indentation).
  void fill(char c, std::size_t k) {
    std::memset(reserve(k), c, k);
    n_ += k;
  }
  std::size_t size() const noexcept { return n_; }
  char *data() noexcept { return store_.data(); }

 protected:
  Store store_;
  std::size_t n_;
};

}  // namespace hedl::detail
