// source-shopify end to end: the sextant program against a fake Shopify Admin GraphQL API (real
// HTTP on 127.0.0.1, tests/fakes/fake_shopify.py) with the calculated-cost leaky bucket,
// THROTTLED answers in an HTTP 200, cursor pages, bulk operations in JSONL, ShopifyQL sessions and
// expiring client-credentials tokens.
#include "shop_scenario.hpp"
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

namespace sextant::test {
namespace {

class ShopifyTest : public ::testing::Test {
 protected:
  void workspace(const FakeServer& shop, const std::string& settings) {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(dir_ / "sextant.json", R"({"sources": [{"name": "shopify", "plugin": "shopify", "settings": {"url": ")" +
                                          shop.url() + "\", \"allow_insecure_http\": true, " + settings + "}}]}");
  }
  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-04-05"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {{"SHOPIFY_TOKEN", "shpat_test"}, {"SHOPIFY_SECRET", "client-secret"}}});
  }
  boost::json::value metrics(const std::string& from = "2026-03-28", const std::string& to = "2026-04-02") {
    auto r = sextant({"--format", "json", "metrics", "--from", from, "--to", to});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return boost::json::parse(r.out);
  }
  static std::vector<std::string> fixture() {
    return {"--orders", (source_dir() / "tests/data/shopify/orders.json").string(), "--sessions",
            (source_dir() / "tests/data/shopify/sessions.json").string()};
  }
  static const char* token() { return R"("access_token": {"env": "SHOPIFY_TOKEN"})"; }

  ScratchDir dir_;
};

TEST_F(ShopifyTest, GivesTheHandComputedDaysWithSessions) {
  FakeServer shop("fake_shopify.py", fixture());
  workspace(shop, token());
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = metrics();
  expect_hand_computed_days(m);  // the test order (106) and the pending one (107) do not count
  EXPECT_EQ(field(m, "/days/0/sessions"), "1000");
  EXPECT_EQ(field(m, "/days/0/conversion_rate"), "1E-3");  // 1 order / 1000 sessions
  EXPECT_EQ(field(m, "/totals/sessions"), "5550");
  EXPECT_EQ(sextant({"check"}).out, "source shopify: ok\n");
}

TEST_F(ShopifyTest, RenewsClientCredentialTokensBeforeTheyExpire) {
  // Tokens that live 4 minutes are inside the 5-minute margin from the start: each call asks
  // for a new one, and none is ever used expired.
  auto args = fixture();
  args.insert(args.end(), {"--token-lifetime", "240"});
  FakeServer shop("fake_shopify.py", args);
  workspace(shop, R"("client_id": "client", "client_secret": {"env": "SHOPIFY_SECRET"})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  expect_hand_computed_days(metrics());
  auto stats = shop.stats();
  EXPECT_EQ(stats.at("tokens_issued"), stats.at("requests"));
  // Tokens that live a day: one for the whole sync.
  FakeServer lasting("fake_shopify.py", fixture());
  workspace(lasting, R"("client_id": "client", "client_secret": {"env": "SHOPIFY_SECRET"})");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(lasting.stats().at("tokens_issued"), 1);
}

TEST_F(ShopifyTest, PacesItselfOnTheCostBucket) {
  // 2000 orders, 250 a page: 8 pages of 2 + 250 x 3 = 752 points, with a count (1) and the
  // sessions (10): 6027 points through a bucket of 1000 that restores 500 a second. Unpaced, the
  // pages would drain it on the second page and be refused from then on; paced on the
  // throttleStatus each answer carries, the fake (which keeps its bucket in real time, as Shopify
  // does) refuses at most once. A slower machine only leaves the bucket fuller.
  FakeServer shop("fake_shopify.py", {"--generate", "2000", "--bucket", "1000", "--restore", "500"});
  workspace(shop, std::string(token()) + R"(, "page_size": 250)");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto stats = shop.stats();
  EXPECT_EQ(stats.at("requested_cost").to_number<int>(), 6027);
  EXPECT_LE(stats.at("throttled").to_number<int>(), 1);
}

TEST_F(ShopifyTest, BackfillsThroughABulkOperation) {
  FakeServer shop("fake_shopify.py", fixture());
  workspace(shop, std::string(token()) + R"(, "bulk_threshold": 3)");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(shop.stats().at("bulk_operations"), 1);
  expect_hand_computed_days(metrics());
  // The next sync reads the few orders updated since: pages, not a bulk operation.
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(shop.stats().at("bulk_operations"), 1);
}

TEST_F(ShopifyTest, WithoutReadReportsThereAreNoSessionsAndAWarning) {
  auto args = fixture();
  args.insert(args.end(), {"--scopes", "read_orders,read_all_orders"});
  FakeServer shop("fake_shopify.py", args);
  workspace(shop, token());
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning [source shopify] no sessions: the token may not read reports (read_reports)"),
            std::string::npos)
      << r.err;
  auto m = metrics();
  expect_hand_computed_days(m);
  EXPECT_EQ(field(m, "/totals/sessions"), "0");
}

TEST_F(ShopifyTest, CheckSaysWhenOrdersOlderThanSixtyDaysAreHidden) {
  auto args = fixture();
  args.insert(args.end(), {"--scopes", "read_orders,read_reports"});
  FakeServer shop("fake_shopify.py", args);
  workspace(shop, token());
  auto r = sextant({"check"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "source shopify: the token may read only the last 60 days of orders: grant it read_all_orders, "
                   "or the history before that will be missing\n");
}

TEST_F(ShopifyTest, RidesOutServerErrorsAndRateLimitAnswers) {
  FakeServer shop("fake_shopify.py", fixture());
  workspace(shop, token());
  shop.control("POST", "/__control/faults", R"([{"status": 503}, {"status": 429, "retry_after": 1}, {"reset": true}])");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  expect_hand_computed_days(metrics());
}

}  // namespace
}  // namespace sextant::test
