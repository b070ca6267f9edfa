// source-vendure against a real Vendure 3.7 (npm @vendure/core, SQLite through sql.js) started on
// 127.0.0.1 by the test, with the scenario's orders placed through Vendure's own Shop and Admin
// APIs (tests/vendure/scenario.js). Sextant's days are checked against the hand-computed scenario
// and its totals against what Vendure itself reports.
#include "shop_scenario.hpp"
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <sextant/time/calendar.hpp>
#include <sextant/time/zone.hpp>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;
const fs::path kVendure = SEXTANT_TEST_VENDURE_DIR;

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(s);
  return ntohs(a.sin_port);
}

class VendureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new ScratchDir();
    port_ = free_port();
    server_ = new Background({"node", (kVendure / "server.js").string(), std::to_string(port_), data_->path().string()},
                             data_->path());
    for (int i = 0; i < 600 && read_file(*data_ / "background.out").find("listening on") == std::string::npos; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds{100});
    ASSERT_NE(read_file(*data_ / "background.out").find("listening on"), std::string::npos)
        << read_file(*data_ / "background.err");
    auto placed = run({"node", (kVendure / "scenario.js").string(), std::to_string(port_)});
    ASSERT_EQ(placed.exit_code, 0) << placed.err;
    vendure_view_ = new boost::json::value(boost::json::parse(placed.out));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
    delete vendure_view_;
  }
  void SetUp() override {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(dir_ / "sextant.json", R"({"sources": [)" + vendure_source() + "]}");
  }
  static std::string vendure_source() {
    return R"({"name": "vendure", "plugin": "vendure", "settings": {"url": "http://127.0.0.1:)" + std::to_string(port_) +
           R"(", "allow_insecure_http": true, "username": "superadmin", "password": {"env": "VENDURE_PASSWORD"},
           "page_size": 2}})";
  }
  ProcessResult sextant(std::vector<std::string> args, const std::string& password = "superadmin") {
    std::vector<std::string> argv{sextant_program()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {{"VENDURE_PASSWORD", password}, {"PLAUSIBLE_KEY", "plausible-key"}}});
  }
  boost::json::value metrics(const std::string& from, const std::string& to) {
    auto r = sextant({"--format", "json", "metrics", "--from", from, "--to", to});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  // The refunds were made now, in real time: the day they count on is today in Paris.
  static std::string refund_day() {
    auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    return time::format_date(time::Zone::locate("Europe/Paris")->local_day(now));
  }

  static ScratchDir* data_;
  static Background* server_;
  static int port_;
  static boost::json::value* vendure_view_;
  ScratchDir dir_;
};
ScratchDir* VendureTest::data_ = nullptr;
Background* VendureTest::server_ = nullptr;
int VendureTest::port_ = 0;
boost::json::value* VendureTest::vendure_view_ = nullptr;

TEST_F(VendureTest, GivesTheHandComputedDays) {
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = metrics("2026-03-28", "2026-03-31");
  // The scenario's orders on 03-28 to 03-30, as in every source: only the refunds' day differs.
  EXPECT_EQ(field(m, "/days/0/orders"), "1");
  EXPECT_EQ(field(m, "/days/0/total_sales"), "\"126.00\"");
  EXPECT_EQ(field(m, "/days/1/orders"), "2");  // 102 (00:30 CET) and 103 (23:30 CEST)
  EXPECT_EQ(field(m, "/days/1/gross_sales"), "\"70.00\"");
  EXPECT_EQ(field(m, "/days/1/discounts"), "\"4.00\"");  // 103's coupon, 10 % of 40.00
  EXPECT_EQ(field(m, "/days/1/taxes"), "\"11.30\"");
  EXPECT_EQ(field(m, "/days/1/total_sales"), "\"82.30\"");
  EXPECT_EQ(field(m, "/days/1/new_customers"), "2");
  EXPECT_EQ(field(m, "/days/2/orders"), "1");  // 105; 104 was cancelled, 106 never paid
  EXPECT_EQ(field(m, "/days/2/returning_customers"), "1");
  EXPECT_EQ(field(m, "/totals/orders"), "4");
  EXPECT_EQ(field(m, "/totals/customers"), "3");
  // Both refunds, 43.20 (103's pillow) and 72.00 (105), on the day they were made.
  auto day = metrics(refund_day(), refund_day());
  EXPECT_EQ(field(day, "/days/0/returns"), "\"96.00\"");  // 36.00 + 60.00
  EXPECT_EQ(field(day, "/days/0/taxes"), "\"-19.20\"");  // 7.20 + 12.00
}

TEST_F(VendureTest, TotalsAgreeWithVenduresOwn) {
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  // What Vendure says: totalWithTax of its paid orders, less the refunds it settled.
  std::int64_t paid = 0, refunded = 0;
  int orders = 0;
  for (const auto& o : vendure_view_->as_array()) {
    if (o.at("state") != "PaymentSettled") continue;
    ++orders;
    paid += o.at("totalWithTax").as_int64();
    for (const auto& p : o.at("payments").as_array())
      for (const auto& r : p.at("refunds").as_array())
        if (r.at("state") == "Settled") refunded += r.at("total").as_int64();
  }
  EXPECT_EQ(orders, 4);
  auto m = metrics("2026-03-01", refund_day());
  EXPECT_EQ(field(m, "/totals/orders"), std::to_string(orders));
  char expected[32];
  std::snprintf(expected, sizeof expected, "\"%.2f\"", static_cast<double>(paid - refunded) / 100.0);
  EXPECT_EQ(field(m, "/totals/total_sales"), expected);  // 126.00 + 33.10 + 49.20 + 72.00 - 43.20 - 72.00
  EXPECT_EQ(field(m, "/totals/total_sales"), "\"165.10\"");
}

TEST_F(VendureTest, AnIncrementalSyncReadsNothingNewTwice) {
  auto first = sextant({"sync"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = sextant({"sync"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto before = boost::json::serialize(metrics("2026-03-01", refund_day()));
  ASSERT_EQ(sextant({"sync", "--full"}).exit_code, 0);
  EXPECT_EQ(boost::json::serialize(metrics("2026-03-01", refund_day())), before);
}

TEST_F(VendureTest, WithPlausibleBesideItEveryDayHasItsConversionRate) {
  // Visits on the scenario's days; Plausible (its fake, on the real clock like Vendure) leaves out
  // the days without visit, which are then 0 up to today.
  write_file(dir_ / "visits.json", R"({"2026-03-28": 100, "2026-03-29": 80, "2026-03-30": 50})");
  FakeServer plausible("fake_plausible.py", {"--visits", (dir_ / "visits.json").string(), "--timezone", "Europe/Paris"});
  std::string with_orders = vendure_source();
  with_orders.insert(with_orders.find(R"("settings")"), R"("facts": ["orders"], )");
  write_file(dir_ / "sextant.json", R"({"sources": [)" + with_orders + R"(, {"name": "plausible", "plugin": "plausible",
    "facts": ["sessions"], "settings": {"url": ")" + plausible.url() + R"(", "allow_insecure_http": true,
    "site_id": "shop.example", "api_key": {"env": "PLAUSIBLE_KEY"}, "timezone": "Europe/Paris", "since": "2026-03-28"}}]})");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = metrics("2026-03-28", "2026-03-31");
  EXPECT_EQ(field(m, "/days/0/sessions"), "100");
  EXPECT_EQ(field(m, "/days/0/conversion_rate"), "1E-2");  // 1 order (101) / 100
  EXPECT_EQ(field(m, "/days/1/sessions"), "80");
  EXPECT_EQ(field(m, "/days/1/conversion_rate"), "2.5E-2");  // 2 orders (102, 103) / 80
  EXPECT_EQ(field(m, "/days/2/sessions"), "50");
  EXPECT_EQ(field(m, "/days/2/conversion_rate"), "2E-2");  // 1 order (105) / 50
  EXPECT_EQ(field(m, "/days/3/sessions"), "0");  // no visit, no order: no rate
  EXPECT_EQ(field(m, "/days/3/conversion_rate"), "null");
  // 4 orders / (100 + 80 + 50 + 0) = 4 / 230.
  EXPECT_DOUBLE_EQ(m.at_pointer("/totals/conversion_rate").as_double(), 4.0 / 230);
  // Every held day has its sessions: the report names no day without them.
  auto report = sextant({"report", "--format", "json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(field(boost::json::parse(report.out), "/steps/review/sessions_unknown"), "[]");
  auto dashboard = sextant({"dashboard", "--out", "dashboard.html"});
  ASSERT_EQ(dashboard.exit_code, 0) << dashboard.err;
  EXPECT_NE(read_file(dir_ / "dashboard.html").find("conversion_rate"), std::string::npos);
}

TEST_F(VendureTest, ABadPasswordIsSaidPlainly) {
  auto r = sextant({"check"}, "wrong");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "source vendure: Vendure refused the login of \"superadmin\": The provided credentials are invalid\n");
}

}  // namespace
}  // namespace sextant::test
