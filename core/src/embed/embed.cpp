// The bindings' view of the core (embed.hpp): thin wrappers over internals.
#include "embed/embed.hpp"

#include "model/document_data.hpp"
#include "writers/spelling.hpp"

namespace hedl::embed {

Result<Document> parse_adopting(char *buffer, std::size_t size, std::size_t block, const ParseOptions &options) {
  return detail::parse_adopting(buffer, size, block, options);
}

InputInfo input_info(const Document &doc) noexcept {
  const detail::DocumentData &d = detail::DocumentAccess::data(doc);
  return InputInfo{d.input_size, d.input_ascii, d.input_has_replacement};
}

void append_json_string(std::string &out, std::string_view s) { detail::append_json_string(out, s); }

void append_double(std::string &out, double d) {
  char buf[40];
  out.append(buf, static_cast<std::size_t>(detail::format_double(buf, d) - buf));
}

}  // namespace hedl::embed
