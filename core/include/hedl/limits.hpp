// Resource limits (SPEC §14, DECISIONS.md "Limits"): exceeding one is a SecurityError.
#pragma once

#include <cstddef>

namespace hedl {

struct Limits {
  std::size_t max_file_size = std::size_t{1} << 30;           ///< bytes of input
  std::size_t max_line_length = std::size_t{1} << 20;         ///< bytes per line
  std::size_t max_indent_depth = 50;                          ///< indent levels
  std::size_t max_nodes = 10'000'000;                         ///< rows, objects and values
  std::size_t max_aliases = 10'000;                           ///< %ALIAS directives
  std::size_t max_columns = 100;                              ///< columns per schema
  std::size_t max_nest_depth = 100;                           ///< %NEST chain / child list depth
  std::size_t max_block_string_size = std::size_t{10} << 20;  ///< bytes per block string
  std::size_t max_object_keys = 10'000;                       ///< keys in one object
  std::size_t max_total_keys = 10'000'000;                    ///< keys in the document
};

struct ParseOptions {
  Limits limits{};
  /// Strict references (default): unresolved or ambiguous references are
  /// ReferenceErrors. Lenient: they stay references marked unresolved (D13).
  bool strict_refs = true;
};

}  // namespace hedl
