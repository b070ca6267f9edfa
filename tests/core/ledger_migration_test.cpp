// A ledger written by schema 3 (the released migrations, with its facts as that build stored
// them) upgrades to the pre-aggregated days with the same figures, worked out by hand.
#include "support/process.hpp"

#include "ledger/sqlite_schema.hpp"

#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/time/calendar.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

namespace sextant::ledger {
namespace {

using namespace std::chrono;

sys_days day(const char* d) { return *time::parse_date(d); }

// Noon UTC: the same day in Paris.
std::string noon(const char* d) { return std::to_string((sys_seconds{day(d)} + hours{12}).time_since_epoch().count()); }

void write_schema_3_ledger(const std::filesystem::path& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (std::size_t v = 0; v < 3; ++v) db.exec(std::string(detail::kMigrations[v]));
  db.exec("PRAGMA user_version = 3");
  db.exec("INSERT INTO meta VALUES ('currency', 'EUR'), ('timezone', 'Europe/Paris')");
  db.exec("INSERT INTO counted_statuses VALUES ('shop', '[\"completed\"]')");
  // source, id, placed_at, updated_at, day, status, counted, customer, items, gross, discounts, shipping, taxes
  db.exec("INSERT INTO orders VALUES "
          "('shop', 'o1', " + noon("2026-03-28") + ", 0, '2026-03-28', 'completed', 1, 'id:c1', 2, 10000, 1000, 500, 1900),"
          "('shop', 'o2', " + noon("2026-03-29") + ", 0, '2026-03-29', 'completed', 1, 'id:c2', 1, 5000, 0, 0, 1000),"
          "('shop', 'o3', " + noon("2026-03-29") + ", 0, '2026-03-29', 'completed', 1, 'id:c1', 1, 3000, 0, 0, 600),"
          "('shop', 'o4', " + noon("2026-03-29") + ", 0, '2026-03-29', 'cancelled', 0, 'id:c3', 1, 7000, 0, 0, 1400)");
  db.exec("INSERT INTO refunds VALUES "
          "('shop', 'r1', 'o2', " + noon("2026-03-30") + ", '2026-03-30', 2000, 0, 400),"
          "('shop', 'r2', 'o4', " + noon("2026-03-30") + ", '2026-03-30', 7000, 0, 1400)");  // o4 does not count
  db.exec("INSERT INTO daily_facts VALUES ('shop', '2026-03-29', 'sessions', 200)");
}

TEST(LedgerMigration, ASchema3LedgerUpgradesWithTheSameFigures) {
  test::ScratchDir dir;
  const auto path = dir / "ledger.db";
  write_schema_3_ledger(path);
  auto opened = open_sqlite_ledger(path, *time::Zone::locate("Europe/Paris"), "EUR");
  ASSERT_TRUE(opened) << opened.error().message;
  auto& ledger = **opened;

  auto d = ledger.days(day("2026-03-28"), day("2026-03-30"));
  ASSERT_TRUE(d) << d.error().message;
  ASSERT_EQ(d->size(), 3u);
  // 03-28: o1; c1 is new.
  EXPECT_EQ((*d)[0].orders, 1);
  EXPECT_EQ((*d)[0].total_sales(), 11400);  // 10000 - 1000 + 500 + 1900
  EXPECT_EQ((*d)[0].new_customers, 1);
  // 03-29: o2 (c2, new) and o3 (c1, returning); o4 cancelled.
  EXPECT_EQ((*d)[1].orders, 2);
  EXPECT_EQ((*d)[1].items, 2);
  EXPECT_EQ((*d)[1].gross_sales, 8000);  // 5000 + 3000
  EXPECT_EQ((*d)[1].taxes, 1600);        // 1000 + 600
  EXPECT_EQ((*d)[1].customers, 2);
  EXPECT_EQ((*d)[1].new_customers, 1);
  EXPECT_EQ((*d)[1].sessions, 200);
  // 03-30: r1 only: returns 2000, taxes -400.
  EXPECT_EQ((*d)[2].orders, 0);
  EXPECT_EQ((*d)[2].returns, 2000);
  EXPECT_EQ((*d)[2].taxes, -400);

  auto both = ledger.period(day("2026-03-29"), day("2026-03-30"));
  ASSERT_TRUE(both);
  EXPECT_EQ(both->customers, 2);      // c2 new, c1 back from the 28th
  EXPECT_EQ(both->new_customers, 1);
  EXPECT_EQ(both->net_sales(), 6000);  // 8000 - 2000
  auto span = ledger.order_span();
  ASSERT_TRUE(span && *span);
  EXPECT_EQ((*span)->first, day("2026-03-28"));
  EXPECT_EQ((*span)->second, day("2026-03-29"));

  // Upgraded: the next write keeps the days up to date. c3's first counted order, before c1's.
  Page page;
  page.orders = {OrderFact{"o5", sys_seconds{day("2026-03-27")} + hours{12}, sys_seconds{day("2026-03-27")} + hours{12},
                           "completed", "c3", "", 1, 1000, 0, 0, 200}};
  page.cursor = "next";
  ASSERT_TRUE(ledger.store_pages("shop", {&page, 1}));
  auto all = ledger.period(day("2026-03-27"), day("2026-03-30"));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->orders, 4);
  EXPECT_EQ(all->customers, 3);      // c3, c1, c2
  EXPECT_EQ(all->new_customers, 3);

  opened->reset();
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), 5);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'orders_by_customer'").getInt(), 0);
}

// Schema 5 tells a day without sessions (unknown) from a day of 0 sessions: a schema-4 ledger
// dropped the row of a day whose only fact was 0 sessions, and upgrading brings it back as known.
TEST(LedgerMigration, ASchema4LedgerKnowsWhichDaysHaveSessions) {
  test::ScratchDir dir;
  const auto path = dir / "ledger.db";
  write_schema_3_ledger(path);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(std::string(detail::kMigrations[3]));
    db.exec("PRAGMA user_version = 4");
    db.exec("INSERT INTO daily_facts VALUES ('shop', '2026-03-31', 'sessions', 0)");
  }
  auto opened = open_sqlite_ledger(path, *time::Zone::locate("Europe/Paris"), "EUR");
  ASSERT_TRUE(opened) << opened.error().message;
  auto d = (*opened)->days(day("2026-03-28"), day("2026-03-31"));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ((*d)[0].days_without_sessions, 1);  // 03-28: orders, no sessions fact
  EXPECT_EQ((*d)[1].days_without_sessions, 0);  // 03-29: 200 sessions
  EXPECT_EQ((*d)[1].sessions, 200);
  EXPECT_EQ((*d)[2].days_without_sessions, 1);  // 03-30: refunds only
  EXPECT_EQ((*d)[3].days_without_sessions, 0);  // 03-31: 0 sessions, known
  EXPECT_EQ((*d)[3].sessions, 0);
  auto p = (*opened)->period(day("2026-03-29"), day("2026-03-31"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->days_without_sessions, 1);  // 03-30
}

}  // namespace
}  // namespace sextant::ledger
