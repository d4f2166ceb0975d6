// See big_alloc.hpp.
#include "big_alloc.hpp"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace hedl::detail {

namespace {

#if defined(__linux__)
constexpr std::size_t kHuge = std::size_t{2} << 20;
// Below this a mapping costs more than it saves.
constexpr std::size_t kMapThreshold = std::size_t{4} << 20;

std::size_t round_up(std::size_t n) { return (n + kHuge - 1) & ~(kHuge - 1); }
#endif

}  // namespace

void *big_alloc(std::size_t size) noexcept {
#if defined(__linux__)
  if (size >= kMapThreshold) {
    std::size_t len = round_up(size);
    // Map one huge page more than needed, then trim to a 2 MiB boundary.
    void *raw = mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    auto base = reinterpret_cast<std::uintptr_t>(raw);
    std::uintptr_t aligned = (base + kHuge - 1) & ~(std::uintptr_t{kHuge} - 1);
    if (aligned > base) munmap(raw, aligned - base);
    std::uintptr_t end = base + len + kHuge;
    if (end > aligned + len) munmap(reinterpret_cast<void *>(aligned + len), end - (aligned + len));
#if defined(MADV_HUGEPAGE)
    madvise(reinterpret_cast<void *>(aligned), len, MADV_HUGEPAGE);
#endif
    return reinterpret_cast<void *>(aligned);
  }
#endif
  return std::malloc(size ? size : 1);
}

void big_free(void *p, std::size_t size) noexcept {
  if (!p) return;
#if defined(__linux__)
  if (size >= kMapThreshold) {
    munmap(p, round_up(size));
    return;
  }
#endif
  (void)size;
  std::free(p);
}

}  // namespace hedl::detail
