// `sextant serve` as a process: the token guards every route but /health and the webhooks, and a
// refused request runs nothing; webhooks need a valid HMAC and count once per delivery; SIGTERM
// in the middle of a sync leaves a ledger the next run completes; the run lock keeps a CLI sync
// out while the daemon syncs.
#include "daemon/listening.hpp"
#include "daemon/raw_client.hpp"
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <ctime>
#include <thread>

namespace sextant::test {
namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kToken = "serve-test-token-9b41e6d07c2f85a3";  // 32+ characters, as serve demands
constexpr const char* kWooSecret = "woo-webhook-secret";
constexpr const char* kShopifySecret = "shopify-webhook-secret";

const json::object kDemoShop{{"name", "shop"}, {"plugin", "demo"}, {"settings", {{"daily_orders", 5}}}};

// A workspace whose source is `source` (the demo shop unless given), served on a free port.
class Served {
 public:
  explicit Served(const json::object& source = kDemoShop, std::vector<std::string> extra = {}, json::object limits = {}) {
    write_file(dir_ / "plan.json", read_file(source_dir() / "examples/plan.json"));
    json::object serve{{"token", {{"env", "SEXTANT_TOKEN"}}},
                       {"webhooks", {{"woocommerce", {{"env", "WOO_WEBHOOK"}}}, {"shopify", {{"env", "SHOPIFY_WEBHOOK"}}}}}};
    if (!limits.empty()) serve["limits"] = limits;
    json::object config{{"plan", "plan.json"}, {"sources", json::array{source}}, {"serve", serve}};
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
  [[nodiscard]] int port() const { return port_; }
  json::value health() const { return json::parse(get("/health").body); }
  int runs(const char* what) const { return health().at(what).at("count").to_number<int>(); }
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

// Pieces of a raw HTTP answer.
std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }
std::string header_value(const std::string& answer, const std::string& name) {
  auto at = answer.find("\r\n" + name + ": ");
  if (at == std::string::npos || at > answer.find("\r\n\r\n")) return "(none)";
  at += name.size() + 4;
  return answer.substr(at, answer.find("\r\n", at) - at);
}
std::string body_of(const std::string& answer) {
  auto at = answer.find("\r\n\r\n");
  return at == std::string::npos ? "(no end of headers)" : answer.substr(at + 4);
}

// "2026-12-07T01:02:03", UTC: WooCommerce's date_modified_gmt of a change made `ago` before now.
std::string gmt(seconds ago = seconds{0}) {
  std::time_t t = system_clock::to_time_t(system_clock::now() - ago);
  std::tm parts{};
  ::gmtime_r(&t, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &parts);
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
  // The same body under a new id is the same delivery.
  auto renamed = deliver(s, "/webhooks/woocommerce", {{"X-WC-Webhook-Signature", good}, {"X-WC-Webhook-Delivery-ID", "d-2"}}, body);
  EXPECT_EQ(renamed.status, 200);
  EXPECT_EQ(renamed.body, R"({"duplicate":true})");
  std::this_thread::sleep_for(seconds{5});
  EXPECT_EQ(s.runs("sync"), 2);  // the replays were taken once only

  const std::string order = R"({"id":820982911946154508,"financial_status":"paid"})";
  auto shopify = deliver(s, "/webhooks/shopify",
                         {{"X-Shopify-Hmac-Sha256", signature(kShopifySecret, order, scratch)},
                          {"X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}}, order);
  EXPECT_EQ(shopify.status, 202) << shopify.body;
  EXPECT_TRUE(s.await_runs("sync", 3, seconds{20}));
  EXPECT_EQ(s.stop().exit_code, 0);
}

// Deliveries are remembered for the replay window (3 s here) only; a body whose signed time is
// outside it is a replay whatever its id, and runs nothing.
TEST(Serve, AWebhookOutsideTheReplayWindowIsRefusedAndOldDeliveriesAreForgotten) {
  Served s(kDemoShop, {}, {{"replay_window_seconds", 3}});
  ASSERT_TRUE(s.await_runs("sync", 1)) << s.log();
  ScratchDir scratch;
  auto delivery = [&](const std::string& body, const std::string& id) {
    return deliver(s, "/webhooks/woocommerce",
                   {{"X-WC-Webhook-Signature", signature(kWooSecret, body, scratch)}, {"X-WC-Webhook-Delivery-ID", id}}, body);
  };
  const std::string first = R"({"id":7,"status":"processing","date_modified_gmt":")" + gmt() + R"("})";
  EXPECT_EQ(delivery(first, "a-1").status, 202);
  EXPECT_EQ(delivery(R"({"id":8,"date_modified_gmt":"2020-01-01T00:00:00"})", "old-1").body, R"({"stale":true})");
  std::this_thread::sleep_for(milliseconds{4500});
  // Forgotten by now, yet its signed time says it is old: refused under a new id.
  auto again = delivery(first, "a-2");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, R"({"stale":true})");
  EXPECT_EQ(delivery(R"({"id":9,"date_modified_gmt":")" + gmt() + R"("})", "b-1").status, 202);
  // Shopify states its time as updated_at, with an offset.
  const std::string old_order = R"({"id":820982911946154508,"updated_at":"2020-01-01T09:00:00-05:00"})";
  auto shopify = deliver(s, "/webhooks/shopify",
                         {{"X-Shopify-Hmac-Sha256", signature(kShopifySecret, old_order, scratch)},
                          {"X-Shopify-Webhook-Id", "s-1"}}, old_order);
  EXPECT_EQ(shopify.body, R"({"stale":true})");
  // b-1's arrival forgot a-1 (received more than 3 s before); refused deliveries were never kept.
  auto left = run({"sqlite3", (s.dir() / "sextant.db").string(), "SELECT delivery_id FROM webhook_deliveries ORDER BY 1"});
  EXPECT_EQ(left.out, "b-1\n") << left.err;
  EXPECT_EQ(s.stop().exit_code, 0);
}

// What HTTP says of methods, and what the token-free /health may say.
TEST(Serve, RoutesAnswerEachMethodAsHttpSays) {
  Served s;
  ASSERT_TRUE(s.await_runs("sync", 1)) << s.log();
  const std::string bearer = std::string("Authorization: Bearer ") + kToken + "\r\n";
  auto ask = [&](const std::string& request_line, const std::string& headers = "") {
    return exchange(s.port(), request_line + " HTTP/1.1\r\nHost: sextant\r\n" + headers + "Connection: close\r\n\r\n");
  };
  // Two Authorization headers: 400, even when both carry the token.
  auto twice = ask("GET /report.json", bearer + bearer);
  EXPECT_EQ(status_line(twice), "HTTP/1.1 400 Bad Request") << twice;
  EXPECT_EQ(body_of(twice), R"({"error":"more than one authorization header"})");
  // A write route read, a read route written: 405 with what is allowed, and nothing run.
  auto get_sync = ask("GET /sync", bearer);
  EXPECT_EQ(status_line(get_sync), "HTTP/1.1 405 Method Not Allowed") << get_sync;
  EXPECT_EQ(header_value(get_sync, "Allow"), "POST");
  auto post_health = ask("POST /health", "Content-Length: 0\r\n");
  EXPECT_EQ(status_line(post_health), "HTTP/1.1 405 Method Not Allowed") << post_health;
  EXPECT_EQ(header_value(post_health, "Allow"), "GET, HEAD");
  // Headers over 8 KiB: 431; a body announced over 1 MiB: 413, before it is sent.
  auto long_headers = ask("GET /health", "X-Padding: " + std::string(9000, 'p') + "\r\n");
  EXPECT_EQ(status_line(long_headers), "HTTP/1.1 431 Request Header Fields Too Large") << long_headers.substr(0, 200);
  auto big_body = ask("POST /sync", bearer + "Content-Length: 1048577\r\n");
  EXPECT_EQ(status_line(big_body), "HTTP/1.1 413 Payload Too Large") << big_body;
  // HEAD: what GET answers, its length included, without the body.
  for (const char* path : {"/health", "/report.json"}) {
    auto got = ask(std::string("GET ") + path, bearer);
    auto head = ask(std::string("HEAD ") + path, bearer);
    EXPECT_EQ(status_line(head), "HTTP/1.1 200 OK") << path;
    EXPECT_GT(body_of(got).size(), 20u) << path;
    EXPECT_EQ(header_value(head, "Content-Length"), std::to_string(body_of(got).size())) << path;
    EXPECT_EQ(body_of(head), "") << path;
  }
  std::this_thread::sleep_for(seconds{2});
  EXPECT_EQ(s.runs("sync"), 1);  // GET /sync ran nothing
  // Without the token, /health says it is up and when the runs started; with it, how they went.
  auto full = s.health();
  EXPECT_EQ(full.at("sync").at("status"), "ok");
  auto open = json::parse(http_call("GET", s.url("/health")).body);
  EXPECT_EQ(open, (json::value{{"status", "ok"}, {"sync", {{"at", full.at("sync").at("at")}}}, {"push", {{"at", ""}}}}));
  EXPECT_EQ(s.stop().exit_code, 0);
}

// Keep-alive within its limit: of three pipelined requests, the second is answered with
// Connection: close, the third not at all (`exchange` reads until the server closes).
TEST(Serve, AConnectionServesAtMostItsRequestsThenCloses) {
  Served s(kDemoShop, {}, {{"requests_per_connection", 2}});
  const std::string one = "GET /health HTTP/1.1\r\nHost: sextant\r\n\r\n";
  auto answer = exchange(s.port(), one + one + one);
  std::size_t answers = 0;
  for (auto at = answer.find("HTTP/1.1 200 OK"); at != std::string::npos; at = answer.find("HTTP/1.1 200 OK", at + 1)) ++answers;
  EXPECT_EQ(answers, 2u) << answer;
  EXPECT_EQ(header_value(answer, "Connection"), "(none)");  // HTTP/1.1 keeps the first alive without saying so
  EXPECT_NE(answer.find("\r\nConnection: close\r\n"), std::string::npos) << answer;
  EXPECT_EQ(s.stop().exit_code, 0);
}

// A token anyone could guess is refused before anything starts, with the way to make a good one.
TEST(Serve, AWeakTokenIsRefusedWithTheWayToMakeOne) {
  ScratchDir dir;
  write_file(dir / "plan.json", read_file(source_dir() / "examples/plan.json"));
  json::object config{{"plan", "plan.json"}, {"sources", json::array{kDemoShop}}, {"serve", {{"token", {{"env", "SEXTANT_TOKEN"}}}}}};
  write_file(dir / "sextant.json", json::serialize(config));
  const std::vector<std::pair<std::string, std::string>> weak{
      {"short-token", "is 11 characters long, fewer than 32"},
      {std::string(40, 'q'), "repeats itself"},
      {"12345678901234567890123456789012345678", "carries about 126 bits, fewer than 128"},  // 38 x log2(10)
  };
  for (const auto& [token, why] : weak) {
    auto r = run({sextant_program(), "--config", (dir / "sextant.json").string(), "serve", "--listen", "127.0.0.1:0"},
                 {dir.path(), {{"SEXTANT_TOKEN", token}}});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/serve/token"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("openssl rand -hex 32"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(token), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("listening"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "sextant.db"));
  }
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
