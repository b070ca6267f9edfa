// Several sources per shop: orders from the shop, sessions from another source (here a CSV export
// read by source-file), merged by day. A day without a sessions figure has unknown sessions and
// conversion, never 0, and the report says which days; a shop that takes its sessions elsewhere
// forgets its own.
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace sextant::test {
namespace {

// tests/data/sessions/shop.json: three counted orders on 2025-01-02 and two on 2025-01-04 (Paris
// days), none on other days.
constexpr const char* kTwoSources = R"({"sources": [
  {"name": "shop", "plugin": "file", "facts": ["orders"], "settings": {"path": "shop.json"}},
  {"name": "visits", "plugin": "file", "facts": ["sessions"], "settings": {"path": "visits.csv"}}]})";

class SessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(dir_ / "shop.json", read_file(source_dir() / "tests/data/sessions/shop.json"));
    write_file(dir_ / "sextant.json", kTwoSources);
  }

  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2025-01-08"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {}});
  }

  // sextant metrics --format json over 2025-01-01 to 2025-01-05.
  boost::json::value metrics() {
    auto r = sextant({"metrics", "--from", "2025-01-01", "--to", "2025-01-05", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }

  static std::string at(const boost::json::value& v, const std::string& pointer) {
    return boost::json::serialize(v.at_pointer(pointer));
  }

  ScratchDir dir_;
};

TEST_F(SessionsTest, ACsvBesideTheShopGivesEveryDayItsConversion) {
  // The CSV leaves 01-03 out between two listed days (no visit: 0); 01-01 and 01-05 are outside it.
  write_file(dir_ / "visits.csv", "\xEF\xBB\xBF" "Day,Sessions,Bounce rate\r\n2025-01-02,120,\"0,5\"\r\n2025-01-04,80,0.4\r\n");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("visits: 0 orders, 0 refunds, 3 days of sessions in 1 pages ("), std::string::npos) << r.out;
  auto m = metrics();
  EXPECT_EQ(at(m, "/days/0/sessions"), "null");  // 01-01: unknown
  EXPECT_EQ(at(m, "/days/0/conversion_rate"), "null");
  EXPECT_EQ(at(m, "/days/1/sessions"), "120");
  EXPECT_EQ(at(m, "/days/1/conversion_rate"), "2.5E-2");  // 3 orders / 120 sessions
  EXPECT_EQ(at(m, "/days/2/sessions"), "0");  // 01-03: listed as no visit, so known
  EXPECT_EQ(at(m, "/days/2/conversion_rate"), "null");  // 0 orders / 0 sessions: nothing to divide by
  EXPECT_EQ(at(m, "/days/3/sessions"), "80");
  EXPECT_EQ(at(m, "/days/3/conversion_rate"), "2.5E-2");  // 2 orders / 80 sessions
  EXPECT_EQ(at(m, "/days/4/sessions"), "null");  // 01-05: unknown
  // Over the five days, two lack sessions: the period's sessions and conversion are unknown.
  EXPECT_EQ(at(m, "/totals/orders"), "5");
  EXPECT_EQ(at(m, "/totals/sessions"), "null");
  EXPECT_EQ(at(m, "/totals/conversion_rate"), "null");
  auto known = sextant({"metrics", "--from", "2025-01-02", "--to", "2025-01-04", "--format", "json"});
  ASSERT_EQ(known.exit_code, 0) << known.err;
  auto k = boost::json::parse(known.out);
  EXPECT_EQ(at(k, "/totals/sessions"), "200");  // 120 + 0 + 80
  EXPECT_EQ(at(k, "/totals/conversion_rate"), "2.5E-2");  // 5 / 200
}

TEST_F(SessionsTest, TheReportSaysInWordsWhichDaysLackSessions) {
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,120\n2025-01-04,80\n");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto r = sextant({"report", "--step", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Held days run from the first order (01-02) to yesterday (01-07): 01-05 to 01-07 have no figure.
  EXPECT_NE(r.out.find("Sessions are unknown for 3 days (2025-01-05 to 2025-01-07): the analytics source had no figure for\n"
                       "them, so conversion rate is unknown there"),
            std::string::npos)
      << r.out;
  auto json = sextant({"report", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto doc = boost::json::parse(json.out);
  EXPECT_EQ(at(doc, "/steps/review/sessions_unknown"), R"([{"from":"2025-01-05","to":"2025-01-07"}])");
}

TEST_F(SessionsTest, ADayRestatedInTheExportIsRestatedByTheNextSync) {
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,120\n2025-01-04,80\n");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,150\n2025-01-04,80\n");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto m = metrics();
  EXPECT_EQ(at(m, "/days/1/sessions"), "150");
  EXPECT_EQ(at(m, "/days/1/conversion_rate"), "2E-2");  // 3 / 150
}

TEST_F(SessionsTest, AShopThatTakesItsSessionsElsewhereForgetsItsOwn) {
  // The demo shop brings sessions of its own (hundreds a day); first it is the only source.
  write_file(dir_ / "sextant.json",
             R"({"sources": [{"name": "shop", "plugin": "demo", "settings": {"seed": 3, "opening": "2025-01-01"}}]})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto own = metrics();
  ASSERT_NE(at(own, "/days/1/sessions"), "null");
  ASSERT_NE(at(own, "/days/1/sessions"), "120");
  // Then its sessions come from the CSV: the demo's are forgotten, not added to.
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,120\n2025-01-04,80\n");
  write_file(dir_ / "sextant.json", R"({"sources": [
    {"name": "shop", "plugin": "demo", "facts": ["orders"], "settings": {"seed": 3, "opening": "2025-01-01"}},
    {"name": "visits", "plugin": "file", "facts": ["sessions"], "settings": {"path": "visits.csv"}}]})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto m = metrics();
  EXPECT_EQ(at(m, "/days/0/sessions"), "null");
  EXPECT_EQ(at(m, "/days/1/sessions"), "120");
  EXPECT_EQ(at(m, "/days/3/sessions"), "80");
  EXPECT_EQ(at(m, "/days/1/orders"), at(own, "/days/1/orders"));  // the orders stay
}

TEST_F(SessionsTest, ABadCsvRowIsNamedByLineAndColumnAndNothingOfItIsStored) {
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,120\n2025-01-04,12.5\n");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("sextant: source visits stopped after 0 pages: " + (dir_ / "visits.csv").string() +
                       ": line 3, sessions: \"12.5\" is not a whole number of 0 or more\n"),
            std::string::npos)
      << r.err;
  auto m = metrics();
  EXPECT_EQ(at(m, "/days/1/orders"), "3");  // the shop's orders are in: one failing source blocks no other
  EXPECT_EQ(at(m, "/days/1/sessions"), "null");
  write_file(dir_ / "visits.csv", "day,sessions\n2025-01-02,120\n2025-01-02,130\n");
  auto twice = sextant({"sync"});
  EXPECT_NE(twice.err.find(": line 3: the day 2025-01-02 is listed twice (also at line 2)"), std::string::npos)
      << twice.err;
}

}  // namespace
}  // namespace sextant::test
