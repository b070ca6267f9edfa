// A WooCommerce shop whose sessions come from Matomo: two sources, each bringing its own facts,
// merged by day. The sextant program against fake_woocommerce.py (the shop scenario's orders) and
// fake_matomo.py (visits given day by day), real HTTP on 127.0.0.1.
#include "shop_scenario.hpp"
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sextant::test {
namespace {

class WooMatomoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Visits per day in Paris; 03-31 and the days after 04-02 have none (Matomo's []).
    write_file(dir_ / "visits.json", R"({"2026-03-28": 50, "2026-03-29": 40, "2026-03-30": 20, "2026-04-01": 10,
                                         "2026-04-02": 25})");
  }
  void workspace(const FakeServer& shop, const FakeServer& matomo) {
    write_file(dir_ / "plan.json", read_file(source_dir() / "examples/plan.json"));  // 2026, Europe/Paris, EUR
    write_file(dir_ / "sextant.json", R"({"sources": [
      {"name": "woo", "plugin": "woocommerce",
       "settings": {"url": ")" + shop.url() + R"(", "consumer_key": {"env": "WC_KEY"}, "consumer_secret": {"env": "WC_SECRET"}}},
      {"name": "matomo", "plugin": "matomo", "facts": ["sessions"],
       "settings": {"url": ")" + matomo.url() + R"(", "allow_insecure_http": true, "site_id": 1,
                    "token_auth": {"env": "MATOMO_TOKEN"}, "days_per_request": 2}}]})");
  }
  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {{"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}, {"MATOMO_TOKEN", "matomo-token"}}});
  }
  boost::json::value metrics() {
    auto r = sextant({"--format", "json", "metrics", "--from", "2026-03-28", "--to", "2026-04-02"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  // The site was created on 03-28 at midnight in Paris (23:00 UTC the day before); Matomo's clock
  // says 04-05 12:00 UTC, as sextant's --today.
  std::vector<std::string> matomo_args() const {
    return {"--visits", (dir_ / "visits.json").string(), "--ts-created", "2026-03-27 23:00:00", "--now",
            "2026-04-05 12:00:00"};
  }
  static std::string orders() { return (source_dir() / "tests/data/woocommerce/orders.json").string(); }

  ScratchDir dir_;
};

TEST_F(WooMatomoTest, EveryDayHasTheShopsOrdersMatomosSessionsAndTheirConversion) {
  FakeServer shop("fake_woocommerce.py", {"--orders", orders()});
  FakeServer matomo("fake_matomo.py", matomo_args());
  workspace(shop, matomo);
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = metrics();
  expect_hand_computed_days(m);
  // Orders (shop scenario) over sessions (visits.json), day by day:
  // 03-28 1/50 = 0.02; 03-29 2/40 = 0.05; 03-30 1/20 = 0.05; 03-31 no visit: no rate (0 sessions,
  // not unknown ones); 04-01 0/10 = 0; 04-02 0/25 = 0.
  const std::vector<std::string> sessions{"50", "40", "20", "0", "10", "25"};
  const std::vector<std::string> conversion{"2E-2", "5E-2", "5E-2", "null", "0", "0"};
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    EXPECT_EQ(field(m, "/days/" + std::to_string(i) + "/sessions"), sessions[i]) << i;
    EXPECT_EQ(field(m, "/days/" + std::to_string(i) + "/conversion_rate"), conversion[i]) << i;
  }
  // The period: 4 orders / (50 + 40 + 20 + 0 + 10 + 25 = 145) sessions.
  EXPECT_EQ(field(m, "/totals/sessions"), "145");
  EXPECT_DOUBLE_EQ(m.at_pointer("/totals/conversion_rate").to_number<double>(), 4.0 / 145.0);
}

TEST_F(WooMatomoTest, DaysMatomoFailedForHaveUnknownConversionTheOrdersStayAndTheNextSyncFillsThem) {
  FakeServer shop("fake_woocommerce.py", {"--orders", orders()});
  FakeServer matomo("fake_matomo.py", matomo_args());
  workspace(shop, matomo);
  // Matomo's requests: the site, 03-28..03-29, then 03-30..03-31, which fails in an HTTP 200.
  matomo.control("POST", "/__control/faults",
                 R"([{"delay_ms": 0}, {"delay_ms": 0}, {"matomo_error": "Archiving is disabled for this period"}])");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Matomo answered VisitsSummary.get with an error: Archiving is disabled for this period"),
            std::string::npos)
      << r.err;
  auto m = metrics();
  expect_hand_computed_days(m);  // the orders sync is not blocked by the analytics source
  EXPECT_EQ(field(m, "/days/0/conversion_rate"), "2E-2");
  EXPECT_EQ(field(m, "/days/1/conversion_rate"), "5E-2");
  for (int i = 2; i < 6; ++i) {
    EXPECT_EQ(field(m, "/days/" + std::to_string(i) + "/sessions"), "null") << i;
    EXPECT_EQ(field(m, "/days/" + std::to_string(i) + "/conversion_rate"), "null") << i;
  }
  EXPECT_EQ(field(m, "/totals/conversion_rate"), "null");
  // The report says so in words. Its figures stop the day before today: 03-30 to 04-04, 6 days.
  auto report = sextant({"--format", "md", "report"});
  EXPECT_NE(report.out.find("Sessions are unknown for 6 days (2026-03-30 to 2026-04-04): the analytics source had "
                            "no figure for them, so conversion rate is unknown there"),
            std::string::npos)
      << report.out;
  // The dashboard's year to date (from the first order, 03-28) holds those days: no conversion to show.
  const std::string conversion_band = R"(data-path="/steps/dashboard/kpis/3/band" data-value=")";  // conversion_rate
  ASSERT_EQ(sextant({"dashboard", "--out", "dashboard.html"}).exit_code, 0);
  EXPECT_NE(read_file(dir_ / "dashboard.html").find(conversion_band + "&quot;no data&quot;\""), std::string::npos);

  r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  m = metrics();
  EXPECT_EQ(field(m, "/days/2/conversion_rate"), "5E-2");
  EXPECT_EQ(field(m, "/totals/sessions"), "145");
  EXPECT_EQ(sextant({"--format", "md", "report"}).out.find("Sessions are unknown"), std::string::npos);
  // Year to date: 4 orders / 145 sessions (04-03 and 04-04 had no visit) = 0.027586...
  ASSERT_EQ(sextant({"dashboard", "--out", "dashboard.html"}).exit_code, 0);
  EXPECT_NE(read_file(dir_ / "dashboard.html").find(R"(data-path="/steps/dashboard/kpis/3/actual" data-value="2.7586E-2")"),
            std::string::npos);
}

}  // namespace
}  // namespace sextant::test
