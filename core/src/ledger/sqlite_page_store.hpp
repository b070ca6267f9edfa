// Writing pages of facts into the ledger. A backfill is all new facts: orders are inserted 25 by
// one statement, refunds one by one, and a fact is read and updated only when it was stored before
// (a new version, a replay). The aggregates are noted as it goes and brought up to date once for
// the pages.
#pragma once

#include "known_customers.hpp"
#include "sextant/ledger/ledger.hpp"
#include "sextant/time/zone.hpp"
#include "sqlite_aggregates.hpp"
#include "statement_cache.hpp"

#include <chrono>
#include <cstddef>
#include <set>
#include <span>
#include <string>

namespace sextant::ledger::detail {

class PageStore {
 public:
  /// Orders a statement inserts at once (a page of 100 is 4 of them): each statement's own cost
  /// (cursors opened and closed on the table and its indexes) was a quarter of an order's.
  static constexpr std::size_t kChunk = 25;

  PageStore(StatementCache& statements, const time::Zone& zone) : statements_(statements), zone_(zone) {}

  /// Writes the facts of `pages` for `source` (orders whose status is in `counted` count as sales)
  /// and brings the aggregates up to date, in the caller's transaction.
  PageStats store(const std::string& source, std::span<const Page> pages, const std::set<std::string>& counted);

  /// To call when the caller's transaction rolled back (what was remembered of it is gone), or
  /// after the aggregates were rebuilt.
  void forget() { customers_.forget(); }

 private:
  // The text of the day last written ("YYYY-MM-DD"): orders come in date order, a few hundred a
  // day, so most reuse it.
  struct DayText {
    std::chrono::sys_days day{};
    std::string text;
    const std::string& operator()(std::chrono::sys_days d);
  };

  void note_refund_before_order(const std::string& source, const RefundFact& r);
  bool insert_chunk(const std::string& source, std::span<const OrderFact> chunk, const std::set<std::string>& counted,
                    AggregateChanges& changes);
  bool store_order(const std::string& source, const OrderFact& o, bool counted, AggregateChanges& changes);
  void store_refund(const std::string& source, const RefundFact& r, std::optional<bool> order_counted,
                    AggregateChanges& changes);
  void store_daily(const std::string& source, const DailyFact& d, AggregateChanges& changes);

  StatementCache& statements_;
  const time::Zone& zone_;
  KnownCustomers customers_;
  DayText day_text_;
  bool refunds_before_orders_ = true;  // the ledger's flag (meta), as of the batch being stored
};

}  // namespace sextant::ledger::detail
