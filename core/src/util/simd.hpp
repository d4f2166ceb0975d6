// The one place that knows about SIMD instruction sets. Everything else
// works on 16-byte blocks through these functions and never tests
// __SSE2__ or __wasm_simd128__ itself.
//
// Three implementations of one small interface:
//   - SSE2 (every x86-64),
//   - wasm simd128 (every engine the package targets),
//   - a portable scalar one (ARM, other targets, and `-DHEDL_NO_SIMD=ON`,
//     which CI builds and tests so that it stays correct).
// `kVectors` says whether the blocks are real vector registers; callers use
// it to skip a 16-byte loop when a plain word loop is faster without SIMD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if !defined(HEDL_NO_SIMD) && defined(__SSE2__)
#define HEDL_SIMD_SSE2 1
#include <emmintrin.h>
#elif !defined(HEDL_NO_SIMD) && defined(__wasm_simd128__)
#define HEDL_SIMD_WASM 1
#include <wasm_simd128.h>
#endif

namespace hedl::detail::simd {

#if defined(HEDL_SIMD_SSE2)

inline constexpr bool kVectors = true;
/// 16 bytes, or 16 byte-wide lanes of a comparison (0x00 or 0xFF each).
struct Block {
  __m128i v;
};
inline Block load(const char *p) noexcept { return {_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))}; }
inline Block eq(Block a, char c) noexcept { return {_mm_cmpeq_epi8(a.v, _mm_set1_epi8(c))}; }
inline Block eq(Block a, Block b) noexcept { return {_mm_cmpeq_epi8(a.v, b.v)}; }
inline Block operator|(Block a, Block b) noexcept { return {_mm_or_si128(a.v, b.v)}; }
/// Lanes whose byte is below `c` as an unsigned number (c >= 1).
inline Block below(Block a, unsigned char c) noexcept {
  return {_mm_cmpeq_epi8(_mm_min_epu8(a.v, _mm_set1_epi8(static_cast<char>(c - 1))), a.v)};
}
/// Lanes whose byte is below `c` as a signed number: bytes >= 0x80 count as
/// negative, so below_signed(b, 0x20) flags control bytes and non-ASCII at once.
inline Block below_signed(Block a, char c) noexcept { return {_mm_cmplt_epi8(a.v, _mm_set1_epi8(c))}; }
/// Bit i is the top bit of byte i.
inline std::uint32_t bits(Block a) noexcept { return static_cast<std::uint32_t>(_mm_movemask_epi8(a.v)); }

#elif defined(HEDL_SIMD_WASM)

inline constexpr bool kVectors = true;
struct Block {
  v128_t v;
};
inline Block load(const char *p) noexcept { return {wasm_v128_load(p)}; }
inline Block eq(Block a, char c) noexcept { return {wasm_i8x16_eq(a.v, wasm_i8x16_splat(c))}; }
inline Block eq(Block a, Block b) noexcept { return {wasm_i8x16_eq(a.v, b.v)}; }
inline Block operator|(Block a, Block b) noexcept { return {wasm_v128_or(a.v, b.v)}; }
inline Block below(Block a, unsigned char c) noexcept {
  return {wasm_u8x16_lt(a.v, wasm_i8x16_splat(static_cast<std::int8_t>(c)))};
}
inline Block below_signed(Block a, char c) noexcept { return {wasm_i8x16_lt(a.v, wasm_i8x16_splat(c))}; }
inline std::uint32_t bits(Block a) noexcept { return wasm_i8x16_bitmask(a.v); }

#else

inline constexpr bool kVectors = false;
struct Block {
  unsigned char b[16];
};
inline Block load(const char *p) noexcept {
  Block r;
  std::memcpy(r.b, p, 16);
  return r;
}
template <class F>
inline Block lanes(const Block &a, F f) noexcept {
  Block r;
  for (int i = 0; i < 16; ++i) r.b[i] = f(a.b[i], i) ? 0xFF : 0;
  return r;
}
inline Block eq(Block a, char c) noexcept {
  return lanes(a, [c](unsigned char x, int) { return x == static_cast<unsigned char>(c); });
}
inline Block eq(Block a, Block b) noexcept {
  return lanes(a, [&b](unsigned char x, int i) { return x == b.b[i]; });
}
inline Block operator|(Block a, Block b) noexcept {
  for (int i = 0; i < 16; ++i) a.b[i] |= b.b[i];
  return a;
}
inline Block below(Block a, unsigned char c) noexcept {
  return lanes(a, [c](unsigned char x, int) { return x < c; });
}
inline Block below_signed(Block a, char c) noexcept {
  return lanes(a, [c](unsigned char x, int) { return static_cast<signed char>(x) < c; });
}
inline std::uint32_t bits(Block a) noexcept {
  std::uint32_t m = 0;
  for (int i = 0; i < 16; ++i) m |= static_cast<std::uint32_t>(a.b[i] >> 7) << i;
  return m;
}

#endif

/// Index of the lowest set bit of a non-zero mask.
inline unsigned first(std::uint32_t mask) noexcept { return static_cast<unsigned>(__builtin_ctz(mask)); }

/// Returns the first `c` in [p, e), or e. Natively memchr is the fastest
/// there is; the wasm libc's scans a word at a time, so wasm gets 16 bytes.
inline const char *find_byte(const char *p, const char *e, char c) noexcept {
#if defined(HEDL_SIMD_WASM)
  while (e - p >= 16) {
    if (std::uint32_t m = bits(eq(load(p), c))) return p + first(m);
    p += 16;
  }
  while (p < e && *p != c) ++p;
  return p;
#else
  const void *hit = std::memchr(p, c, static_cast<std::size_t>(e - p));
  return hit ? static_cast<const char *>(hit) : e;
#endif
}

/// Whether a late, prefetched insert pays off: wasm has no prefetch.
#if defined(__wasm__)
inline constexpr bool kPrefetch = false;
#else
inline constexpr bool kPrefetch = true;
#endif

/// Starts loading the cache line at `p` (a hint; no effect where unsupported).
inline void prefetch(const void *p, bool for_write = false) noexcept {
#if defined(__GNUC__)
  if (for_write)
    __builtin_prefetch(p, 1);
  else
    __builtin_prefetch(p);
#else
  (void)p;
  (void)for_write;
#endif
}

}  // namespace hedl::detail::simd
