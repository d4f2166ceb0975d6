// Scalar values of a HEDL document. Every string a Value shows lives in the
// Document that made it (a view into its input copy or its arena).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace hedl {

struct Item;

enum class ValueKind : std::uint8_t {
  Null,
  Bool,
  Int,
  Float,
  String,
  Reference,
  Expression,
  Tensor,
  /// A list literal `(a, b)` (HEDL 1.1+): a sequence of scalars, no nesting.
  List,
};

/// A reference `@id` or `@Type:id`, as Value::as_reference() shows it.
struct Reference {
  std::string_view type;  ///< empty when unqualified
  std::string_view id;
  /// True when it names an existing node. Only lenient parsing leaves it false.
  bool resolved = false;
};

/// A numeric tensor: `shape` has one entry per dimension; `data` is row-major.
struct Tensor {
  std::span<const std::uint32_t> shape;
  std::span<const double> data;
};

/// A 12-byte tagged value: 4 bits of kind, 1 flag bit, 27 bits of length,
/// and a 64-bit payload. Strings are (pointer, length) views.
class Value {
 public:
  Value() noexcept : tag_(0), lo_(0), hi_(0) {}

  static Value null() noexcept { return Value(); }
  static Value boolean(bool b) noexcept { return Value(ValueKind::Bool, 0, b ? 1 : 0); }
  static Value integer(std::int64_t i) noexcept {
    std::uint64_t u;
    std::memcpy(&u, &i, 8);
    return Value(ValueKind::Int, 0, u);
  }
  static Value floating(double d) noexcept {
    std::uint64_t u;
    std::memcpy(&u, &d, 8);
    return Value(ValueKind::Float, 0, u);
  }
  /// Strings and expressions are limited to kMaxLength bytes (the parser checks).
  static Value string(std::string_view s) noexcept { return view(ValueKind::String, s); }
  /// `text` is the whole token, `$(` and `)` included.
  static Value expression(std::string_view text) noexcept { return view(ValueKind::Expression, text); }
  /// `text` is the reference without its '@' ("Type:id" or "id"), a view
  /// into the document.
  static Value reference(std::string_view text, bool resolved) noexcept {
    Value v = view(ValueKind::Reference, text);
    if (resolved) v.tag_ |= kResolvedBit;
    return v;
  }
  static Value tensor(const Tensor *t) noexcept { return ptr(ValueKind::Tensor, t); }
  /// A tensor stored as one packed block (what the parser writes): uint32
  /// dimension count, uint32 element count, the shape, padding to 8 bytes,
  /// then the doubles. `block` must be 8-aligned and outlive the value.
  static Value packed_tensor(const void *block) noexcept {
    Value v = ptr(ValueKind::Tensor, block);
    v.tag_ |= kResolvedBit;  // the flag bit marks the packed form
    return v;
  }

  /// A list stored as one block: uint32 element count, uint32 padding, then
  /// the elements (12-byte Values). `block` must be 8-aligned and outlive the value.
  static Value list(const void *block) noexcept { return ptr(ValueKind::List, block); }

  static constexpr std::uint32_t kMaxLength = (1u << 27) - 1;

  /// The payload as a pointer (what an Item's object or list points to).
  const void *raw_pointer() const noexcept { return as_ptr(); }

  ValueKind kind() const noexcept { return static_cast<ValueKind>(tag_ & 15u); }
  bool is_null() const noexcept { return kind() == ValueKind::Null; }

  bool as_bool() const noexcept { return payload() != 0; }
  std::int64_t as_int() const noexcept {
    std::uint64_t u = payload();
    std::int64_t i;
    std::memcpy(&i, &u, 8);
    return i;
  }
  double as_float() const noexcept {
    std::uint64_t u = payload();
    double d;
    std::memcpy(&d, &u, 8);
    return d;
  }
  /// The text of a String, or the whole `$(...)` token of an Expression.
  std::string_view as_string() const noexcept {
    return {reinterpret_cast<const char *>(static_cast<std::uintptr_t>(payload())), tag_ >> 5};
  }
  /// The text between `$(` and the closing `)` of an Expression.
  std::string_view expression_body() const noexcept {
    std::string_view s = as_string();
    return s.substr(2, s.size() - 3);
  }
  /// The text of a Reference without its '@' ("Type:id" or "id").
  std::string_view reference_text() const noexcept { return as_string(); }
  Reference as_reference() const noexcept {
    std::string_view t = as_string();
    Reference r;
    std::size_t colon = t.find(':');
    if (colon != std::string_view::npos) {
      r.type = t.substr(0, colon);
      r.id = t.substr(colon + 1);
    } else {
      r.id = t;
    }
    r.resolved = (tag_ & kResolvedBit) != 0;
    return r;
  }
  /// The elements of a List (scalars: never a List).
  std::span<const Value> as_list() const noexcept {
    const auto *h = static_cast<const std::uint32_t *>(as_ptr());
    return {reinterpret_cast<const Value *>(h + 2), h[0]};
  }
  Tensor as_tensor() const noexcept {
    if (!(tag_ & kResolvedBit)) return *static_cast<const Tensor *>(as_ptr());
    const auto *h = static_cast<const std::uint32_t *>(as_ptr());
    std::uint32_t ndim = h[0], count = h[1];
    std::size_t shape_words = (2 + ndim + 1) & ~std::size_t{1};  // header + shape, padded to 8 bytes
    Tensor t;
    t.shape = {h + 2, ndim};
    t.data = {reinterpret_cast<const double *>(h + shape_words), count};
    return t;
  }

 private:
  friend struct Item;  // objects and lists are pointers tagged above the ValueKind range
  static Value tagged_pointer(std::uint8_t tag, const void *p) noexcept {
    Value v = ptr(ValueKind::Null, p);
    v.tag_ = tag;
    return v;
  }
  Value(ValueKind k, std::uint32_t len, std::uint64_t payload) noexcept
      : tag_(static_cast<std::uint32_t>(k) | (len << 5)),
        lo_(static_cast<std::uint32_t>(payload)),
        hi_(static_cast<std::uint32_t>(payload >> 32)) {}
  static Value view(ValueKind k, std::string_view s) noexcept {
    return Value(k, static_cast<std::uint32_t>(s.size()),
                 static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(s.data())));
  }
  static Value ptr(ValueKind k, const void *p) noexcept {
    return Value(k, 0, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p)));
  }
  static constexpr std::uint32_t kResolvedBit = 16;  // tag bit 4: a resolved Reference
  std::uint64_t payload() const noexcept { return (static_cast<std::uint64_t>(hi_) << 32) | lo_; }
  const void *as_ptr() const noexcept { return reinterpret_cast<const void *>(static_cast<std::uintptr_t>(payload())); }

  std::uint32_t tag_;
  std::uint32_t lo_, hi_;
};

static_assert(sizeof(Value) == 12, "Value is kept at 12 bytes: it is the per-cell cost");

}  // namespace hedl
