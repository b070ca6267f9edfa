// The ledger's rows as a test reads them, from outside the process that writes them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sextant::test {

/// The runs of the ledger at `db`, oldest first, as "command status finished|open" lines.
std::vector<std::string> runs_table(const std::filesystem::path& db);

/// The cursor stored for `source`; "" before its first stored page (or before the ledger exists).
std::string stored_cursor(const std::filesystem::path& db, const std::string& source);

}  // namespace sextant::test
