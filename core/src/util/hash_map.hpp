// A small open-addressing hash map from string views to pointers, used for
// ID registries, schema/alias lookup and large objects' key indexes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>
#include <vector>

#include "big_alloc.hpp"
#include "simd.hpp"

namespace hedl::detail {

/// Out of memory while growing a table: std::bad_alloc natively (the C API
/// turns it into HEDL_ERR_ALLOC); an abort in builds without exceptions, as
/// std::vector would do.
[[noreturn]] inline void throw_bad_alloc() {
#if defined(__cpp_exceptions)
  throw std::bad_alloc();
#else
  std::abort();
#endif
}

/// 64-bit hash of a short string: fast for IDs and keys, stable across platforms.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  const auto *p = reinterpret_cast<const unsigned char *>(s.data());
  std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xC2B2AE3D27D4EB4Full);
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001B3ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t(p[i]) << (8 * i);
  h = (h ^ w) * 0xFF51AFD7ED558CCDull;
  h ^= h >> 32;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 29;
  return h;
}

/// Maps string views (which must outlive the map) to values of type V
/// (a pointer or small integer; V{} marks "absent").
template <class V>
class StringMap {
 public:
  /// Returns the value for `key`, or V{} when absent.
  V find(std::string_view key) const noexcept {
    if (slots_.empty()) return V{};
    auto h = static_cast<std::uint32_t>(hash_bytes(key));
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot &s = slots_[i];
      if (s.len == kEmpty) return V{};
      if (s.hash == h && s.len == key.size() && std::memcmp(s.key, key.data(), key.size()) == 0) return s.value;
    }
  }

  /// Inserts `key` -> `value` unless present. Returns the existing value, or
  /// V{} when it inserted.
  V insert(std::string_view key, V value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    auto h = static_cast<std::uint32_t>(hash_bytes(key));
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot &s = slots_[i];
      if (s.len == kEmpty) {
        s.key = key.data();
        s.len = static_cast<std::uint32_t>(key.size());
        s.hash = h;
        s.value = value;
        ++size_;
        return V{};
      }
      if (s.hash == h && s.len == key.size() && std::memcmp(s.key, key.data(), key.size()) == 0) return s.value;
    }
  }

  /// Sets `key` -> `value`, inserting it or replacing its value.
  void assign(std::string_view key, V value) {
    if (!insert(key, value)) return;
    auto h = static_cast<std::uint32_t>(hash_bytes(key));
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot &s = slots_[i];
      if (s.hash == h && s.len == key.size() && std::memcmp(s.key, key.data(), key.size()) == 0) {
        s.value = value;
        return;
      }
    }
  }

  std::size_t size() const noexcept { return size_; }
  std::size_t memory_usage() const noexcept { return slots_.capacity() * sizeof(Slot); }
  void clear() {
    slots_.clear();
    size_ = 0;
  }
  void reserve(std::size_t n) {
    while (slots_.size() * 3 < n * 4) grow();
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    const char *key = nullptr;
    std::uint32_t len = kEmpty;
    std::uint32_t hash = 0;
    V value{};
  };

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    std::size_t mask = slots_.size() - 1;
    for (const Slot &s : old) {
      if (s.len == kEmpty) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].len != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

/// The IDs of one type: 16-byte slots holding the row (whose first cell is
/// its ID) and the ID's hash.
template <class RowT>
class IdIndex {
 public:
  /// Returns the row with this ID, or nullptr.
  const RowT *find(std::string_view id) const noexcept {
    if (slots_.empty()) return nullptr;
    auto h = static_cast<std::uint32_t>(hash_bytes(id));
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot &s = slots_[i];
      if (!s.row) return nullptr;
      if (s.hash == h && s.row->id().as_string() == id) return s.row;
    }
  }
  static std::uint32_t hash_of(std::string_view id) noexcept { return static_cast<std::uint32_t>(hash_bytes(id)); }

  /// For batched lookups: the first row whose slot holds hash `h`, or nullptr
  /// when the probe reaches an empty slot first. The caller confirms the ID
  /// (and falls back to find() on a mismatch).
  const RowT *candidate(std::uint32_t h) const noexcept {
    if (slots_.empty()) return nullptr;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot &s = slots_[i];
      if (!s.row) return nullptr;
      if (s.hash == h) return s.row;
    }
  }

  /// Starts loading the slot an insert of this hash will probe first, so the
  /// cache miss overlaps with the rest of the row's work.
  void prefetch(std::uint32_t h) const noexcept {
    if (!slots_.empty()) simd::prefetch(&slots_[h & (slots_.size() - 1)], true);
  }

  /// Inserts `row` under its ID, whose hash_of() is `h`. Returns the row
  /// already there, or nullptr.
  const RowT *insert(const RowT *row, std::uint32_t h) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    std::string_view id = row->id().as_string();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot &s = slots_[i];
      if (!s.row) {
        s.row = row;
        s.hash = h;
        ++size_;
        return nullptr;
      }
      if (s.hash == h && s.row->id().as_string() == id) return s.row;
    }
  }
  std::size_t size() const noexcept { return size_; }
  std::size_t memory_usage() const noexcept { return slots_.size() * sizeof(Slot); }

 private:
  // 12 bytes on 64-bit targets (8 on wasm32): the registry is the largest
  // table a parse builds, and the padding of a plain struct would be a quarter of it.
#pragma pack(push, 4)
  struct Slot {
    const RowT *row = nullptr;
    std::uint32_t hash = 0;
  };
#pragma pack(pop)
  // The slots live in a big_alloc'd table (huge pages for large registries).
  class Table {
   public:
    Table() = default;
    Table(const Table &) = delete;
    Table &operator=(const Table &) = delete;
    ~Table() { big_free(p_, n_ * sizeof(Slot)); }
    bool empty() const noexcept { return n_ == 0; }
    std::size_t size() const noexcept { return n_; }
    Slot &operator[](std::size_t i) noexcept { return p_[i]; }
    const Slot &operator[](std::size_t i) const noexcept { return p_[i]; }
    void swap(Table &o) noexcept {
      std::swap(p_, o.p_);
      std::swap(n_, o.n_);
    }
    void reset(std::size_t n) {
      Table t;
      t.p_ = static_cast<Slot *>(big_alloc(n * sizeof(Slot)));
      if (!t.p_) throw_bad_alloc();
      std::memset(static_cast<void *>(t.p_), 0, n * sizeof(Slot));
      t.n_ = n;
      swap(t);
    }

   private:
    Slot *p_ = nullptr;
    std::size_t n_ = 0;
  };
  void grow() {
    Table old;
    old.swap(slots_);
    slots_.reset(old.empty() ? 64 : old.size() * 2);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t k = 0; k < old.size(); ++k) {
      const Slot &s = old[k];
      if (!s.row) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].row) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  Table slots_;
  std::size_t size_ = 0;
};

}  // namespace hedl::detail
