#include "support/ledger_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

namespace sextant::test {

std::vector<std::string> runs_table(const std::filesystem::path& db) {
  SQLite::Database ledger(db, SQLite::OPEN_READONLY);
  SQLite::Statement q(ledger, "SELECT command, status, finished_at IS NOT NULL FROM runs ORDER BY id");
  std::vector<std::string> rows;
  while (q.executeStep())
    rows.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() +
                   (q.getColumn(2).getInt() ? " finished" : " open"));
  return rows;
}

std::string stored_cursor(const std::filesystem::path& db, const std::string& source) {
  try {
    SQLite::Database ledger(db, SQLite::OPEN_READONLY);
    SQLite::Statement q(ledger, "SELECT cursor FROM cursors WHERE source = ?");
    q.bind(1, source);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  } catch (const SQLite::Exception&) {
    return {};  // no ledger, or no schema yet: nothing stored
  }
}

}  // namespace sextant::test
