#include "sqlite_aggregates.hpp"

#include "sextant/time/calendar.hpp"

#include <boost/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <new>
#include <stdexcept>

namespace sextant::ledger::detail {

namespace {

using std::chrono::sys_days;

struct CheckedSum {
  std::int64_t sum;
  int overflow;
};

void checked_sum_step(sqlite3_context* context, int, sqlite3_value** argv) {
  // Zeroed on the first call of each group.
  auto* s = static_cast<CheckedSum*>(sqlite3_aggregate_context(context, sizeof(CheckedSum)));
  if (s == nullptr) return sqlite3_result_error_nomem(context);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  if (__builtin_add_overflow(s->sum, sqlite3_value_int64(argv[0]), &s->sum)) s->overflow = 1;
}

void checked_sum_final(sqlite3_context* context) {
  auto* s = static_cast<CheckedSum*>(sqlite3_aggregate_context(context, 0));
  if (s != nullptr && s->overflow != 0) return sqlite3_result_null(context);
  sqlite3_result_int64(context, s != nullptr ? s->sum : 0);
}

// distinct_count(x): how many distinct integers an aggregate met. The values are collected and
// sorted once at the end: far cheaper than COUNT(DISTINCT), which inserts each one into a
// temporary index (a third of the recompute of a day's totals, most of a period's).
struct Distinct {
  std::vector<std::int64_t>* values;  // allocated by the first value; freed by the final call
};

void distinct_count_step(sqlite3_context* context, int, sqlite3_value** argv) {
  auto* d = static_cast<Distinct*>(sqlite3_aggregate_context(context, sizeof(Distinct)));
  if (d == nullptr) return sqlite3_result_error_nomem(context);
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
  try {
    if (d->values == nullptr) d->values = new std::vector<std::int64_t>;
    d->values->push_back(sqlite3_value_int64(argv[0]));
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(context);
  }
}

// Called once per group, also when the statement is reset before its end (SQLite finalizes every
// aggregate it started), so the values are always freed.
void distinct_count_final(sqlite3_context* context) {
  auto* d = static_cast<Distinct*>(sqlite3_aggregate_context(context, 0));
  const std::unique_ptr<std::vector<std::int64_t>> values(d != nullptr ? d->values : nullptr);
  if (!values) return sqlite3_result_int64(context, 0);
  std::sort(values->begin(), values->end());
  sqlite3_result_int64(context, std::unique(values->begin(), values->end()) - values->begin());
}

template <class Strings>
std::string json_list(const Strings& values) {
  boost::json::array list;
  for (const auto& v : values) list.emplace_back(v);
  return boost::json::serialize(list);
}

// The totals of the days of `days` (a JSON array), from the facts; a day left with nothing loses
// its row.
void refresh_days(StatementCache& statements, const std::string& days) {
  auto refresh = statements(R"sql(
WITH touched(day) AS (SELECT value FROM json_each(?1)),
o AS (SELECT day, COUNT(*) AS orders, checked_sum(items) AS items, checked_sum(gross_sales) AS gross_sales,
             checked_sum(discounts) AS discounts, checked_sum(shipping) AS shipping, checked_sum(taxes) AS taxes,
             distinct_count(customer) AS customers
      FROM orders WHERE counted = 1 AND day IN (SELECT day FROM touched) GROUP BY day),
n AS (SELECT first_day AS day, COUNT(*) AS new_customers FROM customers
      WHERE first_day IN (SELECT day FROM touched) GROUP BY first_day),
r AS (SELECT r.day, checked_sum(r.returns) AS returns, checked_sum(r.shipping) AS shipping,
             checked_sum(r.taxes) AS taxes
      FROM refunds r JOIN orders o ON o.source = r.source AND o.id = r.order_id
      WHERE o.counted = 1 AND r.day IN (SELECT day FROM touched) GROUP BY r.day),
s AS (SELECT day, checked_sum(value) AS sessions FROM daily_facts
      WHERE metric = 'sessions' AND day IN (SELECT day FROM touched) GROUP BY day)
REPLACE INTO day_totals (day, orders, items, gross_sales, discounts, shipping, taxes, customers, new_customers,
                         returns, refunded_shipping, refunded_taxes, sessions)
SELECT t.day, IFNULL(o.orders, 0),
       CASE WHEN o.day IS NULL THEN 0 ELSE o.items END,
       CASE WHEN o.day IS NULL THEN 0 ELSE o.gross_sales END,
       CASE WHEN o.day IS NULL THEN 0 ELSE o.discounts END,
       CASE WHEN o.day IS NULL THEN 0 ELSE o.shipping END,
       CASE WHEN o.day IS NULL THEN 0 ELSE o.taxes END,
       IFNULL(o.customers, 0), IFNULL(n.new_customers, 0),
       CASE WHEN r.day IS NULL THEN 0 ELSE r.returns END,
       CASE WHEN r.day IS NULL THEN 0 ELSE r.shipping END,
       CASE WHEN r.day IS NULL THEN 0 ELSE r.taxes END,
       CASE WHEN s.day IS NULL THEN 0 ELSE s.sessions END
FROM touched t LEFT JOIN o ON o.day = t.day LEFT JOIN n ON n.day = t.day LEFT JOIN r ON r.day = t.day
     LEFT JOIN s ON s.day = t.day
)sql");
  refresh->bind(1, days);
  refresh->exec();
  auto empty = statements("DELETE FROM day_totals WHERE day IN (SELECT value FROM json_each(?1)) AND orders = 0 "
                          "AND new_customers = 0 AND returns = 0 AND refunded_shipping = 0 AND refunded_taxes = 0 "
                          "AND sessions = 0");
  empty->bind(1, days);
  empty->exec();
}

std::optional<sys_days> day_or_null(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return stored_day(column);
}

std::optional<sys_days> first_day(StatementCache& statements, std::int64_t customer) {
  auto q = statements("SELECT first_day FROM customers WHERE no = ?1");
  q->bind(1, customer);
  if (q->executeStep()) return day_or_null(q->getColumn(0));
  return std::nullopt;
}

// ["YYYY-MM-DD", ...] of the days, once each.
std::string day_list(std::vector<sys_days> days) {
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::string out = "[";
  for (const auto& d : days) out += (out.size() > 1 ? ",\"" : "\"") + time::format_date(d) + "\"";
  return out + "]";
}

}  // namespace

sys_days stored_day(const SQLite::Column& column) {
  auto day = time::parse_date(column.getString());
  if (!day) throw std::runtime_error("a day that is not YYYY-MM-DD in the ledger: \"" + column.getString() + "\"");
  return *day;
}

void register_aggregates(sqlite3* db) {
  sqlite3_create_function(db, "checked_sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                          checked_sum_step, checked_sum_final);
  sqlite3_create_function(db, "distinct_count", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                          distinct_count_step, distinct_count_final);
}

void AggregateChanges::order(const std::string& id, const std::optional<OrderPlace>& before, const OrderPlace& after,
                             bool refunds_stored) {
  const bool was_counted = before && before->counted;
  if (was_counted) touch(before->day);
  if (after.counted) {
    touch(after.day);
    auto [it, inserted] = first_days_.emplace(after.customer, after.day);
    if (!inserted && after.day < it->second) it->second = after.day;
  }
  // Its refunds count with it, or stop counting with it.
  if (was_counted != after.counted && refunds_stored) recounted_orders_.push_back(id);
  // A counted order leaving its customer or its day may have been the customer's first.
  if (was_counted && (!after.counted || before->customer != after.customer || before->day != after.day))
    recounted_customers_.insert(before->customer);
}

void AggregateChanges::refund(std::optional<sys_days> day_before, sys_days day_after) {
  if (day_before) touch(*day_before);
  touch(day_after);
}

void AggregateChanges::set_first_day(std::int64_t customer, std::optional<sys_days> was, std::optional<sys_days> day) {
  if (was == day) return;
  // The customer stops being new on one day and becomes new on the other.
  if (was) touch(*was);
  if (day) touch(*day);
  auto up = statements_("UPDATE customers SET first_day = ?2 WHERE no = ?1");
  up->bind(1, customer);
  if (day) up->bind(2, time::format_date(*day));
  else up->bind(2);
  up->exec();
  customers_.first_day_written(customer, day);
}

// The customers a counted order left: their first day from the facts, in one pass over the orders
// for all of them (there is no index on customers to maintain).
void AggregateChanges::recount_first_days() {
  std::map<std::int64_t, sys_days> fresh;
  {
    auto q = statements_("SELECT customer, MIN(day) FROM orders WHERE counted = 1 AND customer IN "
                         "(SELECT value FROM json_each(?1)) GROUP BY customer");
    q->bind(1, json_list(recounted_customers_));
    while (q->executeStep()) fresh.emplace(q->getColumn(0).getInt64(), stored_day(q->getColumn(1)));
  }
  for (const auto& customer : recounted_customers_) {
    auto it = fresh.find(customer);
    set_first_day(customer, first_day(statements_, customer),
                  it == fresh.end() ? std::nullopt : std::optional<sys_days>{it->second});
  }
}

// The other customers of the batch's counted orders: a first day earlier than the stored one (or
// none stored) becomes theirs. The stored days remembered are compared here; one statement reads
// the others'.
void AggregateChanges::lower_first_days() {
  std::string written = "{";
  for (const auto& [customer, day] : first_days_) {
    if (recounted_customers_.contains(customer)) continue;  // set from the facts
    if (const auto* stored = customers_.first_day(customer)) {
      if (!*stored || day < **stored) set_first_day(customer, *stored, day);
      continue;
    }
    if (written.size() > 1) written += ',';
    written += '"' + std::to_string(customer) + "\":\"" + time::format_date(day) + '"';
  }
  written += '}';
  if (written.size() == 2) return;
  struct Lower {
    std::int64_t customer;
    std::optional<sys_days> was;
    sys_days day;
  };
  std::vector<Lower> lower;
  {
    auto q = statements_(
        "SELECT c.no, c.first_day, w.value FROM json_each(?1) AS w CROSS JOIN customers AS c "
        "ON c.no = CAST(w.key AS INTEGER) WHERE c.first_day IS NULL OR w.value < c.first_day");
    q->bind(1, written);
    while (q->executeStep())
      lower.push_back({q->getColumn(0).getInt64(), day_or_null(q->getColumn(1)), stored_day(q->getColumn(2))});
  }
  for (const auto& l : lower) set_first_day(l.customer, l.was, l.day);
}

void AggregateChanges::apply() {
  if (!recounted_orders_.empty()) {
    auto q = statements_("SELECT DISTINCT day FROM refunds WHERE source = ?1 AND order_id IN "
                         "(SELECT value FROM json_each(?2))");
    q->bind(1, source_);
    q->bind(2, json_list(recounted_orders_));
    while (q->executeStep()) touch(stored_day(q->getColumn(0)));
  }
  if (!recounted_customers_.empty()) recount_first_days();
  if (!first_days_.empty()) lower_first_days();
  if (!days_.empty()) refresh_days(statements_, day_list(days_));
}

void rebuild_aggregates(SQLite::Database& db, StatementCache& statements) {
  db.exec("UPDATE customers SET first_day = NULL");
  db.exec("UPDATE customers SET first_day = f.day FROM (SELECT customer, MIN(day) AS day FROM orders "
          "WHERE counted = 1 GROUP BY customer) AS f WHERE f.customer = customers.no");
  db.exec("DELETE FROM day_totals");
  SQLite::Statement all(db,
                        "SELECT json_group_array(day) FROM (SELECT day FROM orders WHERE counted = 1 "
                        "UNION SELECT day FROM refunds UNION SELECT day FROM daily_facts WHERE metric = 'sessions')");
  all.executeStep();
  refresh_days(statements, all.getColumn(0).getString());
}

}  // namespace sextant::ledger::detail
