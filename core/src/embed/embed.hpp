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
#include "hedl/from_json.hpp"
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

/// JSON values handed over as a simdjson DOM tape (JS builds it from its own
/// values: stringify() needs no JSON text). `tape` holds `words` 64-bit
/// words, `strings` the string buffer (each string: u32 length, bytes, NUL),
/// both written by the caller after allocate().
class JsonTape {
 public:
  /// Makes room for the tape and the strings (plus the padding the
  /// converter reads past strings). False when out of memory.
  bool allocate(std::size_t words, std::size_t string_bytes) noexcept;
  std::uint64_t *tape() noexcept;
  std::uint8_t *strings() noexcept;
  /// Converts the values (a JSON object at the root) as json_to_hedl does.
  /// A tape that is not well formed is a ConversionError, never a crash.
  Result<std::string> to_hedl(const FromJsonOptions &options);
  JsonTape();
  ~JsonTape();
  JsonTape(const JsonTape &) = delete;
  JsonTape &operator=(const JsonTape &) = delete;

 private:
  struct Impl;
  Impl *impl_;
};

template <class V>
using StringMap = detail::StringMap<V>;
namespace simd = detail::simd;  // 16-byte blocks (util/simd.hpp, included by hash_map.hpp)

}  // namespace hedl::embed
