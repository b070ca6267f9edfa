// The ledger's pre-aggregated days (day_totals) and each customer's first counted day
// (customers.first_day). A write notes what it changes as it goes; before its transaction commits,
// only the days and customers it touched are recomputed from the facts, so that reads over years
// sum a row a day and a backfill maintains no index on customers order by order.
#pragma once

#include "statement_cache.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

struct sqlite3;

namespace sextant::ledger::detail {

/// Registers checked_sum(x): the sum of an aggregate's integers (0 over no row), NULL when it does
/// not fit in 64 bits. SQLite's SUM raises an error instead, which would refuse the write of a day
/// rather than the read of it.
void register_checked_sum(sqlite3* db);

/// The number of the customer known by `key` (customers.no), numbering it if new.
std::int64_t customer_number(StatementCache& statements, const std::string& key);

/// What the aggregates read of an order.
struct OrderPlace {
  std::string day;
  bool counted = false;
  std::int64_t customer = 0;  ///< customers.no
};

/// The changes one write transaction makes to one source's facts, recomputed by apply().
class AggregateChanges {
 public:
  AggregateChanges(StatementCache& statements, std::string source)
      : statements_(statements), source_(std::move(source)) {}

  /// An order is about to be written over `before` (nothing: a new order).
  void order(const std::string& id, const std::optional<OrderPlace>& before, const OrderPlace& after);
  /// A refund is about to be written, placed on `day_after`, over one on `day_before`.
  void refund(const std::optional<std::string>& day_before, const std::string& day_after);
  /// A daily fact of `day` is about to be written.
  void daily(const std::string& day) { days_.insert(day); }

  /// Brings the customers' first days and day_totals up to date with the facts as written, in the
  /// caller's transaction.
  void apply();

 private:
  void set_first_day(std::int64_t customer, const std::optional<std::string>& was,
                     const std::optional<std::string>& day);

  StatementCache& statements_;
  std::string source_;
  std::set<std::string> days_;                        // days whose totals to recompute
  std::vector<std::string> recounted_orders_;         // whose counted flag changed: their refunds too
  std::map<std::int64_t, std::string> first_days_;    // customer → earliest counted day written
  std::set<std::int64_t> recounted_customers_;        // a counted order left: first day from the facts
};

/// Recomputes every aggregate from the facts: after a schema upgrade, new counted statuses or a
/// new time zone (rare; one pass over the orders).
void rebuild_aggregates(SQLite::Database& db, StatementCache& statements);

}  // namespace sextant::ledger::detail
