// Allocation of large buffers (the input copy, arena chunks, ID tables).
// On Linux they are 2 MiB-aligned anonymous mappings marked for transparent
// huge pages: parsing touches them at random (ID lookups) and a 4 KiB-page
// TLB miss costs more than the lookup itself. Elsewhere: plain malloc.
#pragma once

#include <cstddef>

namespace hedl::detail {

/// Returns `size` bytes (uninitialised), or nullptr when out of memory.
void *big_alloc(std::size_t size) noexcept;
/// Releases a block from big_alloc of the same `size`. nullptr is a no-op.
void big_free(void *p, std::size_t size) noexcept;

}  // namespace hedl::detail
