// source-matomo's day plan and its reading of VisitsSummary.get, without HTTP: which days a read
// asks for, the chunks and their cursors, and the counts Matomo may send (numbers or strings).
#include "matomo_days.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace sextant::matomo {
namespace {

using namespace std::chrono;
namespace json = boost::json;

sys_days day(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / d}; }

const sys_days kCreated = day(2026, 1, 10);
const sys_days kToday = day(2026, 4, 5);

TEST(MatomoDays, AFullReadGoesFromCreationToTodayAndAnIncrementalOneRestatesItsWindow) {
  auto full = days_to_read("", 3, kCreated, kToday);
  ASSERT_TRUE(full && *full);
  EXPECT_EQ((*full)->first, kCreated);
  EXPECT_EQ((*full)->last, kToday);
  // Cursor 04-04, 3 days: 04-05 - 3 = 04-02.
  auto next = days_to_read("2026-04-04", 3, kCreated, kToday);
  EXPECT_EQ((*next)->first, day(2026, 4, 2));
  // No restatement: today only. A window reaching before creation starts at creation.
  EXPECT_EQ((*days_to_read("2026-04-04", 0, kCreated, kToday))->first, kToday);
  EXPECT_EQ((*days_to_read("2026-01-11", 90, kCreated, kToday))->first, kCreated);
  // A site created after today has no day to read.
  EXPECT_FALSE(*days_to_read("", 3, day(2026, 4, 6), kToday));
  auto bad = days_to_read("2026-04-04T00:00:00Z", 3, kCreated, kToday);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "the stored cursor \"2026-04-04T00:00:00Z\" is not a day (YYYY-MM-DD): run sextant sync --full");
}

TEST(MatomoDays, ChunksCoverTheRangeInOrderAndTheLastCursorLeavesTodayToBeReadAgain) {
  // 01-10 to 04-05 is 86 days: 40 + 40 + 6.
  auto parts = chunks({kCreated, kToday}, 40);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].last, day(2026, 2, 18));
  EXPECT_EQ(parts[1].first, day(2026, 2, 19));
  EXPECT_EQ(parts[1].last, day(2026, 3, 30));
  EXPECT_EQ(parts[2].first, day(2026, 3, 31));
  EXPECT_EQ(parts[2].last, kToday);
  EXPECT_EQ(cursor_after(parts[0], kToday), "2026-02-18");
  EXPECT_EQ(cursor_after(parts[2], kToday), "2026-04-04");
  EXPECT_EQ(chunks({kToday, kToday}, 100).size(), 1u);
}

TEST(MatomoDays, CountsComeAsNumbersOrStringsAndAnEmptyTableIsNoVisits) {
  auto answer = json::parse(R"({"2026-04-03": {"nb_visits": 120, "nb_actions": 360}, "2026-04-04": [],
                                "2026-04-05": {"nb_visits": "45"}})");
  auto facts = sessions_by_day(answer, {day(2026, 4, 3), kToday});
  ASSERT_TRUE(facts) << facts.error().message;
  ASSERT_EQ(facts->size(), 3u);
  EXPECT_EQ((*facts)[0].value, 120);
  EXPECT_EQ((*facts)[1].value, 0);
  EXPECT_EQ((*facts)[2].value, 45);
  EXPECT_EQ((*facts)[2].day, kToday);
  EXPECT_EQ((*facts)[2].metric, "sessions");
}

TEST(MatomoDays, AFractionANegativeOrAMissingDayIsRefusedNamingTheDay) {
  auto refused = [](const char* text) {
    auto r = sessions_by_day(json::parse(text), {kToday, kToday});
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(refused(R"({"2026-04-05": {"nb_visits": 12.5}})"),
            "Matomo sent nb_visits 1.25E1 for 2026-04-05: a count of visits is a whole number, 0 or more");
  EXPECT_EQ(refused(R"({"2026-04-05": {"nb_visits": "12.5"}})"),
            "Matomo sent nb_visits \"12.5\" for 2026-04-05: a count of visits is a whole number, 0 or more");
  EXPECT_EQ(refused(R"({"2026-04-05": {"nb_visits": -3}})"),
            "Matomo sent nb_visits -3 for 2026-04-05: a count of visits is a whole number, 0 or more");
  EXPECT_EQ(refused(R"({"2026-04-04": []})"),
            "Matomo sent no row for 2026-04-05 in VisitsSummary.get's answer for 2026-04-05,2026-04-05");
  EXPECT_EQ(refused(R"({"2026-04-05": {"nb_actions": 3}})"), "Matomo sent a row without nb_visits for 2026-04-05");
  EXPECT_EQ(refused(R"([])"), "Matomo answered VisitsSummary.get with something other than an object keyed by day");
}

}  // namespace
}  // namespace sextant::matomo
