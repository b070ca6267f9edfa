// The SQLite ledger (WAL mode): the default, for one shop in one process.
#pragma once

#include "sextant/ledger/ledger.hpp"
#include "sextant/time/zone.hpp"

#include <filesystem>
#include <memory>

namespace sextant::ledger {

/// Opens (creating and migrating as needed) the ledger at `path`, for a shop keeping its books
/// in `currency` and its days in `zone`. A ledger holding another currency is refused; a
/// changed time zone re-dates every stored fact.
Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::filesystem::path& path, const time::Zone& zone,
                                                   std::string_view currency);

/// Why `path` cannot hold a SQLite ledger, in words ("" when it can): a folder, a file in a
/// folder that does not exist, a file that is not a SQLite database. Writes nothing, so a
/// command checks it with its other input, before it takes the run lock.
std::string sqlite_ledger_problem(const std::filesystem::path& path);

/// The schema version this build writes (PRAGMA user_version).
int sqlite_schema_version();

}  // namespace sextant::ledger
