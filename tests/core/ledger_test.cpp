// The ledger's daily metrics on a handful of facts small enough to compute by hand, and its
// storage rules: upserts, replays, counted statuses, time-zone changes, versions.
#include "support/process.hpp"

#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/metrics/metrics_table.hpp>
#include <sextant/time/calendar.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

namespace sextant::ledger {
namespace {

using namespace std::chrono;
using test::ScratchDir;

sys_seconds at(const char* day, int h, int m = 0) { return sys_seconds{*time::parse_date(day)} + hours{h} + minutes{m}; }
sys_days day(const char* d) { return *time::parse_date(d); }
Result<PageStats> store_one(Ledger& ledger, const Page& page) { return ledger.store_pages("shop", {&page, 1}); }

OrderFact order(const char* id, sys_seconds placed, const char* status, const char* customer, const char* email,
                std::int64_t items, std::int64_t gross, std::int64_t discounts, std::int64_t shipping,
                std::int64_t taxes) {
  return OrderFact{id, placed, placed, status, customer, email, items, gross, discounts, shipping, taxes};
}

Page sample_page() {
  Page p;
  p.orders = {
      order("o1", at("2026-03-28", 22, 30), "completed", "c1", "", 2, 10000, 1000, 500, 1900),  // 23:30 in Paris
      order("o2", at("2026-03-28", 23, 30), "completed", "", " Ann@Example.org ", 1, 5000, 0, 500, 1100),  // 00:30 next day
      order("o3", at("2026-03-29", 10), "completed", "", "ann@example.org", 3, 3000, 300, 0, 540),
      order("o4", at("2026-03-29", 11), "cancelled", "c2", "", 1, 2000, 0, 0, 400),
      order("o5", at("2026-03-29", 12), "test", "c3", "", 1, 7000, 0, 0, 1400),
      order("o6", at("2026-03-30", 9), "completed", "c1", "", 1, 4000, 0, 500, 900),
  };
  p.refunds = {
      RefundFact{"r1", "o1", at("2026-03-31", 8), 4000, 500, 900},
      RefundFact{"r2", "o4", at("2026-03-31", 9), 2000, 0, 400},  // its order does not count: neither does it
  };
  p.daily = {{day("2026-03-28"), "sessions", 100}, {day("2026-03-29"), "sessions", 200}, {day("2026-03-30"), "sessions", 50}};
  p.cursor = "after-page-1";
  return p;
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_ledger(path(), *time::Zone::locate("Europe/Paris"), "EUR");
    ASSERT_TRUE(opened) << opened.error().message;
    ledger_ = std::move(*opened);
    ASSERT_TRUE(ledger_->set_counted_statuses("shop", {"completed", "refunded"}));
    auto stored = store_one(*ledger_, sample_page());
    ASSERT_TRUE(stored) << stored.error().message;
  }
  std::filesystem::path path() const { return dir_ / "ledger.db"; }
  std::vector<metrics::DayFigures> days() {
    auto d = ledger_->days(day("2026-03-28"), day("2026-03-31"));
    EXPECT_TRUE(d);
    return *d;
  }

  ScratchDir dir_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, ComputesEachDaysMetricsAsWorkedOutByHand) {
  auto d = days();
  ASSERT_EQ(d.size(), 4u);
  // 03-28: o1 only (23:30 local). net = 10000 - 1000 = 9000; revenue = 9000 + 500; total = 9500 + 1900.
  EXPECT_EQ(d[0].orders, 1);
  EXPECT_EQ(d[0].items, 2);
  EXPECT_EQ(d[0].net_sales(), 9000);
  EXPECT_EQ(d[0].revenue_excl_tax(), 9500);
  EXPECT_EQ(d[0].total_sales(), 11400);
  EXPECT_EQ(d[0].customers, 1);
  EXPECT_EQ(d[0].new_customers, 1);
  EXPECT_EQ(d[0].aov(), 9000);
  EXPECT_DOUBLE_EQ(*d[0].conversion_rate(), 0.01);  // 1 order / 100 sessions
  // 03-29: o2 (00:30 local) and o3; o4 cancelled and o5 a test: not counted. Ann's two orders,
  // spelt two ways, are one customer, new that day.
  EXPECT_EQ(d[1].orders, 2);
  EXPECT_EQ(d[1].items, 4);
  EXPECT_EQ(d[1].gross_sales, 8000);
  EXPECT_EQ(d[1].discounts, 300);
  EXPECT_EQ(d[1].shipping, 500);
  EXPECT_EQ(d[1].taxes, 1640);          // 1100 + 540
  EXPECT_EQ(d[1].net_sales(), 7700);    // 8000 - 300
  EXPECT_EQ(d[1].total_sales(), 9840);  // 7700 + 500 + 1640
  EXPECT_EQ(d[1].customers, 1);
  EXPECT_EQ(d[1].new_customers, 1);
  EXPECT_EQ(d[1].aov(), 3850);  // 7700 / 2
  // 03-30: c1 again: a returning customer.
  EXPECT_EQ(d[2].orders, 1);
  EXPECT_EQ(d[2].customers, 1);
  EXPECT_EQ(d[2].new_customers, 0);
  EXPECT_EQ(d[2].returning_customers(), 1);
  EXPECT_DOUBLE_EQ(*d[2].conversion_rate(), 0.02);  // 1 / 50
  // 03-31: only o1's refund, on its own day: returns 4000, shipping -500, taxes -900.
  EXPECT_EQ(d[3].orders, 0);
  EXPECT_EQ(d[3].returns, 4000);
  EXPECT_EQ(d[3].shipping, -500);
  EXPECT_EQ(d[3].taxes, -900);
  EXPECT_EQ(d[3].net_sales(), -4000);
  EXPECT_EQ(d[3].total_sales(), -5400);
  EXPECT_FALSE(d[3].aov());
  EXPECT_FALSE(d[3].conversion_rate());
}

TEST_F(LedgerTest, ComputesThePeriodWithCustomersCountedOnce) {
  auto p = ledger_->period(day("2026-03-28"), day("2026-03-31"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->orders, 4);
  EXPECT_EQ(p->items, 7);
  EXPECT_EQ(p->gross_sales, 22000);
  EXPECT_EQ(p->discounts, 1300);
  EXPECT_EQ(p->returns, 4000);
  EXPECT_EQ(p->shipping, 1000);            // 500 + 500 + 500 - 500
  EXPECT_EQ(p->taxes, 3540);               // 1900 + 1640 + 900 - 900
  EXPECT_EQ(p->net_sales(), 16700);        // 22000 - 1300 - 4000
  EXPECT_EQ(p->total_sales(), 21240);      // 16700 + 1000 + 3540
  EXPECT_EQ(p->customers, 2);              // c1 and Ann
  EXPECT_EQ(p->new_customers, 2);
  EXPECT_EQ(p->aov(), 5175);               // 20700 / 4
  EXPECT_EQ(p->sessions, 350);
  // 03-31 has no sessions fact: the period's sessions and conversion are unknown, not 4 / 350.
  EXPECT_EQ(p->days_without_sessions, 1);
  EXPECT_FALSE(metrics::value_of(*p, "sessions").present);
  EXPECT_FALSE(p->conversion_rate());
  auto known = ledger_->period(day("2026-03-28"), day("2026-03-30"));
  ASSERT_TRUE(known);
  EXPECT_EQ(known->days_without_sessions, 0);
  auto v = metrics::value_of(*known, "conversion_rate");
  EXPECT_EQ(metrics::format_value(v, metrics::Unit::ratio, 2), "0.0114");  // 4 / (100 + 200 + 50)
}

TEST_F(LedgerTest, AReplayedPageChangesNothing) {
  auto before = days();
  ASSERT_TRUE(store_one(*ledger_, sample_page()));
  auto after = days();
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i].orders, before[i].orders);
    EXPECT_EQ(after[i].total_sales(), before[i].total_sales());
    EXPECT_EQ(after[i].customers, before[i].customers);
  }
  EXPECT_EQ(*ledger_->cursor("shop"), "after-page-1");
}

TEST_F(LedgerTest, StoresPagesTogetherUnderTheLastPagesCursor) {
  Page first, second;
  first.orders = {order("o7", at("2026-03-30", 10), "completed", "c9", "", 1, 1000, 0, 0, 200)};
  first.cursor = "after-page-2";
  second.orders = {order("o8", at("2026-03-30", 11), "completed", "c9", "", 2, 3000, 0, 0, 600),
                   order("o9", at("2026-03-30", 12), "cancelled", "c9", "", 1, 500, 0, 0, 100)};
  second.refunds = {RefundFact{"r3", "o7", at("2026-03-31", 10), 1000, 0, 200}};
  second.cursor = "after-page-3";
  const std::vector<Page> pages{first, second};
  auto stored = ledger_->store_pages("shop", pages);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_EQ(stored->orders, 3);  // 1 + 2
  EXPECT_EQ(stored->refunds, 1);
  EXPECT_EQ(*ledger_->cursor("shop"), "after-page-3");
  auto d = days();
  EXPECT_EQ(d[2].orders, 3);         // o6, then o7 and o8 of c9 (o9 cancelled)
  EXPECT_EQ(d[2].customers, 2);      // c1 and c9
  EXPECT_EQ(d[2].new_customers, 1);  // c9
  EXPECT_EQ(d[3].returns, 5000);     // r1's 4000 + r3's 1000
  // No page: nothing stored, the cursor stays.
  auto none = ledger_->store_pages("shop", {});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->orders, 0);
  EXPECT_EQ(*ledger_->cursor("shop"), "after-page-3");
}

// Every refund of the sample page came with its order; this one comes a transaction before it.
TEST_F(LedgerTest, ARefundStoredBeforeItsOrderCountsWhenTheOrderComes) {
  Page refund_first;
  refund_first.refunds = {RefundFact{"r3", "o7", at("2026-03-31", 10), 1000, 0, 200}};
  refund_first.cursor = "after-page-2";
  ASSERT_TRUE(store_one(*ledger_, refund_first));
  EXPECT_EQ(days()[3].returns, 4000);  // r1 only: r3's order is not known
  Page order_next;
  order_next.orders = {order("o7", at("2026-03-30", 10), "completed", "c9", "", 1, 1000, 0, 0, 200)};
  order_next.cursor = "after-page-3";
  ASSERT_TRUE(store_one(*ledger_, order_next));
  EXPECT_EQ(days()[3].returns, 5000);  // r1's 4000 + r3's 1000, now that o7 counts
}

// The ledger remembers its customers' first days between batches; what another connection commits
// in between must not be overruled by them.
TEST_F(LedgerTest, AnotherConnectionsWritesBetweenBatchesAreSeen) {
  auto other = open_sqlite_ledger(path(), *time::Zone::locate("Europe/Paris"), "EUR");
  ASSERT_TRUE(other) << other.error().message;
  Page earlier;  // c1's first order was o1 on 03-28: now one on 03-26
  earlier.orders = {order("o10", at("2026-03-26", 12), "completed", "c1", "", 1, 1000, 0, 0, 200)};
  earlier.cursor = "after-page-2";
  ASSERT_TRUE(store_one(**other, earlier));
  Page later;  // still after c1's first order
  later.orders = {order("o11", at("2026-03-27", 12), "completed", "c1", "", 1, 1000, 0, 0, 200)};
  later.cursor = "after-page-3";
  ASSERT_TRUE(store_one(*ledger_, later));
  auto d = ledger_->days(day("2026-03-26"), day("2026-03-28"));
  ASSERT_TRUE(d);
  EXPECT_EQ((*d)[0].new_customers, 1);  // c1
  EXPECT_EQ((*d)[1].new_customers, 0);  // c1 returning
  EXPECT_EQ((*d)[2].new_customers, 0);  // c1 returning with o1; Ann's first order is the next day
}

TEST_F(LedgerTest, ADaysSumBeyond64BitsIsAnErrorNotAWrappedValue) {
  // Sources keep each amount within 10^13 minor units, but a day may hold any number of orders:
  // two of 2^62 add up to 2^63, one beyond INT64_MAX. SQLite's SUM refuses ("integer overflow").
  constexpr std::int64_t kTwoTo62 = INT64_C(1) << 62;
  Page p;
  p.orders = {order("big1", at("2026-04-02", 10), "completed", "c1", "", 1, kTwoTo62, 0, 0, 0),
              order("big2", at("2026-04-02", 11), "completed", "c2", "", 1, kTwoTo62, 0, 0, 0)};
  ASSERT_TRUE(store_one(*ledger_, p));
  auto d = ledger_->days(day("2026-04-02"), day("2026-04-02"));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "ledger " + path().string() + ": integer overflow");
  // Each on its own day, the days are read and their period's sum is refused by the checked +=.
  p.orders[1].placed_at = p.orders[1].updated_at = at("2026-04-03", 11);
  p.orders[1].updated_at += seconds{1};
  ASSERT_TRUE(store_one(*ledger_, p));
  ASSERT_TRUE(ledger_->days(day("2026-04-02"), day("2026-04-03")));
  auto period = ledger_->period(day("2026-04-02"), day("2026-04-03"));
  ASSERT_FALSE(period);
  EXPECT_EQ(period.error().message, "ledger " + path().string() + ": gross sales add up beyond 64 bits");
}

TEST_F(LedgerTest, AnOlderVersionOfAnOrderNeverOverwritesANewerOne) {
  Page newer;
  newer.orders = {order("o6", at("2026-03-30", 9), "refunded", "c1", "", 1, 4000, 0, 500, 900)};
  newer.orders[0].updated_at = at("2026-04-02", 10);
  newer.cursor = "after-page-2";
  ASSERT_TRUE(store_one(*ledger_, newer));
  Page older;  // the same order as an overlapping re-read saw it before
  older.orders = {order("o6", at("2026-03-30", 9), "cancelled", "c1", "", 1, 4000, 0, 500, 900)};
  older.cursor = "after-page-3";
  ASSERT_TRUE(store_one(*ledger_, older));
  EXPECT_EQ(days()[2].orders, 1);  // still "refunded", which counts
  EXPECT_EQ(*ledger_->cursor("shop"), "after-page-3");
}

TEST_F(LedgerTest, ChangingTheCountedStatusesRecountsStoredOrders) {
  ASSERT_TRUE(ledger_->set_counted_statuses("shop", {"completed", "refunded", "cancelled"}));
  auto d = days();
  EXPECT_EQ(d[1].orders, 3);         // o4 counts now
  EXPECT_EQ(d[1].customers, 2);      // Ann and c2
  EXPECT_EQ(d[1].new_customers, 2);
  EXPECT_EQ(d[3].returns, 6000);     // and so does its refund
}

TEST_F(LedgerTest, ANewTimeZoneRedatesEveryFact) {
  ledger_.reset();
  auto utc = open_sqlite_ledger(path(), *time::Zone::locate("UTC"), "EUR");
  ASSERT_TRUE(utc) << utc.error().message;
  auto d = (*utc)->days(day("2026-03-28"), day("2026-03-31"));
  EXPECT_EQ((*d)[0].orders, 2);  // o2 at 23:30 UTC is on the 28th in UTC
  EXPECT_EQ((*d)[1].orders, 1);
}

TEST_F(LedgerTest, RefusesAnotherCurrency) {
  ledger_.reset();
  auto usd = open_sqlite_ledger(path(), *time::Zone::locate("Europe/Paris"), "USD");
  ASSERT_FALSE(usd);
  EXPECT_EQ(usd.error().code, Errc::invalid_input);
  EXPECT_EQ(usd.error().message, "the ledger " + path().string() +
                                     " holds amounts in EUR but the plan's shop uses USD: use another ledger file");
}

TEST_F(LedgerTest, IsVersionedAndRefusesANewerSchema) {
  ledger_.reset();
  {
    SQLite::Database db(path(), SQLite::OPEN_READWRITE);
    EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), sqlite_schema_version());
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
    db.exec("PRAGMA user_version = 99");
  }
  auto opened = open_sqlite_ledger(path(), *time::Zone::locate("Europe/Paris"), "EUR");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message, "ledger " + path().string() + ": written by a newer Sextant (schema 99, this build knows " +
                                        std::to_string(sqlite_schema_version()) + ")");
}

TEST_F(LedgerTest, KeepsTasksAndARunLog) {
  TaskRecord t{"plan/a1", "plan/p1", "local", "42", "file:///b.md", "hash", TaskState::in_progress, 50,
               day("2026-04-01"), "Bundles", ""};
  ASSERT_TRUE(ledger_->save_task(t));
  auto back = ledger_->task("plan/a1");
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->remote_id, "42");
  EXPECT_EQ((*back)->state, TaskState::in_progress);
  EXPECT_EQ(time::format_date(*(*back)->due), "2026-04-01");
  auto run = ledger_->begin_run("sync shop");
  ASSERT_TRUE(run);
  ASSERT_TRUE(ledger_->end_run(*run, "ok", "6 orders"));
  auto runs = ledger_->runs(5);
  ASSERT_EQ(runs->size(), 1u);
  EXPECT_EQ((*runs)[0].status, "ok");
  EXPECT_EQ((*runs)[0].message, "6 orders");
}

TEST_F(LedgerTest, ARunLeftRunningIsClosedAsInterruptedWhenTheNextBegins) {
  auto killed = ledger_->begin_run("sync shop");  // never ended, as when the process is killed
  ASSERT_TRUE(killed);
  auto next = ledger_->begin_run("push");
  ASSERT_TRUE(next);
  auto runs = ledger_->runs(5);
  ASSERT_TRUE(runs);
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, *next);
  EXPECT_EQ((*runs)[0].status, "running");
  EXPECT_EQ((*runs)[0].finished_at, "");
  EXPECT_EQ((*runs)[1].id, *killed);
  EXPECT_EQ((*runs)[1].status, "interrupted");
  EXPECT_EQ((*runs)[1].message, "the process ended before the run finished");
  EXPECT_EQ((*runs)[1].finished_at.size(), std::string("2026-12-07T01:00:00Z").size());
}

// A webhook delivery is known by its id and by its body's digest until it is forgotten; the
// times are given, so the window is the test's and not the wall clock's.
TEST_F(LedgerTest, RemembersWebhookDeliveriesByIdAndBodyUntilForgotten) {
  const sys_seconds noon = at("2026-12-07", 12);
  ASSERT_EQ(*ledger_->first_delivery({"shopify", "id-1", "digest-a", noon}), true);
  EXPECT_EQ(*ledger_->first_delivery({"shopify", "id-1", "digest-b", noon + seconds{1}}), false);  // same id
  EXPECT_EQ(*ledger_->first_delivery({"shopify", "id-2", "digest-a", noon + seconds{2}}), false);  // same body
  EXPECT_EQ(*ledger_->first_delivery({"woocommerce", "id-1", "digest-a", noon + seconds{3}}), true);  // another platform
  ASSERT_EQ(*ledger_->first_delivery({"shopify", "id-3", "digest-c", noon + minutes{20}}), true);

  // Forgetting what came before 12:15 drops the two deliveries of 12:00:00 and 12:00:03 (the
  // refused ones were never stored) and keeps the one of 12:20.
  EXPECT_EQ(*ledger_->forget_deliveries(noon + minutes{15}), 2);
  SQLite::Database db(path().string());
  SQLite::Statement left(db, "SELECT platform || ' ' || delivery_id || ' ' || received_at FROM webhook_deliveries");
  ASSERT_TRUE(left.executeStep());
  EXPECT_EQ(left.getColumn(0).getString(), "shopify id-3 2026-12-07T12:20:00Z");
  EXPECT_FALSE(left.executeStep());
  // Forgotten: the same delivery is new again.
  EXPECT_EQ(*ledger_->first_delivery({"shopify", "id-2", "digest-a", noon + minutes{21}}), true);
}

}  // namespace
}  // namespace sextant::ledger
