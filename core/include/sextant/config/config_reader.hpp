// Reads sextant.json, reporting every structural problem as a located diagnostic. Plugin settings
// are checked later by the plugins themselves (see app/workspace.hpp).
#pragma once

#include "sextant/config/config.hpp"

#include <filesystem>
#include <optional>

namespace sextant::config {

std::optional<Config> read_config(json::Document document, const std::filesystem::path& file,
                                  json::Diagnostics& out);
std::optional<Config> load_config(const std::filesystem::path& path, json::Diagnostics& out);

}  // namespace sextant::config
