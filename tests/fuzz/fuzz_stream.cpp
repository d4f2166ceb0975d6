// The stream parser against parse(): the same verdict (kind and line) for
// any bytes, fed in chunks whose sizes come from the input's first byte,
// with pieces cut at every possible line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hedl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size < 1) return 0;
  std::size_t chunk = 1 + data[0] % 17;
  std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);
  auto whole = hedl::parse(text);
  hedl::StreamOptions so;
  so.piece_bytes = data[0] & 0x80 ? 0 : 64;
  std::size_t rows = 0;
  auto err = hedl::parse_stream(
      text, chunk, [&](const hedl::StreamEvent &e) { rows += e.kind == hedl::StreamEventKind::Row; }, so);
  if (whole.ok() != !err) std::abort();
  // The same error, or an earlier one: parse() checks bytes (control
  // characters, bare CR, UTF-8) over the whole input before any syntax, the
  // stream line by line as they arrive.
  if (err && err->line > whole.error().line) std::abort();
  if (err && err->line == whole.error().line && err->kind != whole.error().kind) std::abort();
  return 0;
}
