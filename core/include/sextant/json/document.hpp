// A user's JSON file, read with comments and trailing commas allowed, that remembers where each
// value came from.
#pragma once

#include "sextant/json/diagnostics.hpp"
#include "sextant/json/location_index.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace sextant::json {

struct Document {
  std::string name;  ///< the file as the user named it; used in messages
  boost::json::value root;
  LocationIndex locations;

  /// A diagnostic at the value (or, with at_key, the member name) found at `pointer`.
  [[nodiscard]] Diagnostic diagnose(std::string pointer, std::string message, bool at_key = false) const;
};

/// Parses `text` as JSON with comments and trailing commas, within the limits of limits.hpp. On
/// a syntax error, a text too large or too deep, a byte-order mark or invalid UTF-8, appends one
/// diagnostic (with the line, column and pointer where it happened) and returns nullopt; so it
/// does, with one diagnostic each, for member names given twice and numbers beyond a double.
std::optional<Document> parse_document(std::string name, std::string_view text, Diagnostics& out);

/// Reads and parses a file; a missing or unreadable file, a folder, a FIFO, a device or a file
/// over kMaxDocumentBytes is a diagnostic too (read without blocking, never past the limit).
std::optional<Document> load_document(const std::filesystem::path& path, Diagnostics& out);

}  // namespace sextant::json
