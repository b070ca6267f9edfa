// source-woocommerce end to end: the sextant program against a fake WooCommerce (real HTTP on
// 127.0.0.1, tests/fakes/fake_woocommerce.py) that follows the REST v3 contract: OAuth 1.0a over
// HTTP, Basic over HTTPS, pages by id with X-WP-TotalPages, refunds on their own endpoint,
// WooCommerce's errors, and injected faults.
#include "support/fake_server.hpp"
#include "support/process.hpp"
#include "shop_scenario.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <random>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

class WooTest : public ::testing::Test {
 protected:
  // A plan for a shop in Paris and a config pointing at the fake with the given auth.
  void workspace(const FakeServer& shop, const std::string& extra_settings = "", const std::string& http = "") {
    write_file(here_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(here_ / "sextant.json", R"({"sources": [{"name": "woo", "plugin": "woocommerce", "settings": {"url": ")" +
                                          shop.url() + R"(", "consumer_key": {"env": "WC_KEY"},
                                          "consumer_secret": {"env": "WC_SECRET"})" +
                                          extra_settings + "}" + (http.empty() ? "" : ", \"http\": " + http) + "}]}");
  }
  ProcessResult sextant(std::vector<std::string> args, const std::string& secret = "cs_test") {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {here_, {{"WC_KEY", "ck_test"}, {"WC_SECRET", secret}}});
  }
  boost::json::value metrics(const std::string& from = "2026-03-28", const std::string& to = "2026-04-02") {
    auto r = sextant({"--format", "json", "metrics", "--from", from, "--to", to});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  static std::string fixture() { return (source_dir() / "tests/data/woocommerce/orders.json").string(); }

  ScratchDir dir_;
  fs::path here_ = dir_.path();  // the workspace the helpers use
};

TEST_F(WooTest, OAuthOverHttpGivesTheHandComputedDays) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop);
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "woo: 6 orders, 2 refunds in 1 pages (" + r.out.substr(r.out.find('(') + 1));
  expect_hand_computed_days(metrics());
  EXPECT_EQ(sextant({"check"}).out, "source woo: ok\n");
}

TEST_F(WooTest, BasicAuthOverVerifiedTls) {
  make_certificate(dir_.path());
  const std::string cert = (dir_ / "cert.pem").string();
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture(), "--tls", cert, (dir_ / "key.pem").string()}, cert);
  workspace(shop, "", R"({"ca_file": "cert.pem"})");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_hand_computed_days(metrics());
  // Without the CA, TLS verification refuses the self-signed certificate.
  workspace(shop);
  r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("source woo: GET " + shop.url() + "/wp-json/wc/v3/orders: TLS verification failed"),
            std::string::npos)
      << r.out;
}

TEST_F(WooTest, SaysPlainlyWhenTheKeyIsWrong) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop);
  auto r = sextant({"check"}, "cs_wrong");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "source woo: GET " + shop.url() +
                       "/wp-json/wc/v3/orders: HTTP 401: Invalid signature - provided signature does not match. — "
                       "check the consumer key and secret, and that the key has Read permission\n");
}

TEST_F(WooTest, RidesOutThrottlingServerErrorsResetsAndTruncatedBodies) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop, "", R"({"max_attempts": 6, "backoff_base_ms": 20})");
  shop.control("POST", "/__control/faults",
               R"([{"status": 429, "retry_after": 1}, {"status": 503}, {"status": 502}, {"reset": true},
                   {"truncate": true}, {"status": 500}])");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_hand_computed_days(metrics());
  auto stats = shop.stats();
  EXPECT_EQ(stats.at("by_status").at("429"), 1);
}

TEST_F(WooTest, AnHtmlPageIsAClearErrorAndNothingIsStored) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop);
  shop.control("POST", "/__control/faults", R"([{"html": true}])");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("sextant: source woo stopped after 0 pages: GET " + shop.url() +
                       "/wp-json/wc/v3/orders: expected JSON but got text/html (HTTP 200, page titled \"Robot "
                       "challenge\"): a login, error or bot-protection page?"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(field(metrics(), "/totals/orders"), "0");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);  // the page is gone: the next sync completes
  expect_hand_computed_days(metrics());
}

TEST_F(WooTest, AnAmountAboveTheBoundNamesItsOrderAndFieldAndNothingIsStored) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop);
  // 100 000 000 000.01 EUR: one cent above the bound of 10^13 minor units.
  shop.control("POST", "/__control/modify",
               R"({"id": 101, "line_items": [{"id": 1, "quantity": 2, "subtotal": "100000000000.01", "total": "100.00"}]})");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("WooCommerce sent order 101, line_items/0/subtotal: \"100000000000.01\" is too large: an "
                       "amount is at most 100000000000.00 (10^13 minor units)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(field(metrics(), "/totals/orders"), "0");
  // At the bound exactly, the order is read: its subtotal is its gross sales.
  shop.control("POST", "/__control/modify",
               R"({"id": 101, "line_items": [{"id": 1, "quantity": 2, "subtotal": "100000000000.00", "total": "100.00"}]})");
  r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(field(metrics("2026-03-28", "2026-03-28"), "/totals/gross_sales"), "\"100000000000.00\"");
}

TEST_F(WooTest, NoSecretReachesAnyOutputEvenAtDebugLevel) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture(), "--key", "ck_K3Y_visible", "--secret", "cs_S3CR3T_x"});
  workspace(shop);
  shop.control("POST", "/__control/faults", R"([{"status": 503}, {"status": 401}])");
  std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05", "--verbose", "sync"};
  auto r = run(argv, {dir_.path(), {{"WC_KEY", "ck_K3Y_visible"}, {"WC_SECRET", "cs_S3CR3T_x"}}});
  EXPECT_NE(r.err.find("debug [source woo] GET"), std::string::npos) << r.err;  // it did log at debug
  for (const char* secret : {"ck_K3Y_visible", "cs_S3CR3T_x"}) {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << secret;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << secret;
  }
  auto db = read_file(here_ / "sextant.db");
  EXPECT_EQ(db.find("cs_S3CR3T_x"), std::string::npos);
}

// Generated orders, more than one page; the checks compare Sextant with itself across ways of
// syncing, the hand-computed days being above.
class WooPagesTest : public WooTest {};

TEST_F(WooPagesTest, OrdersModifiedDuringASyncAreCaughtByTheNext) {
  FakeServer shop("fake_woocommerce.py", {"--generate", "2500", "--seed", "3"});
  workspace(shop);
  // Once page 1 is served: an order of page 1 is cancelled (already read) and one of page 20
  // changes its total (not read yet); both get a new modification time.
  shop.control("POST", "/__control/modify-after-page",
               R"({"page": 1, "changes": [{"id": 17, "status": "cancelled"}, {"id": 1950, "total_tax": "99.00"}]})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);  // incremental: from the first sync's start
  auto incremental = metrics("2024-01-01", "2026-04-04");
  ScratchDir fresh;
  here_ = fresh.path();  // a full sync of the shop as it is now, into a new ledger
  workspace(shop);
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(boost::json::serialize(metrics("2024-01-01", "2026-04-04")), boost::json::serialize(incremental));
}

TEST_F(WooPagesTest, KilledAtTwentyRandomMomentsAndResumedGivesTheSameMetrics) {
  FakeServer shop("fake_woocommerce.py", {"--generate", "6000", "--seed", "5"});
  ScratchDir reference;
  here_ = reference.path();
  workspace(shop);
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(sextant({"-q", "sync"}).exit_code, 0);
  auto full = std::chrono::steady_clock::now() - started;
  const auto expected = boost::json::serialize(metrics("2024-01-01", "2026-04-04"));
  here_ = dir_.path();

  workspace(shop);
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<long> delay(0, std::chrono::duration_cast<std::chrono::microseconds>(full).count() / 8);
  int kills = 0;
  for (int attempt = 0; kills < 20 && attempt < 200; ++attempt) {
    auto sync = kill_after({sextant_program(), "--today", "2026-04-05", "-q", "sync"},
                           {here_, {{"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}}}, std::chrono::microseconds{delay(random)});
    if (sync.killed) ++kills;
  }
  ASSERT_GE(kills, 20);
  ASSERT_EQ(sextant({"-q", "sync"}).exit_code, 0);
  EXPECT_EQ(boost::json::serialize(metrics("2024-01-01", "2026-04-04")), expected);
}

}  // namespace
}  // namespace sextant::test
