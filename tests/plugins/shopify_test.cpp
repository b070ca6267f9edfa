// source-shopify end to end: the sextant program against a fake Shopify Admin GraphQL API (real
// HTTP on 127.0.0.1, tests/fakes/fake_shopify.py) that validates every query against the Admin
// API's schema and prices it as Shopify does, with the calculated-cost leaky bucket, THROTTLED
// answers in an HTTP 200, cursor pages, bulk operations in JSONL, ShopifyQL sessions, expiring
// client-credentials tokens, and the faults Shopify and its edge answer with.
#include "shop_scenario.hpp"
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
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
  static std::vector<std::string> orders(const std::string& file) {
    return {"--orders", (source_dir() / "tests/data/shopify" / file).string()};
  }

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
  // 300 orders without refunds, of at most 3 lines. One order of the page query costs 112 (see
  // shopify_cost_test: 20 for its own fields, 2 + 10 x 9 for its first 10 line items), so pages
  // hold (1000 - 2) / 112 = 8 orders at 2 + 8 x 112 = 898 points: 38 pages (37 x 8 + 4), each
  // asked at first: 8. With the count (1) and the sessions (3): 1 + 38 x 898 + 3 = 34 128 points
  // requested, through a bucket of 1000 that restores 1000 a second. Paced on the
  // throttleStatus each answer carries, the fake (which keeps its bucket in real time, as Shopify
  // does) refuses at most once. A slower machine only leaves the bucket fuller.
  FakeServer shop("fake_shopify.py", {"--generate", "300", "--refund-every", "0", "--bucket", "1000", "--restore", "1000"});
  workspace(shop, token());
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto stats = shop.stats();
  EXPECT_EQ(stats.at("requested_cost").to_number<int>(), 34128);
  EXPECT_EQ(stats.at("max_requested_cost").to_number<int>(), 898);
  EXPECT_LE(stats.at("throttled").to_number<int>(), 1);
}

TEST_F(ShopifyTest, ReadsTheLineItemsBeyondThoseOfThePage) {
  // 9 orders of 25 line items: two pages (8 and 1 orders, 898 points each) bring each order's
  // first 10; the other 15 of each come in a query of their own, node(id) { ... on Order {
  // lineItems(first: 110) } }: 1 + 2 + 110 x 9 = 993 points, 110 being the most lines under 1 000.
  // Requests: the count, 2 pages, 9 line queries, the sessions; points 1 + 2 x 898 + 9 x 993 + 3 =
  // 10 737.
  FakeServer shop("fake_shopify.py",
                  {"--generate", "9", "--lines", "25", "--refund-every", "0", "--restore", "1000000"});
  workspace(shop, token());
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto stats = shop.stats();
  EXPECT_EQ(stats.at("requests"), 13);
  EXPECT_EQ(stats.at("requested_cost"), 10737);
  EXPECT_EQ(stats.at("max_requested_cost"), 993);
}

TEST_F(ShopifyTest, TheFakeRefusesWhatShopifyRefuses) {
  FakeServer shop("fake_shopify.py", {"--generate", "10"});
  auto ask = [&](const std::string& query) {
    auto answer = http_call("POST", shop.url() + "/admin/api/2025-10/graphql.json",
                            {{"X-Shopify-Access-Token", "shpat_test"}, {"Content-Type", "application/json"}},
                            boost::json::serialize(boost::json::object{{"query", query}}));
    EXPECT_EQ(answer.status, 200);  // GraphQL errors come in a 200
    return boost::json::parse(answer.body);
  };
  auto unknown = ask("{ orders(first: 1) { nodes { id grossSales } } }");
  EXPECT_EQ(field(unknown, "/errors/0/message"), "\"Field 'grossSales' doesn't exist on type 'Order'\"");
  EXPECT_EQ(field(unknown, "/errors/0/extensions/code"), "\"undefinedField\"");
  // The page this source sent before: 100 orders, each with refundLineItems(first: 50) (2 + 50 x 5
  // = 252) and refundShippingLines(first: 5) (2 + 5 x 5 = 27) in every refund (1 + 252 + 27 =
  // 280), beside the order's own 14: 2 + 100 x (14 + 280) = 29 402 points.
  auto dear = ask(
      "{ orders(first: 100) { nodes { id legacyResourceId createdAt customer { id } subtotalPriceSet { shopMoney { "
      "amount } } totalDiscountsSet { shopMoney { amount } } totalShippingPriceSet { shopMoney { amount } } totalTaxSet "
      "{ shopMoney { amount } } shippingLine { taxLines { priceSet { shopMoney { amount } } } } refunds { id "
      "refundLineItems(first: 50) { nodes { subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } } } "
      "} refundShippingLines(first: 5) { nodes { subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { "
      "amount } } } } } } } }");
  EXPECT_EQ(field(dear, "/errors/0/extensions/code"), "\"MAX_COST_EXCEEDED\"");
  EXPECT_EQ(field(dear, "/errors/0/extensions/cost"), "29402");
  EXPECT_EQ(field(dear, "/errors/0/extensions/maxCost"), "1000");
  auto unsized = ask("{ orders { nodes { id } } }");
  EXPECT_EQ(field(unsized, "/errors/0/message"), "\"you must provide one of first or last\"");
  EXPECT_EQ(shop.stats().at("max_cost_exceeded"), 1);
}

TEST_F(ShopifyTest, AQueryRefusedAsTooDearNamesThePageSizeSetting) {
  // A Shopify that prices higher than this source (here, a limit of 500): the message says what to change.
  auto args = fixture();
  args.insert(args.end(), {"--max-cost", "500"});
  FakeServer shop("fake_shopify.py", args);
  workspace(shop, token());
  auto r = sextant({"sync"});
  EXPECT_NE(r.exit_code, 0);
  // The page of 8 orders at 898 points (see PacesItselfOnTheCostBucket), as the fake priced it.
  EXPECT_NE(r.err.find("Shopify refused a query of 898 points as over its single-query cost limit (MAX_COST_EXCEEDED): "
                       "set a smaller \"page_size\" in the source's settings (now 8 orders a page)"),
            std::string::npos)
      << r.err;
}

// 3 000 generated orders (one in ten with a refund), synced once without faults and once with 20 %
// of the API requests failing in every way the fake knows; the days must be the same.
class ShopifyFaultTest : public ShopifyTest {
 protected:
  boost::json::value days(const std::vector<std::string>& faults, const std::string& settings) {
    std::vector<std::string> args{"--generate", "3000", "--bucket", "1000", "--restore", "1000000"};
    args.insert(args.end(), faults.begin(), faults.end());
    FakeServer shop("fake_shopify.py", args);
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) std::filesystem::remove_all(e.path());
    workspace(shop, std::string(token()) + settings);
    // Quick backoff: the test is about finishing, not about how long the waits are.
    auto config = read_file(dir_ / "sextant.json");
    config.insert(config.find("\"settings\""), R"("http": {"backoff_base_ms": 20}, )");
    write_file(dir_ / "sextant.json", config);
    auto r = sextant({"sync"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    log_ = r.err;
    stats_ = shop.stats();
    return metrics("2025-01-01", "2025-01-31");
  }
  boost::json::object stats_;
  std::string log_;
};

TEST_F(ShopifyFaultTest, PagedSyncFinishesThroughTwentyPercentFaults) {
  auto clean = days({}, "");
  // The default configuration's dearest query: the orders page of 8 at 2 + 8 x 112 = 898 points
  // (a refunds query of 3 costs 3 x 280 = 840), never over 1 000.
  EXPECT_EQ(stats_.at("max_requested_cost"), 898);
  EXPECT_EQ(stats_.at("max_cost_exceeded"), 0);
  auto faulty = days({"--fault-rate", "0.2", "--fault-seed", "7"}, "");
  EXPECT_GT(stats_.at("faults").to_number<int>(), 100);  // about 0.2 x 800 requests
  EXPECT_EQ(stats_.at("max_requested_cost"), 898);
  EXPECT_EQ(field(clean, "/totals/orders"), "3000");
  EXPECT_EQ(faulty.at("days"), clean.at("days"));
  EXPECT_EQ(faulty.at("totals"), clean.at("totals"));
}

TEST_F(ShopifyFaultTest, BulkSyncFinishesThroughTwentyPercentFaults) {
  auto clean = days({}, R"(, "bulk_threshold": 1)");
  // With this seed the start of the bulk operation draws a 5xx, answered after the operation
  // started (the fake's random 5xx on a mutation): the source finds it running
  // (currentBulkOperation) and takes it up instead of starting a second one.
  auto faulty = days({"--fault-rate", "0.2", "--fault-seed", "45"}, R"(, "bulk_threshold": 1)");
  EXPECT_NE(log_.find("the bulk operation did not start (POST"), std::string::npos) << log_;
  EXPECT_EQ(stats_.at("bulk_operations"), 1);
  EXPECT_EQ(field(clean, "/totals/orders"), "3000");
  EXPECT_EQ(faulty.at("days"), clean.at("days"));
  EXPECT_EQ(faulty.at("totals"), clean.at("totals"));
}

TEST_F(ShopifyTest, ABulkStartWhoseAnswerIsLostIsNotStartedTwice) {
  FakeServer shop("fake_shopify.py", fixture());
  workspace(shop, std::string(token()) + R"(, "bulk_threshold": 3)");
  shop.control("POST", "/__control/faults", R"([{"status": 503, "after": true, "on": "bulkOperationRunQuery"}])");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(shop.stats().at("bulk_operations"), 1);
  expect_hand_computed_days(metrics());
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
  EXPECT_EQ(field(m, "/totals/sessions"), "null");  // unknown, not 0: no source brought any
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
  // A bucket that refills at once: how long a retry waits for the bucket is the core's to test.
  auto args = fixture();
  args.insert(args.end(), {"--restore", "1000000"});
  FakeServer shop("fake_shopify.py", args);
  workspace(shop, token());
  shop.control("POST", "/__control/faults",
               // Three a query, within the six tries a request has.
               R"([{"status": 503, "on": "ordersCount"}, {"status": 429, "retry_after": 1, "on": "ordersCount"},
                   {"reset": true, "on": "ordersCount"}, {"truncate": true, "on": "query Orders"},
                   {"json_half": true, "on": "query Orders"}, {"html": true, "on": "query Orders"},
                   {"maintenance": true, "on": "shopifyqlQuery"}, {"internal": true, "on": "shopifyqlQuery"}])");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  expect_hand_computed_days(metrics());
  EXPECT_EQ(shop.stats().at("faults"), 8);
}

// The hand-computed orders of tests/data/shopify/allocations_taxes_included.json (shopify_mapping_test.cpp
// shows each line's arithmetic), day by day in Paris: Shopify's report figures to the cent.
void expect_tax_inclusive_days(const boost::json::value& m) {
  // 03-10, order 2001: gross 49.98 + 14.12, discounts 8.76 + 1.41, net 53.93, shipping 4.90 − 0.82,
  // taxes 8.25 + 0.70 + 0.82; total 53.93 + 4.08 + 9.77 = 67.78, what the customer paid.
  EXPECT_EQ(field(m, "/days/0/gross_sales"), "\"64.10\"");
  EXPECT_EQ(field(m, "/days/0/discounts"), "\"10.17\"");
  EXPECT_EQ(field(m, "/days/0/net_sales"), "\"53.93\"");
  EXPECT_EQ(field(m, "/days/0/shipping"), "\"4.08\"");
  EXPECT_EQ(field(m, "/days/0/taxes"), "\"9.77\"");
  EXPECT_EQ(field(m, "/days/0/total_sales"), "\"67.78\"");
  // 03-11, order 2002: gross 100.00 + 28.44, discounts 10.00 + 2.85, net 115.59; free shipping;
  // taxes 18.00 + 1.41; total 135.00.
  EXPECT_EQ(field(m, "/days/1/gross_sales"), "\"128.44\"");
  EXPECT_EQ(field(m, "/days/1/discounts"), "\"12.85\"");
  EXPECT_EQ(field(m, "/days/1/shipping"), "\"0.00\"");
  EXPECT_EQ(field(m, "/days/1/taxes"), "\"19.41\"");
  EXPECT_EQ(field(m, "/days/1/total_sales"), "\"135.00\"");
  // 03-13, 2002's book returned: 13.50 less its 0.70 tax.
  EXPECT_EQ(field(m, "/days/3/returns"), "\"12.80\"");
  EXPECT_EQ(field(m, "/days/3/taxes"), "\"-0.70\"");
  EXPECT_EQ(field(m, "/days/3/total_sales"), "\"-13.50\"");
  // The period: net 53.93 + 115.59 − 12.80 = 156.72; total 67.78 + 135.00 − 13.50 = 189.28.
  EXPECT_EQ(field(m, "/totals/net_sales"), "\"156.72\"");
  EXPECT_EQ(field(m, "/totals/total_sales"), "\"189.28\"");
}

TEST_F(ShopifyTest, TaxInclusiveDaysAreShopifysOwnFromItsAllocations) {
  FakeServer shop("fake_shopify.py", orders("allocations_taxes_included.json"));
  workspace(shop, token());
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  expect_tax_inclusive_days(metrics("2026-03-10", "2026-03-13"));
}

TEST_F(ShopifyTest, TaxInclusiveDaysAreTheSameThroughABulkOperation) {
  FakeServer shop("fake_shopify.py", orders("allocations_taxes_included.json"));
  workspace(shop, std::string(token()) + R"(, "bulk_threshold": 1)");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  EXPECT_EQ(shop.stats().at("bulk_operations"), 1);
  expect_tax_inclusive_days(metrics("2026-03-10", "2026-03-13"));
}

TEST_F(ShopifyTest, TaxExclusiveDaysAreShopifysOwnFromItsAllocations) {
  FakeServer shop("fake_shopify.py", orders("allocations_taxes_excluded.json"));
  workspace(shop, token());
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  auto m = metrics("2026-03-10", "2026-03-13");
  // 03-10, order 3001: gross 38.97 + 45.00, discounts (7.79 + 4.09) + 5.91, net 66.18; shipping
  // 7.50 less its 2.50 discount; taxes 5.42 + 2.15 + 1.00; total 66.18 + 5.00 + 8.57 = 79.75.
  EXPECT_EQ(field(m, "/days/0/gross_sales"), "\"83.97\"");
  EXPECT_EQ(field(m, "/days/0/discounts"), "\"17.79\"");
  EXPECT_EQ(field(m, "/days/0/net_sales"), "\"66.18\"");
  EXPECT_EQ(field(m, "/days/0/shipping"), "\"5.00\"");
  EXPECT_EQ(field(m, "/days/0/taxes"), "\"8.57\"");
  EXPECT_EQ(field(m, "/days/0/total_sales"), "\"79.75\"");
  // 03-11, order 3002: gross 50.00 + 10.00, discounts 7.50 + 1.50, shipping 5.00, taxes 8.50 +
  // 1.70 + 1.00; total 51.00 + 5.00 + 11.20 = 67.20.
  EXPECT_EQ(field(m, "/days/1/gross_sales"), "\"60.00\"");
  EXPECT_EQ(field(m, "/days/1/discounts"), "\"9.00\"");
  EXPECT_EQ(field(m, "/days/1/taxes"), "\"11.20\"");
  EXPECT_EQ(field(m, "/days/1/total_sales"), "\"67.20\"");
  // 03-13, 3002's refund: goods 21.25 (+ 4.25 tax), shipping 5.00 (+ 1.00 tax); total −31.50.
  EXPECT_EQ(field(m, "/days/3/returns"), "\"21.25\"");
  EXPECT_EQ(field(m, "/days/3/shipping"), "\"-5.00\"");
  EXPECT_EQ(field(m, "/days/3/taxes"), "\"-5.25\"");
  EXPECT_EQ(field(m, "/days/3/total_sales"), "\"-31.50\"");
  // The period: net 66.18 + 51.00 − 21.25 = 95.93; total 79.75 + 67.20 − 31.50 = 115.45.
  EXPECT_EQ(field(m, "/totals/net_sales"), "\"95.93\"");
  EXPECT_EQ(field(m, "/totals/total_sales"), "\"115.45\"");
}

}  // namespace
}  // namespace sextant::test
