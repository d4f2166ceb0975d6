// The immutable Document a parse produces. Every node lives in the
// Document's arena and dies with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <string_view>

#include "hedl/value.hpp"

namespace hedl {

namespace detail {
struct DocumentData;
struct DocumentAccess;
}  // namespace detail

struct MatrixList;

/// A schema: a type name and its columns in order (the first is the ID column).
struct Schema {
  std::string_view type_name;
  std::span<const std::string_view> columns;
  /// The first %NEST child type of this type, or nullptr.
  const Schema *nest_child = nullptr;
  /// Every %NEST child type of this type, in declaration order (HEDL 2.0
  /// allows several; 1.0 at most one).
  std::span<const Schema *const> nest_children;
  /// Line of the %STRUCT directive, or of the list with this inline schema.
  std::uint32_t line = 0;
  /// True for %STRUCT schemas; false for a list's inline schema of an undeclared type.
  bool declared = false;
};

/// One matrix row. Its cells follow it in memory, one per schema column.
struct Row {
  const Row *next = nullptr;
  /// The first list of %NEST child rows attached to this row, or nullptr when
  /// it has none. Further child types follow through MatrixList::next_sibling.
  const MatrixList *children = nullptr;
  std::uint32_t line = 0;
  /// The `|[N]` count hint, or -1 when absent.
  std::int32_t count_hint = -1;

  std::span<const Value> cells(std::size_t ncols) const noexcept {
    return {reinterpret_cast<const Value *>(this + 1), ncols};
  }
  const Value &id() const noexcept { return *reinterpret_cast<const Value *>(this + 1); }
};

/// Forward iteration over the rows of a list.
class RowRange {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = const Row *;
    using reference = const Row &;
    explicit iterator(const Row *r = nullptr) : r_(r) {}
    const Row &operator*() const { return *r_; }
    const Row *operator->() const { return r_; }
    iterator &operator++() {
      r_ = r_->next;
      return *this;
    }
    iterator operator++(int) {
      iterator t = *this;
      r_ = r_->next;
      return t;
    }
    bool operator==(const iterator &o) const { return r_ == o.r_; }

   private:
    const Row *r_;
  };
  explicit RowRange(const Row *head) : head_(head) {}
  iterator begin() const { return iterator(head_); }
  iterator end() const { return iterator(nullptr); }

 private:
  const Row *head_;
};

/// A typed matrix list: a key's list, or the child rows of one parent row.
struct MatrixList {
  const Schema *schema = nullptr;
  const Row *head = nullptr;
  const Row *tail = nullptr;
  std::uint32_t count = 0;
  std::uint32_t line = 0;    ///< the list start line (for child lists, the first row's line)
  std::uint32_t column = 0;  ///< 1-based column of its rows' `|`
  /// The `key(N):` hint of a list start, or -1.
  std::int32_t count_hint = -1;
  /// For a row's child lists: the next child list of the same row (another type).
  const MatrixList *next_sibling = nullptr;

  std::string_view type_name() const noexcept { return schema->type_name; }
  std::size_t column_count() const noexcept { return schema->columns.size(); }
  RowRange rows() const noexcept { return RowRange(head); }
};

struct Object;

enum class ItemKind : std::uint8_t { Scalar, Object, List };

/// One key of an object: a scalar, a nested object or a matrix list.
/// 32 bytes: the kind lives in the value's tag (objects and lists are tagged
/// pointers), so a key-value costs little more than its text.
struct Item {
  std::string_view key;
  std::uint32_t line = 0;
  /// The scalar of a Scalar item (meaningless for the other kinds).
  Value value;

  ItemKind kind() const noexcept {
    auto k = static_cast<std::uint8_t>(value.kind());
    return k == kObjectTag ? ItemKind::Object : k == kListTag ? ItemKind::List : ItemKind::Scalar;
  }
  const Object *object() const noexcept { return static_cast<const Object *>(value.raw_pointer()); }
  const MatrixList *list() const noexcept { return static_cast<const MatrixList *>(value.raw_pointer()); }

  void set_object(const Object *o) noexcept { value = Value::tagged_pointer(kObjectTag, o); }
  void set_list(const MatrixList *l) noexcept { value = Value::tagged_pointer(kListTag, l); }

 private:
  static constexpr std::uint8_t kObjectTag = 14;
  static constexpr std::uint8_t kListTag = 15;
};

/// An object: its items in document order.
struct Object {
  Item *items = nullptr;
  std::uint32_t count = 0;
  /// 1-based column of this object's keys (its indentation + 1).
  std::uint32_t column = 1;

  std::span<const Item> entries() const noexcept { return {items, count}; }
  /// Returns the item with this key, or nullptr (a linear scan).
  const Item *find(std::string_view key) const noexcept;
};

struct Alias {
  std::string_view key;  ///< without the leading '%'
  std::string_view value;
  std::uint32_t line = 0;
};

struct Nest {
  std::string_view parent;
  std::string_view child;
  std::uint32_t line = 0;
};

/// A `%PROMPT: "text"` directive (HEDL 1.1+).
struct Prompt {
  std::string_view text;
  std::uint32_t line = 0;
};

/// One `value=N` of a `%C` count directive.
struct CountEntry {
  std::string_view value;  ///< empty for `Type.total=N`
  std::uint64_t count = 0;
};

/// A `%C:Type.total=N` or `%C:Type.field:v1=N1,v2=N2` directive (HEDL 1.2+):
/// informational; never checked against the rows by the parser.
struct CountDirective {
  std::string_view type;
  std::string_view field;  ///< empty for `Type.total=N`
  std::span<const CountEntry> entries;
  std::uint32_t line = 0;
};

/// An experimental `%X-Name: payload` directive, kept as written.
struct Extension {
  std::string_view name;  ///< without the '%', e.g. "X-Trace"
  std::string_view payload;
  std::uint32_t line = 0;
};

/// The header directive kinds, in the canonical HEDL 2.0 order (§13.8).
enum class DirectiveKind : std::uint8_t { Version, Null, Quote, Mode, Alias, Struct, Nest, Count, Prompt, Extension };

/// One header directive as written.
struct Directive {
  DirectiveKind kind = DirectiveKind::Version;
  /// Written with its long name (`%VERSION:`, `%STRUCT:`, `%NEST:`, `%ALIAS:`, `%COUNT:`).
  bool verbose = false;
  std::uint32_t line = 0;
};

/// A parsed document. Move-only; owns its input copy and an arena.
class Document {
 public:
  Document(Document &&) noexcept;
  Document &operator=(Document &&) noexcept;
  ~Document();

  std::uint32_t version_major() const noexcept;
  std::uint32_t version_minor() const noexcept;
  /// The %STRUCT schemas in declaration order.
  std::span<const Schema *const> schemas() const noexcept;
  /// Returns the declared schema of this type, or nullptr.
  const Schema *find_schema(std::string_view type_name) const noexcept;
  std::span<const Alias> aliases() const noexcept;
  std::span<const Nest> nests() const noexcept;
  /// The %PROMPT directives in order.
  std::span<const Prompt> prompts() const noexcept;
  /// The %C count directives in order.
  std::span<const CountDirective> counts() const noexcept;
  /// The %X- directives in order.
  std::span<const Extension> extensions() const noexcept;
  /// True when the header says `%MODE: lenient`.
  bool lenient_mode() const noexcept;
  /// The header's %NULL character ('~' unless a 1.1/1.2 document chose another).
  char null_char() const noexcept;
  /// Every header directive in the order written (for lint and tools).
  std::span<const Directive> directives() const noexcept;
  /// The root object: the body's items in document order.
  const Object &root() const noexcept;
  /// The document's copy of its input text, byte for byte (a leading BOM
  /// included). String views of the document point into it or into the arena.
  std::string_view source() const noexcept;
  /// Bytes this document holds (input copy, arena and tables).
  std::size_t memory_usage() const noexcept;

 private:
  friend struct detail::DocumentAccess;  // the core's own access to what a Document owns
  explicit Document(std::unique_ptr<detail::DocumentData> d) noexcept;
  std::unique_ptr<detail::DocumentData> d_;
};

}  // namespace hedl
