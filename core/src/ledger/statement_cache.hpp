// The ledger's statements, prepared once and reused for every page and every read.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <map>
#include <memory>
#include <string>

namespace sextant::ledger::detail {

/// A cached statement in use: reset when it goes out of scope, so that a statement left on a row
/// does not hold a read snapshot open (which would keep the WAL from being checkpointed), and its
/// parameters cleared, so that no text bound without a copy (bindNoCopy) outlives its buffer.
class StatementUse {
 public:
  explicit StatementUse(SQLite::Statement& statement) : statement_(statement) {}
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;
  ~StatementUse() {
    try {
      statement_.reset();
      statement_.clearBindings();
    } catch (...) {  // the statement's last error, already reported by the call that met it
    }
  }
  SQLite::Statement* operator->() const { return &statement_; }

 private:
  SQLite::Statement& statement_;
};

class StatementCache {
 public:
  explicit StatementCache(SQLite::Database& db) : db_(db) {}

  /// The statement of `sql`, prepared on first use.
  [[nodiscard]] StatementUse operator()(const std::string& sql) { return StatementUse(prepared(sql)); }

  /// The same, for a loop to look up once and use (StatementUse) for each row it writes.
  [[nodiscard]] SQLite::Statement& prepared(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
    return *it->second;
  }

 private:
  SQLite::Database& db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
};

}  // namespace sextant::ledger::detail
