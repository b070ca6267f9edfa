// source-plausible end to end: the sextant program against a fake Plausible Stats API v2 (real
// HTTP on 127.0.0.1, tests/fakes/fake_plausible.py) that follows Plausible's contract: a Bearer
// key, 401 for a bad key and for a site the key cannot see, days without visits left out of the
// answer, pagination with meta.total_rows, and a budget of requests per clock hour answered with
// 429 and no Retry-After. The shop's orders come from a file source beside it.
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>

namespace sextant::test {
namespace {

using namespace std::chrono;

constexpr const char* kKey = "plausible-K3Y-never-shown";
// Today, for Sextant (--today) and for the fake (--now, 11:00 in Paris): 2025-01-08.
constexpr const char* kToday = "2025-01-08";
constexpr const char* kNow = "2025-01-08T10:00:00Z";

// The fake's generated visits (its docstring): 100 + (ordinal * 37 + seed) % 50, the ordinal
// being Python's date.toordinal() (0001-01-01 is 1), seed 0.
std::int64_t generated(sys_days day) {
  const std::int64_t ordinal = (day - sys_days{year{1} / 1 / 1}).count() + 1;
  return 100 + ordinal * 37 % 50;
}

std::string at(const boost::json::value& v, const std::string& pointer) {
  return boost::json::serialize(v.at_pointer(pointer));
}

class PlausibleTest : public ::testing::Test {
 protected:
  // The fake with visits generated over [from, to]; `zero` lists days it has no visit on.
  std::unique_ptr<FakeServer> plausible(const std::string& from, const std::string& to, const std::string& zero = "{}",
                                        std::vector<std::string> more = {}) {
    write_file(dir_ / "visits.json", zero);
    std::vector<std::string> args{"--key", kKey, "--site", "shop.example", "--timezone", "Europe/Paris", "--now", kNow,
                                  "--generate-from", from, "--generate-to", to, "--visits", (dir_ / "visits.json").string()};
    args.insert(args.end(), more.begin(), more.end());
    return std::make_unique<FakeServer>("fake_plausible.py", args);
  }
  // A plan in Paris; the orders from shop.json, the sessions from Plausible.
  void workspace(const FakeServer& fake, const std::string& since, const std::string& extra = "") {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    // Three counted orders on 2025-01-02 and two on 2025-01-04 (Paris days), none on other days.
    write_file(dir_ / "shop.json", read_file(source_dir() / "tests/data/sessions/shop.json"));
    write_file(dir_ / "sextant.json", R"({"sources": [
      {"name": "shop", "plugin": "file", "facts": ["orders"], "settings": {"path": "shop.json"}},
      {"name": "plausible", "plugin": "plausible", "facts": ["sessions"], "settings": {"url": ")" +
                                          fake.url() + R"(", "allow_insecure_http": true, "site_id": "shop.example",
        "api_key": {"env": "PLAUSIBLE_KEY"}, "timezone": "Europe/Paris", "since": ")" + since + "\"" + extra + "}}]}");
  }
  ProcessResult sextant(std::vector<std::string> args, const std::string& key = kKey) {
    std::vector<std::string> argv{sextant_program(), "--today", kToday};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {{"PLAUSIBLE_KEY", key}}});
  }
  boost::json::value metrics(const std::string& from, const std::string& to) {
    auto r = sextant({"metrics", "--from", from, "--to", to, "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  // Every day of [from, to] has the fake's generated visits, or 0 on the days in `zero`.
  void expect_generated(const std::string& from, const std::string& to, const std::vector<std::string>& zero = {}) {
    auto m = metrics(from, to);
    const auto& days = m.at("days").as_array();
    std::int64_t sum = 0;
    for (const auto& d : days) {
      const std::string day(d.at("day").as_string());
      const bool none = std::find(zero.begin(), zero.end(), day) != zero.end();
      const auto y = std::stoi(day.substr(0, 4)), mo = std::stoi(day.substr(5, 2)), dd = std::stoi(day.substr(8, 2));
      const std::int64_t expected =
          none ? 0 : generated(sys_days{year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(dd)});
      ASSERT_TRUE(d.at("sessions").is_int64()) << day << ": " << boost::json::serialize(d);
      EXPECT_EQ(d.at("sessions").as_int64(), expected) << day;
      sum += expected;
    }
    EXPECT_EQ(at(m, "/totals/sessions"), std::to_string(sum));
    days_seen_ = days.size();
  }

  ScratchDir dir_;
  std::size_t days_seen_ = 0;
};

TEST_F(PlausibleTest, AFullSyncGivesSessionsAndConversionBesideTheShopsOrders) {
  // Visits on every day to today, except 01-01, 01-03 and 01-05, which Plausible leaves out.
  auto fake = plausible("2025-01-01", kToday, R"({"2025-01-01": 0, "2025-01-03": 0, "2025-01-05": 0})");
  workspace(*fake, "2025-01-01");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 01-01 to today: 8 days, in one request.
  EXPECT_NE(r.out.find("plausible: 0 orders, 0 refunds, 8 days of sessions in 1 pages ("), std::string::npos) << r.out;
  EXPECT_EQ(fake->stats().at("requests"), 1);
  auto m = metrics("2025-01-01", "2025-01-05");
  // 01-02: ordinal 739253, 739253 * 37 = 27352361, % 50 = 11: 111 visits; 3 orders / 111.
  EXPECT_EQ(at(m, "/days/1/sessions"), "111");
  EXPECT_DOUBLE_EQ(m.at_pointer("/days/1/conversion_rate").as_double(), 3.0 / 111);
  // 01-04: ordinal 739255, 739255 * 37 = 27352435, % 50 = 35: 135 visits; 2 orders / 135.
  EXPECT_EQ(at(m, "/days/3/sessions"), "135");
  EXPECT_DOUBLE_EQ(m.at_pointer("/days/3/conversion_rate").as_double(), 2.0 / 135);
  // The days Plausible left out had no visit: 0, known (no order either: no rate).
  for (const char* day : {"/days/0", "/days/2", "/days/4"}) {
    EXPECT_EQ(at(m, std::string(day) + "/sessions"), "0") << day;
    EXPECT_EQ(at(m, std::string(day) + "/conversion_rate"), "null") << day;
  }
  // The period: 111 + 135 = 246 sessions, 5 orders.
  EXPECT_EQ(at(m, "/totals/sessions"), "246");
  EXPECT_DOUBLE_EQ(m.at_pointer("/totals/conversion_rate").as_double(), 5.0 / 246);
  EXPECT_EQ(sextant({"check"}).out, "source shop: ok\nsource plausible: ok\n");
}

TEST_F(PlausibleTest, PagesUntilTheRowCountAndStoresEveryDay) {
  // 2024-01-01 to 2025-01-08: 366 + 8 = 374 days, of which two without visits: 372 rows, in pages
  // of 100: 100 + 100 + 100 + 72, four requests.
  auto fake = plausible("2024-01-01", kToday, R"({"2024-06-15": 0, "2024-12-31": 0})");
  workspace(*fake, "2024-01-01", R"(, "page_size": 100)");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("plausible: 0 orders, 0 refunds, 374 days of sessions in 4 pages ("), std::string::npos) << r.out;
  EXPECT_EQ(fake->stats().at("requests"), 4);
  expect_generated("2024-01-01", kToday, {"2024-06-15", "2024-12-31"});
  EXPECT_EQ(days_seen_, 374u);
}

TEST_F(PlausibleTest, ADayRestatedInTheWindowIsRestatedByTheNextSyncAnOlderOneByAFullSync) {
  auto fake = plausible("2025-01-01", kToday);
  workspace(*fake, "2025-01-01");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  // The cursor is 01-07 (today is not over); the restate window of 3 days is 01-05 to 01-07.
  // Plausible restates 01-06 and empties 01-07 (inside), and restates 01-02 (outside).
  fake->control("POST", "/__control/visits", R"({"2025-01-06": 999, "2025-01-07": 0, "2025-01-02": 777})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto m = metrics("2025-01-02", "2025-01-07");
  EXPECT_EQ(at(m, "/days/4/sessions"), "999");  // 01-06
  EXPECT_EQ(at(m, "/days/5/sessions"), "0");    // 01-07: left out of the answer now, so no visit
  EXPECT_EQ(at(m, "/days/0/sessions"), "111");  // 01-02, as first read (see the test above)
  ASSERT_EQ(sextant({"sync", "--full"}).exit_code, 0);
  EXPECT_EQ(at(metrics("2025-01-02", "2025-01-02"), "/days/0/sessions"), "777");
}

TEST_F(PlausibleTest, TheHourlyBudgetIsNeverExceededAndTheNextSyncGoesOn) {
  // 2024-12-01 to 2025-01-08: 39 days with visits, 4 pages of 10; 3 requests an hour.
  auto fake = plausible("2024-12-01", kToday, "{}", {"--hourly-limit", "3"});
  workspace(*fake, "2024-12-01", R"(, "page_size": 10, "requests_per_hour": 3)");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  // Three pages, 12-01 to 12-30, stored; the fourth request is not sent.
  EXPECT_NE(r.err.find("sextant: source plausible stopped after 3 pages: this run sent Plausible the 3 requests an hour "
                       "that requests_per_hour allows (Plausible counts a key's requests by clock hour); the days up "
                       "to 2024-12-30 are stored; run sync again after "),
            std::string::npos)
      << r.err;
  auto stats = fake->stats();
  EXPECT_EQ(stats.at("requests"), 3);
  EXPECT_EQ(stats.at("throttled"), 0);
  expect_generated("2024-12-01", "2024-12-30");
  EXPECT_EQ(at(metrics("2024-12-31", "2024-12-31"), "/days/0/sessions"), "null");
  // An hour later (the fake's clock), the next sync reads from the restate window before the
  // cursor: 12-28 to 01-08, 12 days, 2 requests.
  fake->control("POST", "/__control/advance", R"({"seconds": 3600})");
  r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  stats = fake->stats();
  EXPECT_EQ(stats.at("requests"), 5);
  EXPECT_EQ(stats.at("throttled"), 0);
  expect_generated("2024-12-01", kToday);
  EXPECT_EQ(days_seen_, 39u);
}

TEST_F(PlausibleTest, ABadKeyOrAnUnknownSiteIsSaidPlainlyAndTheKeyIsNeverShown) {
  auto fake = plausible("2025-01-01", kToday);
  workspace(*fake, "2025-01-01");
  const std::string wrong = "wrong-K3Y-s3cr3t";
  auto r = sextant({"check"}, wrong);
  EXPECT_EQ(r.exit_code, 1);
  const std::string refused = "source plausible: POST " + fake->url() +
                              "/api/v2/query: HTTP 401: Invalid API key or site ID. Please make sure you're using a "
                              "valid API key with access to the site you've requested. — check api_key (a Stats API "
                              "key: Plausible Cloud's Business plan, or any self-hosted instance) and that site_id ";
  EXPECT_NE(r.out.find(refused + "\"shop.example\""), std::string::npos) << r.out;
  auto s = sextant({"--verbose", "sync"}, wrong);
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_NE(s.err.find("HTTP 401: Invalid API key or site ID."), std::string::npos) << s.err;
  for (const auto& text : {r.out, r.err, s.out, s.err, read_file(dir_ / "sextant.db")})
    EXPECT_EQ(text.find(wrong), std::string::npos);
  // A site the key cannot see: Plausible answers the same 401, no 404.
  write_file(dir_ / "sextant.json", [&] {
    auto config = read_file(dir_ / "sextant.json");
    return config.replace(config.find("shop.example"), 12, "other.example");
  }());
  r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(refused + "\"other.example\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(kKey), std::string::npos);
}

TEST_F(PlausibleTest, ASiteInAnotherTimeZoneThanThePlanIsRefusedNamingBoth) {
  auto fake = plausible("2025-01-01", kToday);
  workspace(*fake, "2025-01-01");
  auto config = read_file(dir_ / "sextant.json");
  write_file(dir_ / "sextant.json", config.replace(config.find("Europe/Paris"), 12, "America/New_York"));
  // A setting that contradicts the plan: refused by validate, at the setting, like any bad input.
  const std::string both = "/sources/1/settings/timezone: plugin \"plausible\" rejected its settings: the Plausible "
                           "site shop.example is set to report in \"America/New_York\" but the plan's shop is in "
                           "\"Europe/Paris\"";
  for (const char* command : {"validate", "check", "sync"}) {
    auto r = sextant({command});
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find(both), std::string::npos) << command << ": " << r.err;
  }
  EXPECT_EQ(fake->stats().at("requests"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "sextant.db"));  // nothing was written
}

}  // namespace
}  // namespace sextant::test
