// Document accessors, errors and the parse entry points.
#include <cstring>
#include <new>

#include "hedl/parse.hpp"
#include "parser/parser.hpp"

namespace hedl {

const char *error_kind_name(ErrorKind kind) noexcept {
  switch (kind) {
#define HEDL_KIND_NAME(e, name, code) \
  case ErrorKind::e: return name;
    HEDL_ERROR_KINDS(HEDL_KIND_NAME)
#undef HEDL_KIND_NAME
  }
  return "Error";
}

int error_kind_code(ErrorKind kind) noexcept {
  switch (kind) {
#define HEDL_KIND_CODE(e, name, code) \
  case ErrorKind::e: return code;
    HEDL_ERROR_KINDS(HEDL_KIND_CODE)
#undef HEDL_KIND_CODE
  }
  return 0;
}

std::string Error::to_string() const {
  std::string s = error_kind_name(kind);
  s += " at line ";
  s += std::to_string(line);
  if (column) {
    s += ", column ";
    s += std::to_string(column);
  }
  s += ": ";
  s += message;
  return s;
}

const Item *Object::find(std::string_view key) const noexcept {
  for (std::uint32_t i = 0; i < count; ++i)
    if (items[i].key == key) return &items[i];
  return nullptr;
}

Document::Document(std::unique_ptr<detail::DocumentData> d) noexcept : d_(std::move(d)) {}
Document::Document(Document &&) noexcept = default;
Document &Document::operator=(Document &&) noexcept = default;
Document::~Document() = default;

std::uint32_t Document::version_major() const noexcept { return d_->major; }
std::uint32_t Document::version_minor() const noexcept { return d_->minor; }
std::span<const Schema *const> Document::schemas() const noexcept { return {d_->schemas.data(), d_->schemas.size()}; }
const Schema *Document::find_schema(std::string_view type_name) const noexcept {
  return d_->schema_map.find(type_name);
}
std::span<const Alias> Document::aliases() const noexcept { return {d_->aliases.data(), d_->aliases.size()}; }
std::span<const Nest> Document::nests() const noexcept { return {d_->nests.data(), d_->nests.size()}; }
std::span<const Prompt> Document::prompts() const noexcept { return {d_->prompts.data(), d_->prompts.size()}; }
std::span<const CountDirective> Document::counts() const noexcept { return {d_->counts.data(), d_->counts.size()}; }
std::span<const Extension> Document::extensions() const noexcept {
  return {d_->extensions.data(), d_->extensions.size()};
}
std::span<const Directive> Document::directives() const noexcept {
  return {d_->directives.data(), d_->directives.size()};
}
bool Document::lenient_mode() const noexcept { return d_->lenient_mode; }
char Document::null_char() const noexcept { return d_->null_char; }
const Object &Document::root() const noexcept { return d_->root; }
std::size_t Document::memory_usage() const noexcept { return d_->memory_usage(); }
std::string_view Document::source() const noexcept { return {d_->input.get(), d_->input_size}; }

namespace detail {

std::size_t DocumentData::memory_usage() const noexcept {
  std::size_t n = sizeof(*this) + input_size + arena.bytes_reserved() + schema_map.memory_usage() +
                  alias_map.memory_usage() + schemas.capacity() * sizeof(void *) + aliases.capacity() * sizeof(Alias) +
                  nests.capacity() * sizeof(Nest) + prompts.capacity() * sizeof(Prompt) +
                  counts.capacity() * sizeof(CountDirective) + extensions.capacity() * sizeof(Extension) +
                  directives.capacity() * sizeof(Directive);
  return n;
}

namespace {

Error too_large(std::size_t size, const ParseOptions &options) {
  return Error{ErrorKind::Security,
               "limit max_file_size (" + std::to_string(options.limits.max_file_size) + ") exceeded: input is " +
                   std::to_string(size) + " bytes; raise max_file_size in the parse limits if this input is trusted",
               1, 0};
}

// Parses the input `d` holds.
Result<Document> run_parser(std::unique_ptr<DocumentData> d, const ParseOptions &options) {
  d->input.data[d->input_size] = '\0';
  d->arena.set_chunk_hint(d->input_size / 2);
  Parser p(*d, options);
  if (!p.run()) return std::move(p.error());
  return DocumentAccess::make(std::move(d));
}

}  // namespace

Result<Document> parse_document(std::string_view bytes, const ParseOptions &options) {
  if (bytes.size() > options.limits.max_file_size) return too_large(bytes.size(), options);
  auto d = std::unique_ptr<DocumentData>(new (std::nothrow) DocumentData());
  if (!d || !d->input.allocate(bytes.size() + 1))
    return Error{ErrorKind::OutOfMemory, "out of memory copying the input", 1, 0};
  if (!bytes.empty()) std::memcpy(d->input.get(), bytes.data(), bytes.size());
  d->input_size = bytes.size();
  return run_parser(std::move(d), options);
}

Result<Document> parse_adopting(char *buffer, std::size_t size, std::size_t block, const ParseOptions &options) {
  BigBuffer owned;
  owned.data = buffer;
  owned.size = block;
  if (size > options.limits.max_file_size) return too_large(size, options);
  auto d = std::unique_ptr<DocumentData>(new (std::nothrow) DocumentData());
  if (!d) return Error{ErrorKind::OutOfMemory, "out of memory reading the input", 1, 0};
  std::swap(d->input.data, owned.data);
  std::swap(d->input.size, owned.size);
  d->input_size = size;
  return run_parser(std::move(d), options);
}

}  // namespace detail

Result<Document> parse(std::string_view text) { return detail::parse_document(text, ParseOptions{}); }
Result<Document> parse(std::string_view text, const ParseOptions &options) {
  return detail::parse_document(text, options);
}
Result<Document> parse_with_limits(std::string_view bytes, const ParseOptions &options) {
  return detail::parse_document(bytes, options);
}
Result<Document> parse_with_limits(std::span<const std::uint8_t> bytes, const ParseOptions &options) {
  return detail::parse_document(std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()), options);
}

}  // namespace hedl
