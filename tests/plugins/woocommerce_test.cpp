// source-woocommerce end to end: the sextant program against a fake WooCommerce (real HTTP on
// 127.0.0.1, tests/fakes/fake_woocommerce.py) that follows the REST v3 contract: OAuth 1.0a over
// HTTP, Basic over HTTPS, pages by id with X-WP-TotalPages, refunds on their own endpoint,
// WooCommerce's errors, and injected faults.
#include "support/fake_server.hpp"
#include "support/process.hpp"
#include "support/ledger_rows.hpp"
#include "shop_scenario.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <random>
#include <thread>

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
  // Over HTTPS a 401 is the key or its permission.
  r = sextant({"check"}, "cs_wrong");
  EXPECT_EQ(r.out, "source woo: GET " + shop.url() +
                       "/wp-json/wc/v3/orders: HTTP 401: Consumer key is invalid. — check the consumer key and "
                       "secret, and that the key has Read permission\n");
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
  // Over plain HTTP the signature is OAuth 1.0a, which many servers refuse whatever the key.
  EXPECT_EQ(r.out, "source woo: GET " + shop.url() +
                       "/wp-json/wc/v3/orders: HTTP 401: Invalid signature - provided signature does not match. — "
                       "over plain HTTP Sextant signs with OAuth 1.0a, which many servers refuse (a security plugin, "
                       "a proxy or a host that drops the oauth_* parameters): use the shop's https:// address if it "
                       "has one; else check the consumer key and secret, and that the key has Read permission\n");
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

TEST_F(WooTest, ACaptchaPageIsAskedAgainThenAClearErrorAndNothingIsStored) {
  FakeServer shop("fake_woocommerce.py", {"--orders", fixture()});
  workspace(shop, "", R"({"max_attempts": 3, "backoff_base_ms": 20})");
  shop.control("POST", "/__control/faults", R"([{"html": true}, {"html": true}, {"html": true}])");
  auto r = sextant({"sync"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("sextant: source woo stopped after 0 pages: GET " + shop.url() +
                       "/wp-json/wc/v3/orders: expected JSON but got text/html; charset=UTF-8 (HTTP 200, page titled "
                       "\"Just a moment...\"), still failing after 3 attempts: a login, error or bot-protection page?"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(field(metrics(), "/totals/orders"), "0");
  // One captcha page only: asked again, the sync completes.
  shop.control("POST", "/__control/faults", R"([{"html": true}])");
  ASSERT_EQ(sextant({"sync"}).exit_code, 0);
  expect_hand_computed_days(metrics());
  EXPECT_EQ(shop.stats().at("faults").at("html"), 4);
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
class WooPagesTest : public WooTest {
 protected:
  struct Reference {
    std::string days;          // the daily metrics, serialized
    std::size_t pages_served;  // the orders pages the fake has served so far
  };
  // The shop synced once without a fault, into a workspace of its own: the days an interrupted
  // and resumed sync must end with.
  Reference uninterrupted_sync(FakeServer& shop) {
    ScratchDir reference;
    here_ = reference.path();
    workspace(shop);
    EXPECT_EQ(sextant({"-q", "sync"}).exit_code, 0);
    Reference r{boost::json::serialize(metrics("2024-01-01", "2026-04-04")),
                shop.stats().at("order_pages").as_array().size()};
    here_ = dir_.path();
    return r;
  }
};

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

// 3 000 generated orders: 30 pages of 100, and the refunds of about 4 % of them.
TEST_F(WooPagesTest, OneSyncUnderOneFaultInFiveOfEveryKindGivesTheFaultFreeDays) {
  const std::vector<std::string> shop_args{"--generate", "3000", "--seed", "7"};
  FakeServer clean("fake_woocommerce.py", shop_args);
  workspace(clean);
  auto reference = sextant({"sync"});
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const auto expected = boost::json::serialize(metrics("2024-01-01", "2026-04-04"));

  ScratchDir faulty;
  here_ = faulty.path();
  auto args = shop_args;
  for (const char* a : {"--fault-rate", "0.2", "--fault-seed", "11"}) args.emplace_back(a);
  FakeServer shop("fake_woocommerce.py", args);
  // Ten attempts: a request fails them all with odds of 0.2^10, about one in ten million. A short
  // backoff keeps the test quick; Retry-After (1 s) is honoured whatever it is.
  workspace(shop, "", R"({"max_attempts": 10, "backoff_base_ms": 20, "backoff_cap_seconds": 1})");
  auto r = sextant({"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The same orders, refunds and pages (each page stored once), and the same days to the cent.
  EXPECT_EQ(r.out.substr(0, r.out.find('(')), reference.out.substr(0, reference.out.find('(')));
  EXPECT_EQ(boost::json::serialize(metrics("2024-01-01", "2026-04-04")), expected);
  // Every kind of fault was met: the bag gives each kind once in every eight faults, and 3 000
  // orders take well over 40 requests (30 pages and about 120 refund lists), a fifth of them faulty.
  const auto faults = shop.stats().at("faults").as_object();
  for (const char* kind : {"429", "500", "502", "503", "reset", "truncate", "cut_json", "html"})
    EXPECT_GE(faults.contains(kind) ? faults.at(kind).as_int64() : 0, 1) << kind;
  EXPECT_NE(r.err.find("retrying in"), std::string::npos) << r.err;  // the retries are logged
}

TEST_F(WooPagesTest, ASyncAsksThroughAFewKeptAliveConnections) {
  FakeServer shop("fake_woocommerce.py", {"--generate", "3000", "--seed", "7"});
  workspace(shop, "", R"({"parallel": 3})");
  ASSERT_EQ(sextant({"-q", "sync"}).exit_code, 0);
  // 30 pages and the refunds of every refunded order, over at most http.parallel connections,
  // each kept alive from one request to the next.
  const auto stats = shop.stats();
  EXPECT_GT(stats.at("requests").as_int64(), 100);
  EXPECT_GE(stats.at("connections").as_int64(), 1);
  EXPECT_LE(stats.at("connections").as_int64(), 3);
}

std::vector<std::int64_t> sorted_pages(const boost::json::array& pages, std::size_t from) {
  std::vector<std::int64_t> out;
  for (std::size_t i = from; i < pages.size(); ++i) out.push_back(pages[i].as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::int64_t> page_range(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> out;
  for (auto p = first; p <= last; ++p) out.push_back(p);
  return out;
}

TEST_F(WooPagesTest, AReadStoppedAfterPageTwelveResumesAtPageThirteen) {
  FakeServer shop("fake_woocommerce.py", {"--generate", "3000", "--seed", "7"});
  const auto reference = uninterrupted_sync(shop);
  const std::string& expected = reference.days;
  const std::size_t reference_pages = reference.pages_served;
  ASSERT_EQ(reference_pages, 30u);

  workspace(shop, "", R"({"max_attempts": 2, "backoff_base_ms": 20})");
  // Page 13 fails both its attempts. Page 1 comes alone, then the window keeps http.parallel
  // (4) pages asked ahead of the one being stored: pages 1 to 12 are stored before the failure
  // ends the read, 14 to 16 were asked with 13 (the fake may have served them or not when the
  // read ended), never 17.
  shop.control("POST", "/__control/faults", R"([{"status": 503, "page": 13}, {"status": 503, "page": 13}])");
  auto stopped = sextant({"--verbose", "sync"});
  EXPECT_NE(stopped.exit_code, 0);
  EXPECT_NE(stopped.err.find("sextant: source woo stopped after 12 pages: GET " + shop.url() +
                             "/wp-json/wc/v3/orders: HTTP 503, still failing after 2 attempts"),
            std::string::npos)
      << stopped.err;
  auto served = shop.stats().at("order_pages").as_array();
  const auto first_run = sorted_pages(served, reference_pages);
  ASSERT_GE(first_run.size(), 12u);
  EXPECT_EQ(std::vector<std::int64_t>(first_run.begin(), first_run.begin() + 12), page_range(1, 12));
  for (std::size_t i = 12; i < first_run.size(); ++i) {
    EXPECT_GE(first_run[i], 14);
    EXPECT_LE(first_run[i], 16);
  }
  const std::size_t before_resume = served.size();

  auto resumed = sextant({"--verbose", "sync"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  // It reads from the stored cursor: the same list (every order, no since yet), its next page.
  const auto from = resumed.err.find("reading from cursor \"");
  ASSERT_NE(from, std::string::npos) << resumed.err;
  const auto line = resumed.err.substr(from, resumed.err.find('\n', from) - from);
  EXPECT_NE(line.find(R"("since":null)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("next_page":13)"), std::string::npos) << line;
  EXPECT_NE(resumed.err.find("info [source woo] resuming the read of orders modified at any time at page 13, after "
                             "the last run's page 12"),
            std::string::npos)
      << resumed.err;
  // The fake saw page 13 first, then 14 to 30, each once: nothing of pages 1 to 12 again.
  served = shop.stats().at("order_pages").as_array();
  ASSERT_GT(served.size(), before_resume);
  EXPECT_EQ(served[before_resume].as_int64(), 13);
  EXPECT_EQ(sorted_pages(served, before_resume), page_range(13, 30));
  EXPECT_EQ(resumed.out.substr(0, resumed.out.find(',')), "woo: 1800 orders");  // pages 13 to 30: 18 x 100
  EXPECT_NE(resumed.out.find(" in 18 pages"), std::string::npos) << resumed.out;
  // Nothing lost or doubled: the days of the uninterrupted sync.
  EXPECT_EQ(boost::json::serialize(metrics("2024-01-01", "2026-04-04")), expected);

  // The finished read leaves the first run's watermark (when the interrupted read began), not
  // the resume's start: what changed meanwhile on pages 1 to 12 is read by the next sync.
  const auto mark = line.find(R"("watermark":")");
  ASSERT_NE(mark, std::string::npos) << line;
  const std::string watermark = line.substr(mark + 13, line.find('"', mark + 13) - mark - 13);
  auto next = sextant({"--verbose", "sync"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.err.find("reading from cursor \"" + watermark + "\""), std::string::npos) << next.err;
}

TEST_F(WooPagesTest, ASyncKilledWhileAPageHangsResumesAfterTheLastStoredPage) {
  FakeServer shop("fake_woocommerce.py", {"--generate", "3000", "--seed", "7"});
  const auto reference = uninterrupted_sync(shop);
  const std::string& expected = reference.days;
  const std::size_t reference_pages = reference.pages_served;
  ASSERT_EQ(reference_pages, 30u);

  workspace(shop);
  // Page 13 hangs. Pages 1 to 11 are emitted, and the writer commits them within its commit age
  // while the read waits for 13: page 12 is mapped, its refunds asked, and it waits for page 13
  // to be mapped too (refunds travel while the next page is mapped). Pages 14 to 16 may be
  // served meanwhile, in the window.
  shop.control("POST", "/__control/faults", R"([{"delay_ms": 120000, "page": 13}])");
  Background sync({sextant_program(), "--today", "2026-04-05", "-q", "sync"}, here_,
                  {here_, {{"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}}});
  // Polled, not timed: the kill comes once the ledger's cursor says page 12 is next.
  auto stored_up_to_11 = [&] {
    return stored_cursor(here_ / "sextant.db", "woo").find(R"("next_page":12)") != std::string::npos;
  };
  for (int i = 0; i < 6000 && !stored_up_to_11(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds{10});
  ASSERT_TRUE(stored_up_to_11()) << stored_cursor(here_ / "sextant.db", "woo");
  sync.kill(SIGKILL);
  EXPECT_EQ(sync.wait().signal, SIGKILL);
  const std::size_t before_resume = shop.stats().at("order_pages").as_array().size();

  auto resumed = sextant({"--verbose", "sync"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  // The run log: the killed run is marked as such when the next one opens the ledger, and the
  // next one says where it takes up the read.
  EXPECT_EQ(runs_table(here_ / "sextant.db"),
            (std::vector<std::string>{"sync woo interrupted finished", "sync woo ok finished"}));
  EXPECT_NE(resumed.err.find("info [source woo] resuming the read of orders modified at any time at page 12, after "
                             "the last run's page 11"),
            std::string::npos)
      << resumed.err;
  // The fake's log: pages 12 to 30, each once; nothing of pages 1 to 11 again.
  auto pages = shop.stats().at("order_pages").as_array();
  EXPECT_EQ(pages[before_resume].as_int64(), 12);
  EXPECT_EQ(sorted_pages(pages, before_resume), page_range(12, 30));
  EXPECT_EQ(resumed.out.substr(0, resumed.out.find(',')), "woo: 1900 orders");  // pages 12 to 30: 19 x 100
  EXPECT_EQ(boost::json::serialize(metrics("2024-01-01", "2026-04-04")), expected);
}

}  // namespace
}  // namespace sextant::test
