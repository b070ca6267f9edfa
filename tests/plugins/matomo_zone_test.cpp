// source-matomo's reading of the site's time zone from the system's tzdata: which day an instant
// is there, and whether the site's zone is the plan's, a link of the tzdata being its zone.
#include "matomo_zone.hpp"

#include <sextant/plugin/calendar.hpp>

#include <gtest/gtest.h>

namespace sextant::matomo {
namespace {

using namespace std::chrono;

TEST(MatomoZone, AnInstantFallsOnTheSitesOwnDay) {
  auto paris = SiteZone::locate("Europe/Paris", 1);
  ASSERT_TRUE(paris) << paris.error().message;
  // 2025-12-31 23:30 UTC is 00:30 on 01-01 in Paris (UTC+1 in winter); 2026-06-30 22:30 UTC is
  // 00:30 on 07-01 (UTC+2 in summer); 21:30 UTC is still 06-30.
  EXPECT_EQ(format_date(paris->local_day(*parse_instant("2025-12-31T23:30:00Z"))), "2026-01-01");
  EXPECT_EQ(format_date(paris->local_day(*parse_instant("2026-06-30T22:30:00Z"))), "2026-07-01");
  EXPECT_EQ(format_date(paris->local_day(*parse_instant("2026-06-30T21:30:00Z"))), "2026-06-30");
  auto new_york = SiteZone::locate("America/New_York", 1);
  ASSERT_TRUE(new_york);
  EXPECT_EQ(format_date(new_york->local_day(*parse_instant("2026-01-01T03:00:00Z"))), "2025-12-31");  // 22:00 EST
}

TEST(MatomoZone, TheSitesZoneIsThePlansByName) {
  auto paris = SiteZone::locate("Europe/Paris", 1);
  EXPECT_TRUE(paris->is("Europe/Paris"));
  EXPECT_FALSE(paris->is("Europe/Brussels"));  // the same offsets today, another zone
  // A link and its zone (tzdata: Link Asia/Kolkata Asia/Calcutta) are two names to align.
  auto calcutta = SiteZone::locate("Asia/Calcutta", 1);
  ASSERT_TRUE(calcutta) << calcutta.error().message;
  EXPECT_FALSE(calcutta->is("Asia/Kolkata"));
}

TEST(MatomoZone, AManualOffsetIsNoZoneAndIsRefusedSayingWhatToChange) {
  auto manual = SiteZone::locate("UTC+5.5", 3);
  ASSERT_FALSE(manual);
  EXPECT_EQ(manual.error().code, Errc::invalid_input);
  EXPECT_EQ(manual.error().message,
            "the Matomo site 3 reports days in \"UTC+5.5\", which is no time zone of the tzdata (a manual UTC offset?): "
            "give the site a city's time zone, the plan's, in Matomo (Administration > Websites > Manage)");
}

}  // namespace
}  // namespace sextant::matomo
