// The tape: a Document flattened into arrays that JS walks without parsing
// text (js/tape-decoder.js builds the JS values from it). It is what makes
// `parse(text).toJSON()` faster than JSON.parse on the same data: scanning
// happens once, in wasm, and JS only allocates the objects it returns.
//
// Layout (all little-endian; JS reads every array in place in wasm memory):
//  - words:  uint32 op stream, in document order (below).
//  - f64:    the doubles (floats, ints beyond int32, tensor data).
//  - arena:  UTF-8 bytes of strings that are not views of the input (or
//            that come before an earlier view, e.g. ditto copies); JS
//            decodes it once with TextDecoder.
//  Every string offset is in UTF-16 code units: of the input text as JS
//  sees it (the caller's string, or wasm's input copy decoded once) or of
//  the decoded arena.
//  - keys:   every distinct key, column and type name, '\n'-separated; a
//            key index is a position in this list.
//  - schemas (in words, from TapeHeader::schema_offset): per schema
//            [type key index, column count | kSchemaNested, column key
//            indexes...]; kSchemaNested: the type has a %NEST child, so its
//            rows carry the children flag word.
//
// Values (first word: tag in the low 4 bits, an argument in the rest):
//   NUL, FALSE, TRUE                  one word
//   INT        [tag][int32]            ints that fit in 32 bits
//   F64        [tag][f64 index]        other numbers
//   STR_INPUT  [tag|length<<4][start]  a slice of the input text
//   STR_ARENA  [tag|length<<4][start]  a slice of the decoded arena
//   REF_INPUT  [tag|length<<4][start]  "@Type:id" as a slice of the input
//   REF_ARENA  [tag|length<<4][start]  "@Type:id" as a slice of the arena
//   STR_NEW    [tag] then a STR_INPUT or STR_ARENA: a short string JS keeps
//              in its string cache (slot = number of STR_NEW seen before)
//   STR_CACHED [tag|slot<<4]          a short string seen before
//   REF_NEW    [tag] then a REF_INPUT or REF_ARENA: JS caches its
//              "@Type:id" string
//   REF_CACHED [tag|slot<<4]          a reference whose "@Type:id" was seen
//   TENSOR     [tag|ndims<<4][dims...][f64 index]
//   OBJECT     [tag|count<<4] then count x ([key index] value)
//   LIST       [tag|schema<<4][row count] then per row:
//              [has children 0/1, only for kSchemaNested types] cells...
//              [LIST of the children when 1]
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "hedl/document.hpp"
#include "hedl/tape_abi.hpp"

namespace hedl::wasm {

// TapeTag (kTag*), kSchemaNested, TapeHeader and the kInput* flags come
// from core/abi/abi.json, as js/tape-decoder.js's constants do.

/// A growable word array that, unlike std::vector, leaves new space
/// uninitialised (the writer fills every word it uses): the op stream is
/// about a quarter of the input's size, and zeroing it first cost as much as
/// writing it.
class WordBuffer {
 public:
  std::uint32_t *data() noexcept { return data_.get(); }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  /// Makes room for `n` words, keeping the first size() of them.
  void reserve(std::size_t n) {
    if (n <= capacity_) return;
    std::unique_ptr<std::uint32_t[]> bigger(new std::uint32_t[n]);
    if (size_) std::memcpy(bigger.get(), data_.get(), size_ * sizeof(std::uint32_t));
    data_ = std::move(bigger);
    capacity_ = n;
  }
  /// Sets the number of words in use (at most capacity()).
  void set_size(std::size_t n) noexcept { size_ = n; }
  void append(const std::uint32_t *p, std::size_t n) {
    reserve(size_ + n);
    if (n) std::memcpy(data_.get() + size_, p, n * sizeof(std::uint32_t));
    size_ += n;
  }
  void release() noexcept {
    data_.reset();
    size_ = capacity_ = 0;
  }

 private:
  std::unique_ptr<std::uint32_t[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

/// The tape's storage. Reused between calls; release() frees it.
struct Tape {
  TapeHeader header{};
  WordBuffer words;
  std::vector<double> f64;
  std::string arena;
  std::string keys;

  void release();
};

/// Writes `doc` into `tape` (replacing what it held) and fills its header.
/// `input_flags` come from input_flags(doc); with kInputAscii, byte offsets
/// are UTF-16 offsets (no counting). Always returns true (running out of
/// memory aborts the wasm instance, as anywhere in a -fno-exceptions build).
bool write_tape(const Document &doc, std::uint32_t input_flags, Tape &tape);

/// Returns kInputAscii and kInputHasReplacement as they apply to the document's input copy.
std::uint32_t input_flags(const Document &doc) noexcept;

}  // namespace hedl::wasm
