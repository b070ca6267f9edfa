// Writing a whole file so that readers see the old one or the new one, never half of it.
#pragma once

#include "sextant/plugin/error.hpp"

#include <filesystem>
#include <string_view>

namespace sextant::app {

/// Writes `text` beside `path` and renames it over `path`.
Result<> write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace sextant::app
