#include <sextant/time/calendar.hpp>
#include <sextant/time/zone.hpp>

#include <gtest/gtest.h>

namespace sextant::time {
namespace {

using namespace std::chrono;

sys_seconds utc(const char* text) {
  // "2026-03-28T23:30"
  auto day = parse_date(std::string_view(text, 10));
  int h = std::stoi(std::string(text + 11, 2)), m = std::stoi(std::string(text + 14, 2));
  return sys_seconds{*day} + hours{h} + minutes{m};
}

TEST(Zone, PutsInstantsOnTheShopsLocalDayAcrossDaylightSaving) {
  auto paris = Zone::locate("Europe/Paris");
  ASSERT_TRUE(paris);
  // Spring forward: 2026-03-29 at 01:00 UTC, from UTC+1 to UTC+2.
  EXPECT_EQ(format_date(paris->local_day(utc("2026-03-28T22:30"))), "2026-03-28");  // 23:30 CET
  EXPECT_EQ(format_date(paris->local_day(utc("2026-03-28T23:30"))), "2026-03-29");  // 00:30 CET
  EXPECT_EQ(format_date(paris->local_day(utc("2026-03-29T21:59"))), "2026-03-29");  // 23:59 CEST
  EXPECT_EQ(format_date(paris->local_day(utc("2026-03-29T22:00"))), "2026-03-30");  // 00:00 CEST
  // Fall back: 2026-10-25 at 01:00 UTC, from UTC+2 to UTC+1.
  EXPECT_EQ(format_date(paris->local_day(utc("2026-10-24T21:30"))), "2026-10-24");  // 23:30 CEST
  EXPECT_EQ(format_date(paris->local_day(utc("2026-10-24T22:30"))), "2026-10-25");  // 00:30 CEST
  EXPECT_EQ(format_date(paris->local_day(utc("2026-10-25T22:59"))), "2026-10-25");  // 23:59 CET
  EXPECT_EQ(format_instant(paris->start_of(sys_days{year{2026} / 3 / 29})), "2026-03-28T23:00:00Z");
  EXPECT_EQ(format_instant(paris->start_of(sys_days{year{2026} / 3 / 30})), "2026-03-29T22:00:00Z");
}

TEST(Zone, RefusesAnUnknownNameWithASuggestion) {
  auto z = Zone::locate("America/New_Yrok");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().message, "\"America/New_Yrok\" is not an IANA time zone; did you mean \"America/New_York\"?");
}

TEST(Calendar, ParsesOnlyDaysAndMonthsThatExist) {
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_FALSE(parse_date("2025-02-29"));
  EXPECT_FALSE(parse_date("2025-2-01"));
  EXPECT_FALSE(parse_date("2025-02-01T00"));
  EXPECT_EQ(format_month(*parse_month("2026-03")), "2026-03");
  EXPECT_FALSE(parse_month("2026-13"));
}

// Found by the calendar fuzz target: an offset could carry an instant out of the four-digit years
// that format_instant writes (and the ledger reads back).
TEST(Calendar, ReadsOnlyInstantsThatWriteBackAsThemselves) {
  EXPECT_EQ(format_instant(*parse_instant("2026-03-02T10:15:00+01:00")), "2026-03-02T09:15:00Z");
  EXPECT_EQ(format_instant(*parse_instant("2026-03-02T10:15:00.250-0530")), "2026-03-02T15:45:00Z");
  EXPECT_EQ(format_instant(*parse_instant("9999-12-31T23:59:59Z")), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_instant(*parse_instant("0000-01-01T00:00:00Z")), "0000-01-01T00:00:00Z");
  EXPECT_FALSE(parse_instant("9999-12-31T23:59:60-09:99"));  // offset minutes past 59
  EXPECT_FALSE(parse_instant("2026-03-02T10:15:00+24:00"));  // offset hours past 23
  EXPECT_FALSE(parse_instant("9999-12-31T23:59:59-01:00"));  // 10000-01-01T00:59:59Z
  EXPECT_FALSE(parse_instant("0000-01-01T00:00:00+00:30"));  // a year before year 0
}

}  // namespace
}  // namespace sextant::time
