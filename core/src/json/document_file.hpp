// Reading a user's JSON file without trusting what the path names: a FIFO, a device, a folder
// or a file that keeps growing is refused or cut short instead of blocking or filling memory.
#pragma once

#include "sextant/plugin/error.hpp"

#include <filesystem>
#include <string>

namespace sextant::json::detail {

/// The bytes of a regular file of at most kMaxDocumentBytes; otherwise an error whose message
/// says in words what the path is ("this is a directory, not a file", "larger than 4 MiB...").
/// Opens without blocking (O_NONBLOCK) and reads at most kMaxDocumentBytes + 1 bytes.
Result<std::string> read_document_file(const std::filesystem::path& path);

}  // namespace sextant::json::detail
