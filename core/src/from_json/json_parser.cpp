// The simdjson parser of from_json, kept from one call to the next.
//
// Its buffers for a JSON of N bytes (a padded copy, the structural index, the
// tape, the strings) come to about 4N for ordinary JSON, and fresh pages cost
// a fault and the kernel's zeroing each: for a 90 MB JSON that took longer
// than parsing the JSON. So a thread keeps its parser for its next call, as
// long as all the threads' kept parsers together hold at most kKeepBytes;
// one that would go past that is freed after its call. Not in wasm, whose
// memory never returns to the host and costs no faults: there a kept parser
// would only raise the heap's high-water mark.
#include <algorithm>
#include <atomic>

#include "from_json/internal.hpp"

namespace hedl::detail::fj {

namespace {

#if defined(__wasm__)
constexpr bool kKeepParser = false;
#else
constexpr bool kKeepParser = true;
#endif
/// The most memory kept parsers may hold, all threads together.
constexpr std::size_t kKeepBytes = std::size_t{512} << 20;

/// Bytes the kept parsers hold now (estimates), all threads together.
std::atomic<std::size_t> g_kept_bytes{0};

struct KeptParser {
  simdjson::dom::parser parser;
  std::size_t touched = 0;  // bytes of its buffers written since it was allocated (an estimate)
  std::size_t counted = 0;  // its share of g_kept_bytes

  KeptParser() = default;
  KeptParser(const KeptParser &) = delete;
  KeptParser &operator=(const KeptParser &) = delete;
  ~KeptParser() { g_kept_bytes.fetch_sub(counted); }

  void reset() {
    parser = simdjson::dom::parser();  // frees the buffers
    touched = 0;
    g_kept_bytes.fetch_sub(counted);
    counted = 0;
  }

  // After a call: counts what it touched into g_kept_bytes, or frees the
  // parser when that would exceed kKeepBytes.
  void settle() {
    if (touched <= counted) return;
    const std::size_t more = touched - counted;
    std::size_t total = g_kept_bytes.load();
    do {
      if (total + more > kKeepBytes) {
        reset();
        return;
      }
    } while (!g_kept_bytes.compare_exchange_weak(total, total + more));
    counted = touched;
  }
};

KeptParser *thread_parser() {
  if (!kKeepParser) return nullptr;
  thread_local KeptParser kept;
  return &kept;
}

}  // namespace

ParserLease::ParserLease() {
  KeptParser *k = thread_parser();
  kept_ = k ? &k->parser : nullptr;
}

ParserLease::~ParserLease() {
  if (kept_) thread_parser()->settle();
}

bool ParserLease::allocate(std::size_t len, std::size_t max_depth) {
  simdjson::dom::parser &p = get();
  if (len < 64) len = 64;
  if (p.capacity() >= len && p.max_depth() == max_depth) return true;
  if (p.allocate(std::max(len, p.capacity()), max_depth) == simdjson::SUCCESS) return true;
  if (kept_) thread_parser()->reset();
  return false;
}

void ParserLease::note_parse(std::size_t len, bool parsed) {
  if (!kept_) return;
  KeptParser &k = *thread_parser();
  const simdjson::dom::parser &p = k.parser;
  const std::size_t structurals = p.implementation ? p.implementation->n_structural_indexes : 0;
  // The tape holds at most two words per structural character.
  std::size_t tape_words = 2 * structurals + 4;
  if (parsed && p.doc.tape)
    tape_words = static_cast<std::size_t>(p.doc.tape[0] & simdjson::internal::JSON_VALUE_MASK) + 1;
  // The copy of the input, the index, the tape, and the strings (about the
  // input's size for any JSON worth keeping a parser for).
  const std::size_t used = 2 * (len + simdjson::SIMDJSON_PADDING) + 4 * (structurals + 1) + 8 * tape_words;
  k.touched = std::max(k.touched, used);
}

}  // namespace hedl::detail::fj

namespace hedl {

void release_from_json_buffers() noexcept {
  if (auto *k = detail::fj::thread_parser()) k->reset();
}

}  // namespace hedl
