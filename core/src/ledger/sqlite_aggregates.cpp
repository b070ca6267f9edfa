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

// Of the days of `days` (a JSON array), those left with nothing lose their row.
void drop_empty_days(StatementCache& statements, const std::string& days) {
  auto empty = statements("DELETE FROM day_totals WHERE day IN (SELECT value FROM json_each(?1)) AND orders = 0 "
                          "AND new_customers = 0 AND returns = 0 AND refunded_shipping = 0 AND refunded_taxes = 0 "
                          "AND session_facts = 0");
  empty->bind(1, days);
  empty->exec();
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
s AS (SELECT day, checked_sum(value) AS sessions, COUNT(*) AS facts FROM daily_facts
      WHERE metric = 'sessions' AND day IN (SELECT day FROM touched) GROUP BY day)
REPLACE INTO day_totals (day, orders, items, gross_sales, discounts, shipping, taxes, customers, new_customers,
                         returns, refunded_shipping, refunded_taxes, sessions, session_facts)
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
       CASE WHEN s.day IS NULL THEN 0 ELSE s.sessions END, IFNULL(s.facts, 0)
FROM touched t LEFT JOIN o ON o.day = t.day LEFT JOIN n ON n.day = t.day LEFT JOIN r ON r.day = t.day
     LEFT JOIN s ON s.day = t.day
)sql");
  refresh->bind(1, days);
  refresh->exec();
  drop_empty_days(statements, days);
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

// A row of day_totals; an amount is nullopt where it holds NULL (its sum beyond 64 bits).
struct DayTotals {
  std::int64_t orders = 0, customers = 0, new_customers = 0;
  std::optional<std::int64_t> items = 0, gross_sales = 0, discounts = 0, shipping = 0, taxes = 0, returns = 0,
                              refunded_shipping = 0, refunded_taxes = 0, sessions = 0;
  std::int64_t session_facts = 0;

  // From columns 1 to 13 of `q`: orders to session_facts, in day_totals' order.
  static DayTotals read(const StatementUse& q) {
    auto amount = [&](int i) { return q->isColumnNull(i) ? std::nullopt : std::optional(q->getColumn(i).getInt64()); };
    return {q->getColumn(1).getInt64(), q->getColumn(7).getInt64(), q->getColumn(8).getInt64(), amount(2), amount(3),
            amount(4), amount(5), amount(6), amount(9), amount(10), amount(11), amount(12),
            q->getColumn(13).getInt64()};
  }

  // Adds `a`, or returns false (and the day is to be recomputed) when these totals cannot say what
  // it makes of them.
  bool add(AggregateChanges::DayAddition& a) {
    // Which of the new orders' customers the day already counted is not kept here.
    if (a.overflow || (a.orders > 0 && orders > 0)) return false;
    for (auto [sum, x] : {std::pair{&items, a.items}, {&gross_sales, a.gross_sales}, {&discounts, a.discounts},
                          {&shipping, a.shipping}, {&taxes, a.taxes}, {&returns, a.returns},
                          {&refunded_shipping, a.refunded_shipping}, {&refunded_taxes, a.refunded_taxes}})
      if (x != 0 && (!*sum || __builtin_add_overflow(**sum, x, &**sum))) return false;
    orders += a.orders;
    new_customers += a.new_customers;
    std::sort(a.customers.begin(), a.customers.end());
    customers += std::unique(a.customers.begin(), a.customers.end()) - a.customers.begin();
    return true;
  }

  // Stores the totals of `day` (drop_empty_days then removes a row left with nothing).
  void write(StatementCache& statements, const std::string& day) const {
    auto replace = statements(
        "REPLACE INTO day_totals (day, orders, items, gross_sales, discounts, shipping, taxes, customers, new_customers, "
        "returns, refunded_shipping, refunded_taxes, sessions, session_facts) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    replace->bindNoCopy(1, day);
    int i = 2;
    for (const auto& value : {std::optional(orders), items, gross_sales, discounts, shipping, taxes,
                              std::optional(customers), std::optional(new_customers), returns, refunded_shipping,
                              refunded_taxes, sessions, std::optional(session_facts)}) {
      if (value) replace->bind(i++, *value);
      else replace->bind(i++);
    }
    replace->exec();
  }
};

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

void AggregateChanges::order(const OrderFact& o, const std::optional<OrderPlace>& before, const OrderPlace& after,
                             bool refunds_stored) {
  const bool was_counted = before && before->counted;
  if (was_counted) touch(before->day);
  if (after.counted) {
    if (before) {
      touch(after.day);
    } else {
      DayAddition& day = added(after.day);
      ++day.orders;
      for (auto [sum, x] : {std::pair{&day.items, o.items}, {&day.gross_sales, o.gross_sales},
                            {&day.discounts, o.discounts}, {&day.shipping, o.shipping}, {&day.taxes, o.taxes}})
        day.overflow |= __builtin_add_overflow(*sum, x, sum);
      day.customers.push_back(after.customer);
    }
    auto [it, inserted] = first_days_.emplace(after.customer, after.day);
    if (!inserted && after.day < it->second) it->second = after.day;
  }
  // Its refunds count with it, or stop counting with it.
  if (was_counted != after.counted && refunds_stored) recounted_orders_.push_back(o.id);
  // A counted order leaving its customer or its day may have been the customer's first.
  if (was_counted && (!after.counted || before->customer != after.customer || before->day != after.day))
    recounted_customers_.insert(before->customer);
}

void AggregateChanges::refund(const RefundFact& r, std::optional<sys_days> day_before, sys_days day_after,
                              std::optional<bool> order_counted) {
  if (day_before || !order_counted) {
    if (day_before) touch(*day_before);
    return touch(day_after);
  }
  if (!*order_counted) return;  // nor will it count: its order does not
  DayAddition& day = added(day_after);
  for (auto [sum, x] : {std::pair{&day.returns, r.returns}, {&day.refunded_shipping, r.shipping},
                        {&day.refunded_taxes, r.taxes}})
    day.overflow |= __builtin_add_overflow(*sum, x, sum);
}

void AggregateChanges::set_first_day(std::int64_t customer, std::optional<sys_days> was, std::optional<sys_days> day) {
  if (was == day) return;
  // The customer stops being new on one day and becomes new on the other.
  if (was) --added(*was).new_customers;
  if (day) ++added(*day).new_customers;
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
  if (!added_.empty()) add_to_days();
  if (!days_.empty()) refresh_days(statements_, day_list(days_));
}

// The days with only additions, not recomputed: their stored totals plus the additions. A day
// whose stored totals cannot take them is recomputed instead: new orders where some were counted
// before (which customers are new to the day is not known here), an amount stored as NULL (beyond
// 64 bits), or a sum that would be.
void AggregateChanges::add_to_days() {
  std::sort(days_.begin(), days_.end());
  days_.erase(std::unique(days_.begin(), days_.end()), days_.end());
  const auto recomputed = [&](sys_days day) { return std::binary_search(days_.begin(), days_.end(), day); };
  std::vector<sys_days> days;
  for (const auto& [day, addition] : added_)
    if (!recomputed(day)) days.push_back(day);
  if (days.empty()) return;
  std::map<sys_days, DayTotals> stored;
  {
    auto q = statements_("SELECT day, orders, items, gross_sales, discounts, shipping, taxes, customers, new_customers, "
                         "returns, refunded_shipping, refunded_taxes, sessions, session_facts FROM day_totals "
                         "WHERE day IN (SELECT value FROM json_each(?1))");
    q->bind(1, day_list(days));
    while (q->executeStep()) stored.emplace(stored_day(q->getColumn(0)), DayTotals::read(q));
  }
  std::vector<sys_days> not_added;
  for (auto& [day, addition] : added_) {
    if (recomputed(day)) continue;
    auto it = stored.find(day);
    DayTotals totals = it != stored.end() ? it->second : DayTotals{};
    if (!totals.add(addition)) {
      not_added.push_back(day);
      continue;
    }
    totals.write(statements_, time::format_date(day));
  }
  drop_empty_days(statements_, day_list(days));
  days_.insert(days_.end(), not_added.begin(), not_added.end());
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
