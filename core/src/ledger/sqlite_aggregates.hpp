// The ledger's pre-aggregated days (day_totals) and each customer's first counted day
// (customers.first_day). A write notes what it changes as it goes; before its transaction commits,
// the days it touched are brought up to date, so that reads over years sum a row a day and a
// backfill maintains no index on customers order by order. New facts are added to their day's
// totals; a day where that is not enough (a fact changed, or new orders on a day that had some) is
// recomputed from the facts.
#pragma once

#include "known_customers.hpp"
#include "statement_cache.hpp"

#include "sextant/plugin/facts.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace sextant::ledger::detail {

/// Registers the ledger's aggregate functions. checked_sum(x): the sum of an aggregate's integers
/// (0 over no row), NULL when it does not fit in 64 bits (SQLite's SUM raises an error instead,
/// which would refuse the write of a day rather than the read of it). distinct_count(x): the number
/// of distinct integers, as COUNT(DISTINCT x) (0 over no row) at a fraction of its cost.
void register_aggregates(sqlite3* db);

/// The day of a column holding "YYYY-MM-DD" (as the ledger writes them); throws for anything else.
std::chrono::sys_days stored_day(const SQLite::Column& column);

/// What the aggregates read of an order.
struct OrderPlace {
  std::chrono::sys_days day;
  bool counted = false;
  std::int64_t customer = 0;  ///< customers.no
};

/// The changes one write transaction makes to one source's facts, recomputed by apply().
class AggregateChanges {
 public:
  AggregateChanges(StatementCache& statements, KnownCustomers& customers, std::string source)
      : statements_(statements), customers_(customers), source_(std::move(source)) {}

  /// Order `o` is about to be written over `before` (nothing: a new order). `refunds_stored`:
  /// refunds of it may be stored already, which count with it (false: none can be, see
  /// refunds_before_orders).
  void order(const OrderFact& o, const std::optional<OrderPlace>& before, const OrderPlace& after, bool refunds_stored);
  /// Refund `r` is about to be written, placed on `day_after`, over one on `day_before`.
  /// `order_counted`: whether its order, inserted by this write, counts (nothing: not known).
  void refund(const RefundFact& r, std::optional<std::chrono::sys_days> day_before, std::chrono::sys_days day_after,
              std::optional<bool> order_counted);
  /// A daily fact of `day` is about to be written.
  void daily(std::chrono::sys_days day) { touch(day); }

  /// Brings the customers' first days and day_totals up to date with the facts as written, in the
  /// caller's transaction.
  void apply();

  /// What new facts add to a day's totals (day_totals' columns).
  struct DayAddition {
    std::int64_t orders = 0, items = 0, gross_sales = 0, discounts = 0, shipping = 0, taxes = 0;
    std::int64_t new_customers = 0, returns = 0, refunded_shipping = 0, refunded_taxes = 0;
    std::vector<std::int64_t> customers;  // of the new counted orders, repeats allowed
    bool overflow = false;                // a sum beyond 64 bits: the day is recomputed
  };

 private:
  // Orders come in date order, so most are on the day noted last: no lookup for them.
  void touch(std::chrono::sys_days day) {
    if (days_.empty() || days_.back() != day) days_.push_back(day);
  }
  DayAddition& added(std::chrono::sys_days day) {
    if (last_added_ == added_.end() || last_added_->first != day) last_added_ = added_.try_emplace(day).first;
    return last_added_->second;
  }
  void add_to_days();
  void recount_first_days();
  void lower_first_days();
  void set_first_day(std::int64_t customer, std::optional<std::chrono::sys_days> was,
                     std::optional<std::chrono::sys_days> day);

  StatementCache& statements_;
  KnownCustomers& customers_;
  std::string source_;
  std::vector<std::chrono::sys_days> days_;           // days whose totals to recompute (repeats allowed)
  std::map<std::chrono::sys_days, DayAddition> added_;  // days to add to, unless recomputed
  std::map<std::chrono::sys_days, DayAddition>::iterator last_added_ = added_.end();
  std::vector<std::string> recounted_orders_;         // whose counted flag changed: their refunds too
  std::unordered_map<std::int64_t, std::chrono::sys_days> first_days_;  // customer → earliest counted day written
  std::set<std::int64_t> recounted_customers_;        // a counted order left: first day from the facts
};

/// Recomputes every aggregate from the facts: after a schema upgrade, new counted statuses or a
/// new time zone (rare; one pass over the orders).
void rebuild_aggregates(SQLite::Database& db, StatementCache& statements);

}  // namespace sextant::ledger::detail
