// Whom a plugin file lets run code inside Sextant: only root and the running user may be able to
// change the file or any folder above it. Checked before the library is opened.
#pragma once

#include "sextant/plugin/error.hpp"

#include <filesystem>
#include <string_view>

namespace sextant::loading::detail {

/// The file to open: `file` with every symbolic link resolved, once the target, every folder
/// above it up to / and (for a link) the link's own folders are owned by root or the running
/// user and writable by no group or other user. A folder owned by root with the sticky bit
/// (/tmp) passes although others write to it: the sticky bit keeps them from renaming or
/// removing what they do not own. Else Errc::incompatible_plugin saying what to fix.
Result<std::filesystem::path> trusted_plugin_file(const std::filesystem::path& file);

}  // namespace sextant::loading::detail
