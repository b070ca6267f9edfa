// The ledger's run log as a test reads it: one line per run, oldest first.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sextant::test {

/// The runs of the ledger at `db`, oldest first, as "command status finished|open" lines.
std::vector<std::string> runs_table(const std::filesystem::path& db);

}  // namespace sextant::test
