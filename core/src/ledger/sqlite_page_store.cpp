#include "sqlite_page_store.hpp"

#include "sextant/ledger/customer_key.hpp"
#include "sextant/time/calendar.hpp"

#include <cstdint>
#include <optional>

namespace sextant::ledger::detail {

namespace {

using std::chrono::sys_days;

// Statements the store runs for every fact, as strings built once (a statement is looked up by its
// text). New facts are inserted; a fact stored before is updated by the same parameters.
const std::string kInsertOrder =
    "INSERT INTO orders (source, id, placed_at, updated_at, day, status, counted, customer_key, items, "
    "gross_sales, discounts, shipping, taxes, customer) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT (source, id) DO NOTHING";
const std::string kUpdateOrder =
    "UPDATE orders SET placed_at = ?3, updated_at = ?4, day = ?5, status = ?6, counted = ?7, customer_key = ?8, "
    "items = ?9, gross_sales = ?10, discounts = ?11, shipping = ?12, taxes = ?13, customer = ?14 "
    "WHERE source = ?1 AND id = ?2";
const std::string kStoredOrder = "SELECT updated_at, day, counted, customer FROM orders WHERE source = ?1 AND id = ?2";
const std::string kInsertRefund =
    "INSERT INTO refunds (source, id, order_id, created_at, day, returns, shipping, taxes) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (source, id) DO NOTHING";
const std::string kUpdateRefund =
    "UPDATE refunds SET order_id = ?3, created_at = ?4, day = ?5, returns = ?6, shipping = ?7, taxes = ?8 "
    "WHERE source = ?1 AND id = ?2";
const std::string kStoredRefund = "SELECT day FROM refunds WHERE source = ?1 AND id = ?2";
const std::string kOrderStored = "SELECT 1 FROM orders WHERE source = ?1 AND id = ?2";
const std::string kUpsertDaily =
    "INSERT INTO daily_facts (source, day, metric, value) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (source, day, metric) DO UPDATE SET value = excluded.value";

std::int64_t unix_seconds(std::chrono::sys_seconds at) { return static_cast<std::int64_t>(at.time_since_epoch().count()); }

}  // namespace

const std::string& PageStore::DayText::operator()(sys_days d) {
  if (text.empty() || d != day) {
    day = d;
    text = time::format_date(d);
  }
  return text;
}

PageStats PageStore::store(const std::string& source, std::span<const Page> pages, const std::set<std::string>& counted) {
  PageStats stats;
  {
    auto flag = statements_("SELECT value FROM meta WHERE key = 'refunds_before_orders'");
    refunds_before_orders_ = !flag->executeStep() || flag->getColumn(0).getString() != "0";
  }
  customers_.check(statements_);
  AggregateChanges changes(statements_, customers_, source);
  for (const auto& page : pages) {
    for (const auto& o : page.orders) store_order(source, o, counted.contains(o.status), changes);
    for (const auto& r : page.refunds) store_refund(source, r, changes);
    for (const auto& d : page.daily) store_daily(source, d, changes);
    stats.orders += static_cast<std::int64_t>(page.orders.size());
    stats.refunds += static_cast<std::int64_t>(page.refunds.size());
    stats.daily += static_cast<std::int64_t>(page.daily.size());
  }
  changes.apply();
  return stats;
}

// Inserts a new order; updates a stored one, unless this is a replayed, older version of it.
void PageStore::store_order(const std::string& source, const OrderFact& o, bool counted, AggregateChanges& changes) {
  const std::string key = customer_key(o);
  const OrderPlace after{zone_.local_day(o.placed_at), counted, customers_.number(statements_, key)};
  const std::string& day = day_text_(after.day);
  auto bind = [&](StatementUse& q) {
    q->bindNoCopy(1, source);
    q->bindNoCopy(2, o.id);
    q->bind(3, unix_seconds(o.placed_at));
    q->bind(4, unix_seconds(o.updated_at));
    q->bindNoCopy(5, day);
    q->bindNoCopy(6, o.status);
    q->bind(7, counted ? 1 : 0);
    q->bindNoCopy(8, key);
    q->bind(9, o.items);
    q->bind(10, o.gross_sales);
    q->bind(11, o.discounts);
    q->bind(12, o.shipping);
    q->bind(13, o.taxes);
    q->bind(14, after.customer);
  };
  {
    StatementUse insert(statements_.prepared(kInsertOrder));
    bind(insert);
    if (insert->exec() == 1) return changes.order(o.id, std::nullopt, after, refunds_before_orders_);
  }
  std::optional<OrderPlace> before;
  {
    auto stored = statements_(kStoredOrder);
    stored->bindNoCopy(1, source);
    stored->bindNoCopy(2, o.id);
    stored->executeStep();  // a row: the insert met it
    if (stored->getColumn(0).getInt64() > unix_seconds(o.updated_at)) return;
    before = OrderPlace{stored_day(stored->getColumn(1)), stored->getColumn(2).getInt() == 1,
                        stored->getColumn(3).getInt64()};
  }
  changes.order(o.id, before, after, true);
  auto update = statements_(kUpdateOrder);
  bind(update);
  update->exec();
}

// Inserts a new refund; a stored one takes the new figures.
void PageStore::store_refund(const std::string& source, const RefundFact& r, AggregateChanges& changes) {
  const sys_days after = zone_.local_day(r.created_at);
  const std::string day = time::format_date(after);
  auto bind = [&](StatementUse& q) {
    q->bindNoCopy(1, source);
    q->bindNoCopy(2, r.id);
    q->bindNoCopy(3, r.order_id);
    q->bind(4, unix_seconds(r.created_at));
    q->bindNoCopy(5, day);
    q->bind(6, r.returns);
    q->bind(7, r.shipping);
    q->bind(8, r.taxes);
  };
  {
    StatementUse insert(statements_.prepared(kInsertRefund));
    bind(insert);
    if (insert->exec() == 1) {
      changes.refund(std::nullopt, after);
      return note_refund_before_order(source, r);
    }
  }
  std::optional<sys_days> before;
  {
    auto stored = statements_(kStoredRefund);
    stored->bindNoCopy(1, source);
    stored->bindNoCopy(2, r.id);
    stored->executeStep();  // a row: the insert met it
    before = stored_day(stored->getColumn(0));
  }
  changes.refund(before, after);
  {
    auto update = statements_(kUpdateRefund);
    bind(update);
    update->exec();
  }
  note_refund_before_order(source, r);
}

// Sets the ledger's flag when `r` was stored while its order is not: from then on, every new order
// has its refunds looked for (refunds_before_orders_).
void PageStore::note_refund_before_order(const std::string& source, const RefundFact& r) {
  if (refunds_before_orders_) return;
  {
    auto order = statements_(kOrderStored);
    order->bindNoCopy(1, source);
    order->bindNoCopy(2, r.order_id);
    if (order->executeStep()) return;
  }
  statements_("INSERT INTO meta (key, value) VALUES ('refunds_before_orders', '1') "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value")->exec();
  refunds_before_orders_ = true;
}

void PageStore::store_daily(const std::string& source, const DailyFact& d, AggregateChanges& changes) {
  changes.daily(d.day);
  const std::string day = time::format_date(d.day);
  auto upsert = statements_(kUpsertDaily);
  upsert->bindNoCopy(1, source);
  upsert->bindNoCopy(2, day);
  upsert->bindNoCopy(3, d.metric);
  upsert->bind(4, d.value);
  upsert->exec();
}

}  // namespace sextant::ledger::detail
