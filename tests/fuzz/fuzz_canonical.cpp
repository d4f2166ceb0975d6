// Canonical round trip: for every valid input, canonicalize(parse(x)) parses
// to the same JSON, and canonicalizing it again gives the same text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hedl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  hedl::ParseOptions o;
  o.strict_refs = false;
  auto doc = hedl::parse_with_limits(text, o);
  if (!doc.ok()) return 0;
  // Keys in document order, so that the two JSON texts compare as text.
  hedl::CanonicalOptions co;
  co.sort_keys = false;
  auto canon = hedl::canonicalize(doc.value(), co);
  if (!canon.ok()) return 0;  // a string HEDL cannot spell is a clean error
  auto again = hedl::parse_with_limits(canon.value(), o);
  if (!again.ok()) std::abort();
  if (hedl::to_json(again.value()) != hedl::to_json(doc.value())) std::abort();
  auto canon2 = hedl::canonicalize(again.value(), co);
  if (!canon2.ok() || canon2.value() != canon.value()) std::abort();
  return 0;
}
