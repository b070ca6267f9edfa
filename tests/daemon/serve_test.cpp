// `sextant serve` as a process: the token guards every route but /health and the webhooks, and a
// refused request runs nothing; webhooks need a valid HMAC and count once per delivery; SIGTERM
// in the middle of a sync leaves a ledger the next run completes; the run lock keeps a CLI sync
// out while the daemon syncs.
#include "daemon/listening.hpp"
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <thread>

namespace sextant::test {
namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kToken = "serve-test-token-0123456789";
constexpr const char* kWooSecret = "woo-webhook-secret";
constexpr const char* kShopifySecret = "shopify-webhook-secret";

// A workspace whose source is `source` (the demo shop unless given), served on a free port.
class Served {
 public:
  explicit Served(const json::object& source = {{"name", "shop"}, {"plugin", "demo"}, {"settings", {{"daily_orders", 5}}}},
                  std::vector<std::string> extra = {}) {
    write_file(dir_ / "plan.json", read_file(source_dir() / "examples/plan.json"));
    json::object config{
        {"plan", "plan.json"},
        {"sources", json::array{source}},
        {"serve", {{"token", {{"env", "SEXTANT_TOKEN"}}},
                   {"webhooks", {{"woocommerce", {{"env", "WOO_WEBHOOK"}}}, {"shopify", {{"env", "SHOPIFY_WEBHOOK"}}}}}}}};
    write_file(dir_ / "sextant.json", json::serialize(config));
    std::vector<std::string> argv{sextant_program(), "--config", (dir_ / "sextant.json").string(), "serve",
                                  "--listen", "127.0.0.1:0", "--sync-every", "3600", "--push-every", "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<Background>(argv, logs_.path(), ProcessOptions{dir_.path(), env()});
    port_ = listening_port(logs_ / "background.err");
    if (port_ == 0) throw std::runtime_error("serve did not start: " + read_file(logs_ / "background.err"));
  }

  std::map<std::string, std::string> env() const {
    return {{"SEXTANT_TOKEN", kToken}, {"WOO_WEBHOOK", kWooSecret}, {"SHOPIFY_WEBHOOK", kShopifySecret},
            {"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}};
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  HttpAnswer get(const std::string& path, const std::string& token = kToken) const {
    std::vector<plugin::HttpHeader> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return http_call("GET", url(path), headers);
  }
  int runs(const char* what) const {
    return json::parse(http_call("GET", url("/health")).body).at(what).at("count").to_number<int>();
  }
  // Waits until `what` ran `count` times; false after `limit`.
  bool await_runs(const char* what, int count, seconds limit = seconds{60}) const {
    for (auto end = steady_clock::now() + limit; steady_clock::now() < end; std::this_thread::sleep_for(milliseconds{100}))
      if (runs(what) >= count) return true;
    return false;
  }
  ProcessResult stop() {
    process_->kill(SIGTERM);
    return process_->wait();
  }
  [[nodiscard]] const ScratchDir& dir() const { return dir_; }
  [[nodiscard]] std::string log() const { return read_file(logs_ / "background.err"); }

 private:
  ScratchDir dir_, logs_;
  std::unique_ptr<Background> process_;
  int port_ = 0;
};

// The signature a shop sends: Base64 of HMAC-SHA256 over the raw body, computed by the openssl
// program rather than by the code under test.
std::string signature(const std::string& secret, const std::string& body, const ScratchDir& dir) {
  write_file(dir / "body", body);
  auto r = run({"sh", "-c", "openssl dgst -sha256 -hmac '" + secret + "' -binary '" + (dir / "body").string() + "' | base64"});
  std::string text = r.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

HttpAnswer deliver(const Served& s, const std::string& path, const std::vector<plugin::HttpHeader>& headers,
                   const std::string& body) {
  return http_call("POST", s.url(path), headers, body);
}

TEST(Serve, WithoutTheRightTokenAnswers401AndRunsNothing) {
  Served s;
  ASSERT_TRUE(s.await_runs("sync", 1)) << s.log();  // the first sync, at start
  EXPECT_EQ(s.get("/report.json", "").status, 401);
  EXPECT_EQ(s.get("/report.json", "not-the-token").status, 401);
  EXPECT_EQ(s.get("/dashboard", "").status, 401);
  EXPECT_EQ(http_call("POST", s.url("/sync"), {}).status, 401);
  EXPECT_EQ(http_call("POST", s.url("/sync"), {{"Authorization", "Bearer wrong"}}).status, 401);
  std::this_thread::sleep_for(seconds{2});
  EXPECT_EQ(s.runs("sync"), 1);

  auto report = s.get("/report.json");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(json::parse(report.body).at("plan"), "maison-dupont");
  auto page = s.get("/dashboard");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_EQ(http_call("POST", s.url("/sync"), {{"Authorization", std::string("Bearer ") + kToken}}).status, 202);
  EXPECT_TRUE(s.await_runs("sync", 2));
  auto stopped = s.stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(stopped.err.find(kToken), std::string::npos);  // never in the logs
}

TEST(Serve, AWebhookNeedsAValidSignatureAndEachDeliveryCountsOnce) {
  Served s;
  ASSERT_TRUE(s.await_runs("sync", 1)) << s.log();
  ScratchDir scratch;
  const std::string body = R"({"id":4242,"status":"processing","total":"59.00"})";
  const std::string good = signature(kWooSecret, body, scratch);
  ASSERT_EQ(good.size(), 44u);

  EXPECT_EQ(deliver(s, "/webhooks/woocommerce", {{"X-WC-Webhook-Delivery-ID", "d-1"}}, body).status, 401);
  EXPECT_EQ(deliver(s, "/webhooks/woocommerce",
                    {{"X-WC-Webhook-Signature", signature("another secret", body, scratch)},
                     {"X-WC-Webhook-Delivery-ID", "d-1"}}, body).status, 401);
  EXPECT_EQ(deliver(s, "/webhooks/woocommerce",
                    {{"X-WC-Webhook-Signature", good}, {"X-WC-Webhook-Delivery-ID", "d-1"}}, body + " ").status, 401);
  std::this_thread::sleep_for(seconds{4});
  EXPECT_EQ(s.runs("sync"), 1);  // refused deliveries trigger nothing

  auto first = deliver(s, "/webhooks/woocommerce", {{"X-WC-Webhook-Signature", good}, {"X-WC-Webhook-Delivery-ID", "d-1"}}, body);
  EXPECT_EQ(first.status, 202) << first.body;
  EXPECT_TRUE(s.await_runs("sync", 2, seconds{20}));
  auto replay = deliver(s, "/webhooks/woocommerce", {{"X-WC-Webhook-Signature", good}, {"X-WC-Webhook-Delivery-ID", "d-1"}}, body);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(json::parse(replay.body).at("duplicate"), true);
  std::this_thread::sleep_for(seconds{5});
  EXPECT_EQ(s.runs("sync"), 2);  // the replay was taken once only

  const std::string order = R"({"id":820982911946154508,"financial_status":"paid"})";
  auto shopify = deliver(s, "/webhooks/shopify",
                         {{"X-Shopify-Hmac-Sha256", signature(kShopifySecret, order, scratch)},
                          {"X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}}, order);
  EXPECT_EQ(shopify.status, 202) << shopify.body;
  EXPECT_TRUE(s.await_runs("sync", 3, seconds{20}));
  EXPECT_EQ(s.stop().exit_code, 0);
}

TEST(Serve, SigtermDuringASyncLeavesALedgerTheNextRunCompletes) {
  FakeServer woo("fake_woocommerce.py", {"--generate", "3000", "--seed", "3"});
  // Slow answers: the first sync lasts long enough to be interrupted.
  std::string slow = "[";
  for (int i = 0; i < 40; ++i) slow += std::string(i ? "," : "") + R"({"delay_ms": 150})";
  woo.control("POST", "/__control/faults", slow + "]");
  json::object source{{"name", "woo"}, {"plugin", "woocommerce"},
                      {"settings", {{"url", woo.url()}, {"consumer_key", {{"env", "WC_KEY"}}},
                                    {"consumer_secret", {{"env", "WC_SECRET"}}}}}};
  Served s(source);
  std::this_thread::sleep_for(milliseconds{1500});
  ASSERT_EQ(s.runs("sync"), 0);  // still in its first sync
  // Meanwhile the run lock keeps a CLI sync out, saying who holds it.
  auto cli = run({sextant_program(), "--config", (s.dir() / "sextant.json").string(), "sync"}, {s.dir().path(), s.env()});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.err.find("is busy: sextant serve (sync)"), std::string::npos) << cli.err;

  auto stopped = s.stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_NE(stopped.err.find("\"sync stopped"), std::string::npos) << stopped.err;
  // The next run goes on from where the stopped one left off, and ends with what a sync that was
  // never interrupted finds.
  auto metrics_of = [&](const std::filesystem::path& dir) {
    auto r = run({sextant_program(), "--config", (dir / "sextant.json").string(), "--today", "2026-11-26", "--format",
                  "json", "metrics", "--from", "2023-01-01", "--to", "2026-12-31"},
                 {dir, s.env()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  auto again = run({sextant_program(), "--config", (s.dir() / "sextant.json").string(), "sync"}, {s.dir().path(), s.env()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ScratchDir reference;
  write_file(reference / "plan.json", read_file(s.dir() / "plan.json"));
  write_file(reference / "sextant.json", read_file(s.dir() / "sextant.json"));
  auto whole = run({sextant_program(), "--config", (reference / "sextant.json").string(), "sync"}, {reference.path(), s.env()});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(metrics_of(s.dir().path()), metrics_of(reference.path()));
}

}  // namespace
}  // namespace sextant::test
