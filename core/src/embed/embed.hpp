// The one internal header the bindings (wasm/) include: everything they need
// from the core beyond the public API, and nothing else. Not installed, not
// part of the public API; a change here is a change to wasm/ too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "../util/hash_map.hpp"  // the string map the tape writer interns keys with
#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl::embed {

/// Parses the `size` bytes at `buffer`, a block of `block` > `size` bytes
/// from malloc, and takes ownership of the block whatever the outcome (no
/// copy of the input). Returns the Document or the first Error.
Result<Document> parse_adopting(char *buffer, std::size_t size, std::size_t block, const ParseOptions &options);

/// What the parser's first stage learnt about a document's input.
struct InputInfo {
  std::size_t size = 0;          ///< bytes of input
  bool ascii = true;             ///< no byte >= 0x80
  bool has_replacement = false;  ///< U+FFFD occurs in it
};
/// Returns the InputInfo of `doc`. Cannot fail.
InputInfo input_info(const Document &doc) noexcept;

/// Appends `s` to `out` as a JSON string, quotes included (the escaping of
/// the JSON writer). Cannot fail short of running out of memory.
void append_json_string(std::string &out, std::string_view s);
/// Appends the shortest round-trip spelling of `d` (the writers' spelling).
void append_double(std::string &out, double d);

template <class V>
using StringMap = detail::StringMap<V>;
namespace simd = detail::simd;  // 16-byte blocks (util/simd.hpp, included by hash_map.hpp)

}  // namespace hedl::embed
