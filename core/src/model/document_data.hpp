// What a Document owns (DocumentData), and the parser's entry points that
// build one. Internal: nothing outside core/src includes this.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"
#include "util/arena.hpp"
#include "util/big_alloc.hpp"
#include "util/hash_map.hpp"

namespace hedl::detail {

/// A big_alloc'd byte buffer.
struct BigBuffer {
  char *data = nullptr;
  std::size_t size = 0;
  BigBuffer() = default;
  BigBuffer(const BigBuffer &) = delete;
  BigBuffer &operator=(const BigBuffer &) = delete;
  ~BigBuffer() { big_free(data, size); }
  bool allocate(std::size_t n) noexcept {
    data = static_cast<char *>(big_alloc(n));
    size = data ? n : 0;
    return data != nullptr;
  }
  char *get() const noexcept { return data; }
};

/// What a Document owns.
struct DocumentData {
  BigBuffer input;  // the input copy every view points into (plus a NUL)
  std::size_t input_size = 0;
  bool input_ascii = true;             // no byte >= 0x80 (set by the parser's first stage)
  bool input_has_replacement = false;  // U+FFFD occurs in the input
  Arena arena;
  std::uint32_t major = 1, minor = 0;
  std::vector<const Schema *> schemas;  // declared, in order
  StringMap<Schema *> schema_map;       // declared type -> schema
  std::vector<Alias> aliases;
  StringMap<std::uint32_t> alias_map;  // key -> index + 1
  std::vector<Nest> nests;
  std::vector<Prompt> prompts;
  std::vector<CountDirective> counts;
  std::vector<Extension> extensions;
  std::vector<Directive> directives;
  bool lenient_mode = false;
  std::vector<std::uint32_t> plain_multi_child_lines;  // plain child rows under several child types (lint; first 1000)
  char null_char = '~';
  Object root;

  std::size_t memory_usage() const noexcept;
};

/// The core's access to a Document's internals (Document befriends it).
struct DocumentAccess {
  static Document make(std::unique_ptr<DocumentData> d) noexcept { return Document(std::move(d)); }
  static DocumentData &data(Document &doc) noexcept { return *doc.d_; }
  static const DocumentData &data(const Document &doc) noexcept { return *doc.d_; }
};

/// Parser entry point (parser.cpp).
Result<Document> parse_document(std::string_view bytes, const ParseOptions &options);
/// Parses the `size` bytes at `buffer`, a big_alloc block of `block` bytes
/// (block > size: the parser puts a NUL after the text), and takes ownership
/// of the block whatever the outcome. Saves parse_document's copy.
Result<Document> parse_adopting(char *buffer, std::size_t size, std::size_t block, const ParseOptions &options);

}  // namespace hedl::detail
