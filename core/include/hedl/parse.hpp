// Parsing HEDL text into a Document.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "hedl/document.hpp"
#include "hedl/error.hpp"
#include "hedl/limits.hpp"

namespace hedl {

/// Parses UTF-8 HEDL text with default limits and strict references.
/// Returns the Document, or the first Error (any kind of §12).
Result<Document> parse(std::string_view text);

/// Parses with explicit options. Returns the Document, or the first Error;
/// a SecurityError names the limit that was exceeded.
Result<Document> parse(std::string_view text, const ParseOptions &options);

/// Parses raw bytes (validated as UTF-8) with explicit limits and reference mode.
Result<Document> parse_with_limits(std::span<const std::uint8_t> bytes, const ParseOptions &options);

/// Same, taking the bytes as a string_view.
Result<Document> parse_with_limits(std::string_view bytes, const ParseOptions &options);

}  // namespace hedl
