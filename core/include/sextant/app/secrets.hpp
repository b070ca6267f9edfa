// Secrets in plugin settings are references, never values: {"env": "NAME"} or {"file": "PATH"}.
// They are resolved here, once, and every value found is handed to the logger for redaction.
#pragma once

#include "sextant/json/document.hpp"
#include "sextant/log/logger.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <span>
#include <string_view>

namespace sextant::app {

/// Replaces every secret reference in `settings` by its value. `pointer` locates the settings in
/// the config document; `secret_fields` (pointers inside settings) must be references, not
/// plain text. Problems are appended to `out`.
boost::json::object resolve_secrets(const boost::json::object& settings, const json::Document& document,
                                    const std::string& pointer, std::span<const std::string_view> secret_fields,
                                    const std::filesystem::path& base_dir, log::Logger& logger,
                                    json::Diagnostics& out);

}  // namespace sextant::app
