// source-matomo end to end: the sextant program against a fake Matomo Reporting API (real HTTP on
// 127.0.0.1, tests/fakes/fake_matomo.py) that follows Matomo 5's contract: POST form parameters
// under the query string's, token_auth refused with a 401 (an HTML page when module and method
// are not in the query string), secure-only tokens, errors in an HTTP 200, [] for a day without
// data or outside [creation, today], the site's own time zone.
#include "shop_scenario.hpp"
#include "support/fake_server.hpp"
#include "support/ledger_rows.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace sextant::test {
namespace {

using namespace std::chrono;
namespace json = boost::json;

// The fake's documented visits: visits(day) = 100 + (ordinal(day) * 37 + seed) % 50 with Python's
// ordinal, days since 1970-01-01 + 719163. Worked once by hand: 2026-01-01 is day 20454 since the
// epoch, ordinal 739617; 739617 x 37 = 27365829, whose remainder by 50 is 29: 129 visits.
std::int64_t generated_visits(sys_days day, int seed = 0) {
  const std::int64_t ordinal = day.time_since_epoch().count() + 719163;
  return 100 + (ordinal * 37 + seed) % 50;
}

sys_days day(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / d}; }

std::string date_text(sys_days d) {
  year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

const char* kToken = "c0ffee-matomo-T0KEN-4f2a";
const sys_days kToday = day(2026, 4, 5);  // --today for sextant, --now 12:00 UTC for the fake (14:00 in Paris)

class MatomoTest : public ::testing::Test {
 protected:
  // A fake site created 2025-12-31 23:30 UTC, that is 2026-01-01 00:30 in Paris: its first day is
  // 01-01 in its zone, not 12-31 (UTC's). Visits generated from 12-01 to 04-10: days before the
  // creation and after today have data Matomo never archives.
  static std::vector<std::string> site(std::vector<std::string> more = {}) {
    std::vector<std::string> args{"--token", kToken, "--ts-created", "2025-12-31 23:30:00", "--now", "2026-04-05 12:00:00",
                                  "--generate-from", "2025-12-01", "--generate-to", "2026-04-10"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
  void workspace(const FakeServer& matomo, const std::string& extra_settings = "", int site_id = 1,
                 const std::string& http = "") {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));  // Europe/Paris, EUR
    write_file(dir_ / "sextant.json", R"({"sources": [{"name": "matomo", "plugin": "matomo", "settings": {"url": ")" +
                                          matomo.url() + R"(", "allow_insecure_http": true, "site_id": )" +
                                          std::to_string(site_id) + R"(, "token_auth": {"env": "MATOMO_TOKEN"})" +
                                          extra_settings + "}" + (http.empty() ? "" : ", \"http\": " + http) + "}]}");
  }
  ProcessResult sextant(std::vector<std::string> args, const std::string& token = kToken) {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {{"MATOMO_TOKEN", token}}});
  }
  json::value metrics(sys_days from, sys_days to) {
    auto r = sextant({"--format", "json", "metrics", "--from", date_text(from), "--to", date_text(to)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  // Each day's sessions from `from` to `to` as sextant metrics shows them: the generated visits, or
  // `restated` where given.
  void expect_generated(sys_days from, sys_days to, const std::map<sys_days, std::int64_t>& restated = {}) {
    auto m = metrics(from, to);
    for (sys_days d = from; d <= to; d += days{1}) {
      const auto i = std::to_string((d - from).count());
      auto r = restated.find(d);
      EXPECT_EQ(field(m, "/days/" + i + "/sessions"), std::to_string(r == restated.end() ? generated_visits(d) : r->second))
          << date_text(d);
    }
  }
  // The date ranges of the VisitsSummary.get calls the fake has answered, in order.
  static std::vector<std::string> visits_calls(FakeServer& matomo) {
    std::vector<std::string> out;
    const auto stats = matomo.stats();
    for (const auto& call : stats.at("calls").as_array())
      if (call.at("method") == "VisitsSummary.get") out.emplace_back(call.at("date").as_string());
    return out;
  }

  ScratchDir dir_;
};

TEST_F(MatomoTest, AFullSyncStoresEveryDayFromTheSitesCreationToToday) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo);
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 2026-01-01 to 2026-04-05: 31 + 28 + 31 + 5 = 95 days, one request of at most 100 days.
  EXPECT_EQ(visits_calls(matomo), std::vector<std::string>{"2026-01-01,2026-04-05"});
  expect_generated(day(2026, 1, 1), kToday);
  auto m = metrics(day(2025, 12, 31), kToday);
  // 12-31 is before the site's first day in Paris: unknown, not 0, though the fake has visits for it.
  EXPECT_EQ(field(m, "/days/0/sessions"), "null");
  EXPECT_EQ(field(m, "/totals/sessions"), "null");  // so is a period that holds it
  std::int64_t total = 0;
  for (sys_days d = day(2026, 1, 1); d <= kToday; d += days{1}) total += generated_visits(d);
  EXPECT_EQ(field(metrics(day(2026, 1, 1), kToday), "/totals/sessions"), std::to_string(total));
  // Today's figure is stored, and read again next time: the cursor is the day before.
  EXPECT_EQ(stored_cursor(dir_ / "sextant.db", "matomo"), "2026-04-04");
  EXPECT_EQ(sextant({"check"}).out, "source matomo: ok\n");
}

TEST_F(MatomoTest, ADayRestatedInsideTheWindowIsRestatedByTheNextSyncAndOneOutsideByAFullSync) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo);  // restate_days: 3 by default
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  // 04-03 is inside the window (cursor 04-04: 04-02 to 04-04, and today); 03-20 is not.
  matomo.control("POST", "/__control/visits", R"({"2026-04-03": 7, "2026-03-20": 9})");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(visits_calls(matomo), (std::vector<std::string>{"2026-01-01,2026-04-05", "2026-04-02,2026-04-05"}));
  expect_generated(day(2026, 3, 15), kToday, {{day(2026, 4, 3), 7}});
  r = sextant({"sync", "--full"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(visits_calls(matomo).back(), "2026-01-01,2026-04-05");
  expect_generated(day(2026, 1, 1), kToday, {{day(2026, 4, 3), 7}, {day(2026, 3, 20), 9}});
}

TEST_F(MatomoTest, AnErrorInAn200StopsTheSyncWithMatomosMessageAndTheNextSyncFillsTheGap) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo, R"(, "days_per_request": 30)");
  // Requests: the site, then 01-01..01-30, then 01-31..03-01, which gets Matomo's error.
  matomo.control("POST", "/__control/faults",
                 R"([{"delay_ms": 0}, {"delay_ms": 0}, {"matomo_error": "Mysql error: Lost connection to server"}])");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Matomo answered VisitsSummary.get with an error: Mysql error: Lost connection to server"),
            std::string::npos)
      << r.err;
  // The first chunk stays; nothing of the failed one is stored (unknown, not 0).
  expect_generated(day(2026, 1, 1), day(2026, 1, 30));
  auto m = metrics(day(2026, 1, 31), day(2026, 3, 1));
  EXPECT_EQ(field(m, "/days/0/sessions"), "null");
  EXPECT_EQ(field(m, "/totals/sessions"), "null");
  EXPECT_EQ(stored_cursor(dir_ / "sextant.db", "matomo"), "2026-01-30");
  // The next sync starts 3 days before the day after the cursor: 01-31 - 3 = 01-28.
  r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto calls = visits_calls(matomo);
  EXPECT_EQ(std::vector<std::string>(calls.begin() + 1, calls.end()),
            (std::vector<std::string>{"2026-01-28,2026-02-26", "2026-02-27,2026-03-28", "2026-03-29,2026-04-05"}));
  expect_generated(day(2026, 1, 1), kToday);
}

TEST_F(MatomoTest, AnHtmlPageWhereJsonWasExpectedIsAskedAgainThenNamedAndNothingIsStored) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo, "", 1, R"({"max_attempts": 2, "backoff_base_ms": 1})");
  matomo.control("POST", "/__control/faults", R"([{"html": true}, {"html": true}])");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("POST " + matomo.url() + "/index.php: expected JSON but got text/html (HTTP 200, <html><body>Please "
                       "log in</body></html>), still failing after 2 attempts: a login, error or bot-protection page?"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(field(metrics(day(2026, 1, 1), kToday), "/totals/sessions"), "null");
  // One page only: asked again, the read goes on.
  matomo.control("POST", "/__control/faults", R"([{"html": true}])");
  r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_generated(day(2026, 1, 1), kToday);
}

TEST_F(MatomoTest, AWrongTokenIsAClear401AndNoTokenReachesAnyOutput) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo);
  const std::string wrong = "wrong-T0KEN-visible-7e1d";
  auto r = sextant({"check"}, wrong);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.rfind("source matomo: Matomo refused the token: POST " + matomo.url() + "/index.php: HTTP 401: ", 0), 0)
      << r.out;
  EXPECT_NE(r.out.find("check token_auth: a token of a user with at least \"view\" access to site 1"), std::string::npos)
      << r.out;
  std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05", "--verbose", "sync"};
  auto sync = run(argv, {dir_.path(), {{"MATOMO_TOKEN", wrong}}});
  EXPECT_EQ(sync.exit_code, 1);
  EXPECT_NE(sync.err.find("Matomo refused the token"), std::string::npos) << sync.err;
  EXPECT_NE(sync.err.find("debug [source matomo] POST"), std::string::npos) << sync.err;  // it did log at debug
  for (const auto& out : {r.out, r.err, sync.out, sync.err}) {
    EXPECT_EQ(out.find(wrong), std::string::npos) << out;
    EXPECT_EQ(out.find(kToken), std::string::npos) << out;
  }
  EXPECT_EQ(field(metrics(day(2026, 1, 1), kToday), "/totals/sessions"), "null");
}

TEST_F(MatomoTest, ATokenWithoutAccessToTheSiteIsA401WithMatomosMessage) {
  FakeServer matomo("fake_matomo.py", site());
  workspace(matomo, "", 7);  // the token's user may view site 1 only
  auto r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "source matomo: Matomo refused the token: POST " + matomo.url() +
                       "/index.php: HTTP 401: You can't access this resource as it requires 'view' access for the "
                       "website id = 7. — check token_auth: a token of a user with at least \"view\" access to site 7 "
                       "(Matomo > Personal > Security)\n");
}

TEST_F(MatomoTest, ASecureOnlyTokenWorksSinceItTravelsInThePostBody) {
  FakeServer matomo("fake_matomo.py", site({"--secure-only"}));
  workspace(matomo);
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_generated(day(2026, 1, 1), kToday);
  const auto stats = matomo.stats();
  for (const auto& call : stats.at("calls").as_array()) EXPECT_EQ(call.at("status"), 200) << json::serialize(call);
}

TEST_F(MatomoTest, ASiteInAnotherTimeZoneIsRefusedByCheckAndSyncNamingBothZones) {
  FakeServer matomo("fake_matomo.py", site({"--timezone", "America/New_York"}));
  workspace(matomo);
  const std::string refused = "the Matomo site 1 reports days in America/New_York but the plan's shop is in Europe/Paris";
  auto r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("source matomo: " + refused), std::string::npos) << r.out;
  r = sextant({"sync"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(refused), std::string::npos) << r.err;
  EXPECT_EQ(field(metrics(day(2026, 1, 1), kToday), "/totals/sessions"), "null");
  EXPECT_TRUE(visits_calls(matomo).empty());
}

TEST_F(MatomoTest, A250DayHistoryIsReadInThreeRequestsOfAtMost100Days) {
  // Created 2025-07-30 10:00 UTC (12:00 in Paris): 2025-07-30 to 2026-04-05 is 250 days. The site's
  // integer columns come as strings, as PHP before 8.1 sends them (idsite "1").
  FakeServer matomo("fake_matomo.py", {"--token", kToken, "--ts-created", "2025-07-30 10:00:00", "--now",
                                       "2026-04-05 12:00:00", "--generate-from", "2025-07-01", "--generate-to",
                                       "2026-04-05", "--db-types", "strings"});
  workspace(matomo, R"(, "days_per_request": 100)");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(matomo.stats().at("methods").at("VisitsSummary.get"), 3);
  // 100 days from 07-30 end on 11-06, 100 more on 02-14, and the last 50 on 04-05.
  EXPECT_EQ(visits_calls(matomo),
            (std::vector<std::string>{"2025-07-30,2025-11-06", "2025-11-07,2026-02-14", "2026-02-15,2026-04-05"}));
  expect_generated(day(2025, 7, 30), kToday);
}

TEST_F(MatomoTest, TheEcommerceCrossCheckShowsMatomosOrdersOfTheLast30DaysAndStoresNothing) {
  ScratchDir files;
  // In the 30 days from 03-07 to 04-05: 2 + 1 orders, 123.45 + 10.50 = 133.95 EUR; 03-06 is one day before.
  write_file(files / "ecommerce.json", R"({"2026-03-06": {"nb_conversions": 5, "revenue": 500},
      "2026-03-20": {"nb_conversions": 2, "revenue": 123.45}, "2026-04-01": {"nb_conversions": 1, "revenue": 10.5}})");
  FakeServer matomo("fake_matomo.py", site({"--ecommerce", (files / "ecommerce.json").string()}));
  workspace(matomo, R"(, "ecommerce_check": true)");
  auto r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "source matomo: ok\n");
  EXPECT_NE(r.err.find("info [source matomo] Matomo's ecommerce from 2026-03-07 to 2026-04-05: 3 orders, revenue "
                       "133.95 EUR (a cross-check with the shop's own orders; never stored)"),
            std::string::npos)
      << r.err;
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto m = metrics(day(2026, 3, 1), kToday);
  EXPECT_EQ(field(m, "/totals/orders"), "0");
  EXPECT_EQ(matomo.stats().at("methods").at("Goals.get"), 1);  // by check only, never by sync
}

}  // namespace
}  // namespace sextant::test
