// Any bytes as JSON through from_json (both versions): an error or a
// document whose JSON parses back.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hedl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view json(reinterpret_cast<const char *>(data), size);
  for (auto v : {hedl::FromJsonOptions::Version::V1_0, hedl::FromJsonOptions::Version::V2_0}) {
    hedl::FromJsonOptions o;
    o.version = v;
    auto text = hedl::json_to_hedl(json, o);
    if (!text.ok()) continue;
    hedl::ParseOptions po;
    po.strict_refs = o.strict_refs;
    if (!hedl::parse(text.value(), po).ok()) std::abort();  // from_json only writes valid HEDL
  }
  return 0;
}
