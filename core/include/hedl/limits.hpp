// Resource limits (§14, docs/format.md "Limits"): exceeding one is a SecurityError.
#pragma once

#include <cstddef>

#include "hedl/abi.h"

namespace hedl {

/// The ten limits, with their defaults (the table is core/abi/abi.json,
/// shared with JS; HEDL_LIMITS lists each field with its doc text).
struct Limits {
#define HEDL_LIMIT_FIELD(field, js, def, doc) std::size_t field = def;
  HEDL_LIMITS(HEDL_LIMIT_FIELD)
#undef HEDL_LIMIT_FIELD
};

struct ParseOptions {
  Limits limits{};
  /// Strict references (default): unresolved or ambiguous references are
  /// ReferenceErrors. Lenient: they stay references marked unresolved (D13).
  bool strict_refs = true;
};

}  // namespace hedl
