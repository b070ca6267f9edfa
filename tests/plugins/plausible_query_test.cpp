// source-plausible's pure parts, without HTTP: the query it sends, how it reads an answer, how it
// fills the days Plausible leaves out, and its count of requests per clock hour on a given clock.
#include "hour_budget.hpp"
#include "visits_query.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace sextant::plausible {
namespace {

using namespace std::chrono;

constexpr sys_days kJan1{year{2025} / 1 / 1};
const DayRange kWeek{kJan1, kJan1 + days{6}};  // 01-01 to 01-07

Result<VisitsPage> read(const std::string& answer, sys_days after = kJan1 - days{1}) {
  return read_visits(boost::json::parse(answer), kWeek, after);
}

TEST(PlausibleQuery, AsksVisitsByDayOldestFirstWithTheRowCount) {
  EXPECT_EQ(visits_query("shop.example", kWeek, 100, 200),
            R"({"site_id":"shop.example","metrics":["visits"],"date_range":["2025-01-01","2025-01-07"],)"
            R"("dimensions":["time:day"],"order_by":[["time:day","asc"]],"include":{"total_rows":true},)"
            R"("pagination":{"limit":100,"offset":200}})");
}

TEST(PlausibleQuery, ReadsTheDaysWithVisitsAndTheRowCount) {
  auto page = read(R"({"results": [{"dimensions": ["2025-01-02"], "metrics": [12]},
                                   {"dimensions": ["2025-01-05"], "metrics": [7]}], "meta": {"total_rows": 9}})");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->total_rows, 9);
  ASSERT_EQ(page->days.size(), 2u);
  EXPECT_EQ(page->days[1].day, kJan1 + days{4});
  EXPECT_EQ(page->days[1].value, 7);
  EXPECT_EQ(page->days[1].metric, "sessions");
}

TEST(PlausibleQuery, RefusesAnswersItCannotTrust) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"results": []})", "Plausible sent an answer without meta.total_rows, which the query asked for"},
      {R"({"meta": {"total_rows": 0}})", "Plausible sent an answer without \"results\""},
      {R"({"results": [{"dimensions": ["2025-01-08"], "metrics": [1]}], "meta": {"total_rows": 1}})",
       "Plausible sent results/0: 2025-01-08, outside the range asked (2025-01-01 to 2025-01-07)"},
      {R"({"results": [{"dimensions": ["2025-01-03"], "metrics": [1]}, {"dimensions": ["2025-01-02"], "metrics": [1]}],
          "meta": {"total_rows": 2}})",
       "Plausible sent results/1: 2025-01-02 out of order (the days must come oldest first, once each)"},
      {R"({"results": [{"dimensions": ["2025-01-03"], "metrics": [1.5]}], "meta": {"total_rows": 1}})",
       "Plausible sent results/0: 1.5E0 visits on 2025-01-03, which is not a whole number of 0 or more"},
      {R"({"results": [{"dimensions": ["2025-01-03"], "metrics": [-1]}], "meta": {"total_rows": 1}})",
       "Plausible sent results/0: -1 visits on 2025-01-03, which is not a whole number of 0 or more"},
      {R"({"results": [{"dimensions": ["Jan 3"], "metrics": [1]}], "meta": {"total_rows": 1}})",
       "Plausible sent results/0: \"Jan 3\", which is not a day (YYYY-MM-DD)"},
      {R"({"results": [{"dimensions": [], "metrics": [1]}], "meta": {"total_rows": 1}})",
       "Plausible sent results/0 that is not {\"dimensions\": [day], \"metrics\": [visits]}"},
  };
  for (const auto& [answer, message] : cases) {
    auto page = read(answer);
    ASSERT_FALSE(page) << answer;
    EXPECT_EQ(page.error().code, Errc::bad_response);
    EXPECT_EQ(page.error().message, message);
  }
  // A day the previous page already gave is out of order too.
  auto again = read(R"({"results": [{"dimensions": ["2025-01-03"], "metrics": [1]}], "meta": {"total_rows": 1}})",
                    kJan1 + days{2});
  EXPECT_FALSE(again);
}

TEST(PlausibleQuery, EveryDayOfTheRangeHasAFigureTheLeftOutOnesZero) {
  std::vector<DailyFact> listed{{kJan1 + days{1}, "sessions", 12}, {kJan1 + days{4}, "sessions", 7}};
  auto all = every_day(kWeek, listed);
  ASSERT_EQ(all.size(), 7u);
  const std::int64_t expected[] = {0, 12, 0, 0, 7, 0, 0};
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].day, kJan1 + days{static_cast<int>(i)});
    EXPECT_EQ(all[i].value, expected[i]) << i;
  }
}

TEST(PlausibleHourBudget, CountsByClockHourAsPlausibleDoes) {
  const sys_seconds ten{sys_days{year{2025} / 1 / 8} + hours{10}};
  HourBudget budget(2);
  EXPECT_TRUE(budget.take(ten + minutes{59}));
  EXPECT_TRUE(budget.take(ten + minutes{59} + seconds{30}));
  EXPECT_FALSE(budget.take(ten + minutes{59} + seconds{59}));  // the third in 10:00-10:59
  EXPECT_EQ(budget.renews(), ten + hours{1});
  // 11:00: a new window, though the first two requests were sent a minute ago.
  EXPECT_TRUE(budget.take(ten + hours{1}));
  EXPECT_TRUE(budget.take(ten + hours{1} + seconds{1}));
  EXPECT_FALSE(budget.take(ten + hours{1} + minutes{30}));
  EXPECT_EQ(budget.renews(), ten + hours{2});
}

}  // namespace
}  // namespace sextant::plausible
