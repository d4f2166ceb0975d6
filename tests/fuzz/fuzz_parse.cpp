// Any bytes through parse (both versions: the text says which), strict and
// lenient, then every writer over the document: nothing may crash or leak.
#include <cstdint>
#include <string_view>

#include "hedl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  for (bool strict : {true, false}) {
    hedl::ParseOptions o;
    o.strict_refs = strict;
    auto r = hedl::parse_with_limits(text, o);
    if (!r.ok()) {
      (void)r.error().code_frame(text);
      continue;
    }
    (void)hedl::to_json(r.value(), {.pretty = true, .metadata = true});
    (void)hedl::lint(r.value());
    (void)hedl::stats(r.value());
  }
  (void)hedl::validate(text, {});
  return 0;
}
