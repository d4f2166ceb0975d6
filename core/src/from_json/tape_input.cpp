// embed::JsonTape: JSON values that arrive as a simdjson DOM tape instead of
// JSON text (js/stringify.js builds it from JS values), converted as
// json_to_hedl converts text. The tape is checked before simdjson reads it:
// a malformed one is a ConversionError, never an out-of-bounds read.
#include <cstring>
#include <new>
#include <vector>

#include "embed/embed.hpp"
#include "from_json/internal.hpp"

namespace hedl::embed {

struct JsonTape::Impl {
  simdjson::dom::document doc;
  std::size_t words = 0;
  std::size_t string_bytes = 0;
};

JsonTape::JsonTape() : impl_(new (std::nothrow) Impl) {}
JsonTape::~JsonTape() { delete impl_; }

bool JsonTape::allocate(std::size_t words, std::size_t string_bytes) noexcept {
  if (!impl_ || words < 3) return false;
  impl_->doc.tape.reset(new (std::nothrow) std::uint64_t[words]);
  impl_->doc.string_buf.reset(new (std::nothrow) std::uint8_t[string_bytes + simdjson::SIMDJSON_PADDING]);
  if (!impl_->doc.tape || !impl_->doc.string_buf) return false;
  std::memset(impl_->doc.string_buf.get() + string_bytes, 0, simdjson::SIMDJSON_PADDING);
  impl_->words = words;
  impl_->string_bytes = string_bytes;
  return true;
}

std::uint64_t *JsonTape::tape() noexcept { return impl_ ? impl_->doc.tape.get() : nullptr; }
std::uint8_t *JsonTape::strings() noexcept { return impl_ ? impl_->doc.string_buf.get() : nullptr; }

namespace {

// True when the tape is what simdjson's parser would have written: a root
// pair around one value, containers whose start and end point at each other
// with the right element count, object members as key strings then values,
// strings inside the string buffer, numbers followed by their word.
bool well_formed(const std::uint64_t *t, std::size_t words, const std::uint8_t *s, std::size_t sbytes) {
  auto type = [&](std::size_t i) { return static_cast<char>(t[i] >> 56); };
  auto payload = [&](std::size_t i) { return t[i] & simdjson::internal::JSON_VALUE_MASK; };
  if (words < 3 || type(0) != 'r' || payload(0) != words || type(words - 1) != 'r' || payload(words - 1) != 0)
    return false;
  struct Open {
    std::size_t start, next;
    char type;
    std::uint32_t count;
    bool key;  // object: the next entry is a key
  };
  std::vector<Open> open;
  std::size_t values = 0;  // at the root
  for (std::size_t i = 1; i + 1 < words; ++i) {
    const char c = type(i);
    if (!open.empty() && open.back().type == '{' && c != '}') {
      if (open.back().key && c != '"') return false;
    }
    auto counted = [&] {
      if (open.empty()) {
        ++values;
        return;
      }
      Open &o = open.back();
      if (o.type == '{') {
        if (!o.key) ++o.count;
        o.key = !o.key;
      } else {
        ++o.count;
      }
    };
    switch (c) {
      case '{':
      case '[': {
        counted();
        std::size_t next = static_cast<std::size_t>(t[i] & 0xFFFFFFFFu);
        if (next < i + 2 || next > words - 1) return false;
        open.push_back(Open{i, next, c, 0, true});
        break;
      }
      case '}':
      case ']': {
        if (open.empty()) return false;
        Open o = open.back();
        open.pop_back();
        std::uint32_t cnt = static_cast<std::uint32_t>((t[o.start] >> 32) & simdjson::internal::JSON_COUNT_MASK);
        std::uint32_t want = o.count > 0xFFFFFF ? 0xFFFFFF : o.count;
        if ((c == '}') != (o.type == '{') || payload(i) != o.start || o.next != i + 1 || cnt != want) return false;
        if (o.type == '{' && !o.key) return false;  // a key without its value
        break;
      }
      case '"': {
        counted();
        std::uint64_t at = payload(i);
        if (at + 5 > sbytes) return false;
        std::uint32_t len;
        std::memcpy(&len, s + at, 4);
        if (at + 4 + len + 1 > sbytes || s[at + 4 + len] != 0) return false;
        break;
      }
      case 'l':
      case 'u':
      case 'd':
        counted();
        if (++i + 1 >= words) return false;
        break;
      case 't':
      case 'f':
      case 'n': counted(); break;
      default: return false;
    }
  }
  return open.empty() && values == 1;
}

}  // namespace

Result<std::string> JsonTape::to_hedl(const FromJsonOptions &options) {
  if (!impl_ || !impl_->doc.tape) return Error{ErrorKind::OutOfMemory, "out of memory", 0, 0};
  if (impl_->string_bytes + impl_->words * 8 > options.limits.max_file_size)
    return Error{ErrorKind::Security,
                 "limit max_file_size (" + std::to_string(options.limits.max_file_size) +
                     ") exceeded by the values; raise max_file_size in the limits if this input is trusted",
                 0, 0};
  if (!well_formed(impl_->doc.tape.get(), impl_->words, impl_->doc.string_buf.get(), impl_->string_bytes))
    return Error{ErrorKind::Conversion, "$: the values' tape is not well formed (an internal error)", 0, 0};
  Result<Document> doc = Error{};
  detail::fj::convert_root({}, impl_->doc.root(), options, doc);
  if (!doc.ok()) return doc.error();
  return std::string(doc.value().source());
}

}  // namespace hedl::embed
