// The demo's second config (examples/sextant-matomo.json, run by examples/demo-matomo.sh as `make
// demo-matomo` does): the demo shop's orders, sessions from a fake Matomo site. The fake runs on
// real time, so the day checked is computed from the clock: three days ago, which a midnight
// passing during the test leaves among the synced days.
#include "support/process.hpp"

#include <sextant/time/calendar.hpp>
#include <sextant/time/zone.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace sextant::test {
namespace {

using namespace std::chrono;

TEST(DemoMatomo, TheDemoShopsOrdersMeetMatomosSessionsDayByDay) {
  ScratchDir dir;
  auto r = run({"sh", (source_dir() / "examples/demo-matomo.sh").string(), sextant_program(), dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("days of sessions in"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2. Review of"), std::string::npos) << r.out;

  const sys_days today = time::Zone::locate("Europe/Paris")->local_day(time_point_cast<seconds>(system_clock::now()));
  const sys_days day = today - days{3};
  auto m = run({sextant_program(), "--config", (dir / "sextant.json").string(), "--format", "json", "metrics",
                "--from", time::format_date(day), "--to", time::format_date(day)},
               {dir.path(), {{"MATOMO_TOKEN", "demo-matomo-token"}}});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  const auto doc = boost::json::parse(m.out);
  const auto& d = doc.at("days").at(0).as_object();
  // The fake's visits with --seed 42 --scale 40: 40 x (100 + (ordinal x 37 + 42) mod 50), where
  // Python's ordinal of 1970-01-01 is 719163.
  const std::int64_t ordinal = day.time_since_epoch().count() + 719163;
  const std::int64_t sessions = 40 * (100 + (ordinal * 37 + 42) % 50);
  EXPECT_EQ(d.at("sessions").to_number<std::int64_t>(), sessions);
  const auto orders = d.at("orders").to_number<std::int64_t>();
  ASSERT_GT(orders, 0);  // the demo shop sells every day
  EXPECT_DOUBLE_EQ(d.at("conversion_rate").to_number<double>(), static_cast<double>(orders) / static_cast<double>(sessions));
}

}  // namespace
}  // namespace sextant::test
