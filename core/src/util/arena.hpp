// A bump allocator: every node of a Document lives in one and dies with it in O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

#include "big_alloc.hpp"

namespace hedl::detail {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena &) = delete;
  Arena &operator=(const Arena &) = delete;
  ~Arena() { release(); }

  /// Returns `size` bytes aligned to `align` (a power of two <= 16), or nullptr
  /// when the system is out of memory.
  void *allocate(std::size_t size, std::size_t align = 8) noexcept {
    std::uintptr_t p = (reinterpret_cast<std::uintptr_t>(cur_) + (align - 1)) & ~(std::uintptr_t(align) - 1);
    if (cur_ != nullptr && p + size <= reinterpret_cast<std::uintptr_t>(end_)) {
      cur_ = reinterpret_cast<char *>(p + size);
      return reinterpret_cast<void *>(p);
    }
    return allocate_slow(size, align);
  }

  template <class T>
  T *make() noexcept {
    void *p = allocate(sizeof(T), alignof(T));
    return p ? new (p) T() : nullptr;
  }

  template <class T>
  T *array(std::size_t n) noexcept {
    return static_cast<T *>(allocate(sizeof(T) * n, alignof(T)));
  }

  /// Copies `s` into the arena; returns the copy (empty view on failure).
  std::string_view copy(std::string_view s) noexcept {
    if (s.empty()) return {};
    char *p = static_cast<char *>(allocate(s.size(), 1));
    if (!p) return {};
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  std::size_t bytes_reserved() const noexcept { return reserved_; }

  /// Sizes the next chunk for about `bytes` of nodes (a parse knows its input
  /// size), within the usual 16 KiB..4 MiB range, so small documents do not
  /// climb through a dozen doubling chunks.
  void set_chunk_hint(std::size_t bytes) noexcept {
    std::size_t lo = 16 * 1024, hi = std::size_t{4} << 20;
    next_size_ = bytes < lo ? lo : bytes > hi ? hi : bytes;
  }

 private:
  struct Chunk {
    Chunk *prev;
    std::size_t size;
  };

  void *allocate_slow(std::size_t size, std::size_t align) noexcept {
    // Chunks double up to 4 MiB, so small documents stay small and large
    // ones waste at most one partly used chunk.
    std::size_t want = next_size_;
    if (next_size_ < (std::size_t{4} << 20)) next_size_ *= 2;
    if (want < size + align + sizeof(Chunk)) want = size + align + sizeof(Chunk);
    auto *c = static_cast<Chunk *>(big_alloc(want));
    if (!c) return nullptr;
    c->prev = head_;
    c->size = want;
    head_ = c;
    reserved_ += want;
    cur_ = reinterpret_cast<char *>(c + 1);
    end_ = reinterpret_cast<char *>(c) + want;
    return allocate(size, align);
  }

  void release() noexcept {
    while (head_) {
      Chunk *p = head_->prev;
      big_free(head_, head_->size);
      head_ = p;
    }
  }

  Chunk *head_ = nullptr;
  char *cur_ = nullptr;
  char *end_ = nullptr;
  std::size_t next_size_ = 16 * 1024;
  std::size_t reserved_ = 0;
};

}  // namespace hedl::detail
