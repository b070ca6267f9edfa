#include "sqlite_page_store.hpp"

#include "sextant/ledger/customer_key.hpp"
#include "sextant/time/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace sextant::ledger::detail {

namespace {

using std::chrono::sys_days;

// Statements the store runs for every fact, as strings built once (a statement is looked up by its
// text). New facts are inserted; a fact stored before is updated by the same parameters.
constexpr int kOrderParameters = 14;

// INSERT of `rows` orders, the parameters of row i numbered from 14 i + 1 as bind_order binds them.
std::string insert_orders(std::size_t rows) {
  std::string sql =
      "INSERT INTO orders (source, id, placed_at, updated_at, day, status, counted, customer_key, items, "
      "gross_sales, discounts, shipping, taxes, customer) VALUES ";
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (int p = 1; p <= kOrderParameters; ++p)
      sql += (p == 1 ? "?" : ", ?") + std::to_string(static_cast<int>(row) * kOrderParameters + p);
    sql += ')';
  }
  return sql + " ON CONFLICT (source, id) DO NOTHING";
}

const std::string kInsertOrder = insert_orders(1);
const std::string kInsertOrders = insert_orders(PageStore::kChunk);
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

// Binds an order as parameters first + 1 to first + 14 (kInsertOrder's and kUpdateOrder's ?1 to ?14).
void bind_order(StatementUse& q, int first, const std::string& source, const OrderFact& o, const std::string& day,
                bool counted, const std::string& key, std::int64_t customer) {
  q->bindNoCopy(first + 1, source);
  q->bindNoCopy(first + 2, o.id);
  q->bind(first + 3, unix_seconds(o.placed_at));
  q->bind(first + 4, unix_seconds(o.updated_at));
  q->bindNoCopy(first + 5, day);
  q->bindNoCopy(first + 6, o.status);
  q->bind(first + 7, counted ? 1 : 0);
  q->bindNoCopy(first + 8, key);
  q->bind(first + 9, o.items);
  q->bind(first + 10, o.gross_sales);
  q->bind(first + 11, o.discounts);
  q->bind(first + 12, o.shipping);
  q->bind(first + 13, o.taxes);
  q->bind(first + 14, customer);
}

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
    // The page's orders inserted now, and whether they count: its refunds (of those orders, as a
    // source sends them) are added to their days' totals as their orders count.
    std::vector<std::pair<std::string_view, bool>> inserted;
    auto note = [&](const OrderFact& o, bool is_new) {
      if (is_new && !page.refunds.empty()) inserted.emplace_back(o.id, counted.contains(o.status));
    };
    std::span<const OrderFact> orders = page.orders;
    for (; orders.size() >= kChunk; orders = orders.subspan(kChunk)) {
      const bool chunk_inserted = insert_chunk(source, orders.first(kChunk), counted, changes);
      for (const auto& o : orders.first(kChunk))
        note(o, chunk_inserted || store_order(source, o, counted.contains(o.status), changes));
    }
    for (const auto& o : orders) note(o, store_order(source, o, counted.contains(o.status), changes));
    for (const auto& r : page.refunds) {
      auto order = std::find_if(inserted.begin(), inserted.end(), [&](const auto& o) { return o.first == r.order_id; });
      store_refund(source, r, order != inserted.end() ? std::optional(order->second) : std::nullopt, changes);
    }
    for (const auto& d : page.daily) store_daily(source, d, changes);
    stats.orders += static_cast<std::int64_t>(page.orders.size());
    stats.refunds += static_cast<std::int64_t>(page.refunds.size());
    stats.daily += static_cast<std::int64_t>(page.daily.size());
  }
  changes.apply();
  return stats;
}

// Inserts `chunk` (kChunk orders) by one statement when none of them is stored yet, as in a
// backfill; otherwise writes nothing (back to a savepoint) and returns false.
bool PageStore::insert_chunk(const std::string& source, std::span<const OrderFact> chunk,
                             const std::set<std::string>& counted, AggregateChanges& changes) {
  struct Row {
    std::string key;
    OrderPlace after;
    std::string day;
  };
  std::array<Row, kChunk> rows;
  for (std::size_t i = 0; i < kChunk; ++i) {
    const OrderFact& o = chunk[i];
    rows[i].key = customer_key(o);  // numbered before the savepoint: numbers are never undone
    rows[i].after = {zone_.local_day(o.placed_at), counted.contains(o.status), customers_.number(statements_, rows[i].key)};
    rows[i].day = day_text_(rows[i].after.day);
  }
  statements_("SAVEPOINT chunk")->exec();
  bool inserted = false;
  {
    StatementUse insert(statements_.prepared(kInsertOrders));
    for (std::size_t i = 0; i < kChunk; ++i)
      bind_order(insert, static_cast<int>(i) * kOrderParameters, source, chunk[i], rows[i].day, rows[i].after.counted,
                 rows[i].key, rows[i].after.customer);
    // Fewer rows: one was stored before, or is twice in the chunk.
    inserted = insert->exec() == static_cast<int>(kChunk);
  }
  if (!inserted) statements_("ROLLBACK TO chunk")->exec();
  statements_("RELEASE chunk")->exec();
  if (inserted)
    for (std::size_t i = 0; i < kChunk; ++i) changes.order(chunk[i], std::nullopt, rows[i].after, refunds_before_orders_);
  return inserted;
}

// Inserts a new order (and returns true); updates a stored one, unless this is a replayed, older
// version of it.
bool PageStore::store_order(const std::string& source, const OrderFact& o, bool counted, AggregateChanges& changes) {
  const std::string key = customer_key(o);
  const OrderPlace after{zone_.local_day(o.placed_at), counted, customers_.number(statements_, key)};
  const std::string& day = day_text_(after.day);
  auto bind = [&](StatementUse& q) { bind_order(q, 0, source, o, day, counted, key, after.customer); };
  {
    StatementUse insert(statements_.prepared(kInsertOrder));
    bind(insert);
    if (insert->exec() == 1) {
      changes.order(o, std::nullopt, after, refunds_before_orders_);
      return true;
    }
  }
  std::optional<OrderPlace> before;
  {
    auto stored = statements_(kStoredOrder);
    stored->bindNoCopy(1, source);
    stored->bindNoCopy(2, o.id);
    stored->executeStep();  // a row: the insert met it
    if (stored->getColumn(0).getInt64() > unix_seconds(o.updated_at)) return false;
    before = OrderPlace{stored_day(stored->getColumn(1)), stored->getColumn(2).getInt() == 1,
                        stored->getColumn(3).getInt64()};
  }
  changes.order(o, before, after, true);
  auto update = statements_(kUpdateOrder);
  bind(update);
  update->exec();
  return false;
}

// Inserts a new refund; a stored one takes the new figures. `order_counted`: whether its order,
// inserted by this write, counts (nothing: not known).
void PageStore::store_refund(const std::string& source, const RefundFact& r, std::optional<bool> order_counted,
                             AggregateChanges& changes) {
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
      changes.refund(r, std::nullopt, after, order_counted);
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
  changes.refund(r, before, after, order_counted);
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
