#include "daemon.hpp"

#include "signed_time.hpp"

#include <sextant/app/run_lock.hpp>
#include <sextant/app/workspace_report.hpp>
#include <sextant/crypto/digest.hpp>
#include <sextant/crypto/hmac.hpp>
#include <sextant/dashboard/html_dashboard.hpp>
#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/plugin/calendar.hpp>
#include <sextant/report/report_json.hpp>
#include <sextant/sync/sync_engine.hpp>
#include <sextant/tasks/task_sync.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace sextant::daemon {

namespace json = boost::json;
using namespace std::chrono;

namespace {

HttpReply answer(int status, json::object body) { return {status, "application/json", json::serialize(body), {}}; }

std::string utc_now() { return format_instant(floor<seconds>(system_clock::now())); }

}  // namespace

Daemon::Daemon(app::Workspace& workspace, DaemonSecrets secrets, DaemonTiming timing, std::atomic<bool>& stop)
    : workspace_(workspace), secrets_(std::move(secrets)), timing_(timing), stop_(stop) {
  next_sync_ = Clock::now();  // a first sync at once: the pages start from the shop's present
  next_push_ = timing_.push_every.count() > 0 ? Clock::now() : Clock::time_point::max();
}

// -- routes ------------------------------------------------------------------------------------

namespace {

struct Route {
  std::string_view path, method;
};
constexpr std::array<Route, 8> kRoutes{{{"/health", "GET"},
                                        {"/", "GET"},
                                        {"/dashboard", "GET"},
                                        {"/report.json", "GET"},
                                        {"/sync", "POST"},
                                        {"/push", "POST"},
                                        {"/webhooks/woocommerce", "POST"},
                                        {"/webhooks/shopify", "POST"}}};

// Headers that say who is asking: a second one is an attempt to be two people at once.
constexpr std::array<std::string_view, 5> kSingleHeaders{"authorization", "x-wc-webhook-signature", "x-wc-webhook-delivery-id",
                                                         "x-shopify-hmac-sha256", "x-shopify-webhook-id"};

}  // namespace

HttpReply Daemon::handle(const HttpAsk& ask) {
  for (auto name : kSingleHeaders)
    if (ask.headers.count(std::string(name)) > 1) return answer(400, {{"error", "more than one " + std::string(name) + " header"}});
  auto route = std::find_if(kRoutes.begin(), kRoutes.end(), [&](const Route& r) { return r.path == ask.path; });
  if (route == kRoutes.end()) return answer(404, {{"error", "no such page"}});
  if (ask.method != route->method) {
    HttpReply r = answer(405, {{"error", "method not allowed"}});
    r.headers.emplace_back("Allow", route->method == "GET" ? "GET, HEAD" : "POST");
    return r;
  }
  if (ask.path == "/health") return health(authorized(ask));
  if (ask.path == "/webhooks/woocommerce")
    return webhook(ask, "woocommerce", secrets_.woocommerce_webhook, "x-wc-webhook-signature", "x-wc-webhook-delivery-id");
  if (ask.path == "/webhooks/shopify")
    return webhook(ask, "shopify", secrets_.shopify_webhook, "x-shopify-hmac-sha256", "x-shopify-webhook-id");
  if (!authorized(ask)) {
    HttpReply r = answer(401, {{"error", "a bearer token is needed (Authorization: Bearer ...)"}});
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sextant\"");
    return r;
  }
  if (ask.path == "/sync" || ask.path == "/push") {
    request(ask.path == "/sync", ask.path == "/push", seconds{0});
    return answer(202, {{"queued", ask.path.substr(1)}});
  }
  std::lock_guard lock(mutex_);
  if (report_json_.empty()) return answer(503, {{"error", "the first run has not finished yet"}});
  if (ask.path == "/report.json") return {200, "application/json", report_json_, {}};
  return {200, "text/html; charset=utf-8", dashboard_html_, {{"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"}}};
}

bool Daemon::authorized(const HttpAsk& ask) const {
  auto it = ask.headers.find("authorization");
  if (it == ask.headers.end() || !it->second.starts_with("Bearer ")) return false;
  return crypto::equal_in_constant_time(it->second.substr(7), secrets_.token);
}

// A shop's delivery: signed over its raw body with the shared secret; each delivery is taken once
// (platforms redeliver on timeouts, attackers replay). A replay is known by its id, by its body
// (under any id) while the window lasts, and after it by the body's signed time, now too old.
// Replays are answered 200 so that the platform stops sending them, and run nothing.
HttpReply Daemon::webhook(const HttpAsk& ask, const std::string& platform, const std::string& secret,
                          const std::string& signature_header, const std::string& id_header) {
  if (secret.empty()) return answer(404, {{"error", "no " + platform + " webhook secret is configured"}});
  auto signature = ask.headers.find(signature_header);
  if (signature == ask.headers.end() || !crypto::hmac_sha256_base64_matches(secret, ask.body, signature->second)) {
    workspace_.logger().write(log::LogLevel::warning, "serve", platform + " webhook refused: bad or missing signature");
    return answer(401, {{"error", "bad signature"}});
  }
  auto id = ask.headers.find(id_header);
  if (id == ask.headers.end() || id->second.empty()) return answer(400, {{"error", "no delivery id (" + id_header + ")"}});
  const auto now = floor<seconds>(system_clock::now());
  if (auto written = signed_time(platform, ask.body); written && abs(now - *written) > timing_.replay_window) {
    workspace_.logger().write(log::LogLevel::warning, "serve",
                              platform + " webhook " + id->second + " refused: its body dates from " +
                                  format_instant(*written) + ", outside the replay window");
    return answer(200, {{"stale", true}});
  }
  std::unique_lock deliveries(deliveries_mutex_);
  if (!deliveries_) return answer(503, {{"error", "the ledger is not open"}});
  if (auto forgotten = deliveries_->forget_deliveries(now - timing_.replay_window); !forgotten)
    workspace_.logger().write(log::LogLevel::warning, "serve", "old webhook deliveries not forgotten: " + forgotten.error().message);
  auto first = deliveries_->first_delivery({platform, id->second, crypto::sha256_hex(ask.body), now});
  deliveries.unlock();
  if (!first) return answer(500, {{"error", "cannot record the delivery"}});
  if (!*first) return answer(200, {{"duplicate", true}});
  workspace_.logger().write(log::LogLevel::info, "serve", platform + " webhook " + id->second + ": sync soon");
  request(true, false, timing_.webhook_delay);
  return answer(202, {{"accepted", true}});
}

// Without the token: up, and when the runs were, nothing more (their messages and counts say
// what the shop is doing). With it: the whole state.
HttpReply Daemon::health(bool full) {
  std::lock_guard lock(mutex_);
  auto run = [full](const RunState& r) {
    if (!full) return json::object{{"at", r.at}};
    return json::object{{"count", r.count}, {"at", r.at}, {"status", r.status}, {"message", r.message}};
  };
  return answer(200, {{"status", "ok"}, {"sync", run(last_sync_)}, {"push", run(last_push_)}});
}

// -- schedule ----------------------------------------------------------------------------------

void Daemon::request(bool sync, bool push, seconds delay) {
  std::lock_guard lock(mutex_);
  auto at = Clock::now() + delay;
  if (sync) next_sync_ = std::min(next_sync_, at);
  if (push) next_push_ = std::min(next_push_, at);
  wake_.notify_all();
}

void Daemon::stop() {
  stop_ = true;
  wake_.notify_all();
}

Daemon::Clock::time_point Daemon::next_after(seconds every) {
  std::uniform_int_distribution<long> jitter(0, std::max(0L, static_cast<long>(timing_.jitter.count())));
  return Clock::now() + every + seconds{jitter(random_)};
}

void Daemon::run_schedule() {
  {
    auto opened = ledger::open_sqlite_ledger(workspace_.config().ledger, workspace_.zone(), workspace_.plan().shop.currency);
    std::lock_guard lock(deliveries_mutex_);
    if (opened) deliveries_ = std::move(*opened);
    else workspace_.logger().write(log::LogLevel::error, "serve", "webhooks off: " + opened.error().message);
  }
  render();
  while (!stop_) {
    bool sync = false, push = false;
    {
      std::unique_lock lock(mutex_);
      auto until = std::min({next_sync_, next_push_, Clock::now() + seconds{1}});
      wake_.wait_until(lock, until, [&] { return stop_ || Clock::now() >= std::min(next_sync_, next_push_); });
      sync = Clock::now() >= next_sync_;
      push = Clock::now() >= next_push_;
      if (sync) next_sync_ = next_after(timing_.sync_every);
      if (push) next_push_ = next_after(timing_.push_every);
    }
    if (stop_) break;
    if (sync) sync_once();
    if (push && !stop_) push_once();
  }
}

void Daemon::sync_once() {
  RunState state;
  state.at = utc_now();
  auto lock = app::RunLock::acquire(workspace_.config().ledger, "sextant serve (sync)");
  if (!lock) {
    state.status = "busy";
    state.message = lock.error().message;
  } else {
    sync::SyncOptions options;
    options.stop = &stop_;
    auto outcomes = sync::sync_all(workspace_, options);
    state.status = "ok";
    if (!outcomes) {
      state.status = "failed";
      state.message = outcomes.error().message;
    } else {
      long orders = 0;
      for (const auto& o : *outcomes) {
        orders += static_cast<long>(o.progress.orders);
        if (!o.status) {
          state.status = o.status.error().code == Errc::cancelled ? "stopped" : "failed";
          state.message = o.source + ": " + o.status.error().message;
        }
      }
      if (state.message.empty()) state.message = std::to_string(orders) + " orders read";
    }
    if (workspace_.tracker() && state.status == "ok")
      if (auto states = tasks::refresh_states(workspace_); !states) state.message += "; task states not read: " + states.error().message;
  }
  record("sync", std::move(state), last_sync_);
}

void Daemon::push_once() {
  if (!workspace_.tracker()) return;
  RunState state;
  state.at = utc_now();
  auto lock = app::RunLock::acquire(workspace_.config().ledger, "sextant serve (push)");
  if (!lock) {
    state.status = "busy";
    state.message = lock.error().message;
  } else if (auto changes = tasks::push(workspace_, {}); !changes) {
    state.status = "failed";
    state.message = changes.error().message;
  } else {
    state.status = "ok";
    state.message = std::to_string(changes->size()) + " tasks";
  }
  record("push", std::move(state), last_push_);
}

// A run's outcome: logged, the pages drawn anew, then kept for /health (so that a run counted
// there is one the pages already show).
void Daemon::record(const std::string& what, RunState state, RunState& last) {
  state.message = workspace_.logger().redact(state.message);
  workspace_.logger().write(state.status == "ok" ? log::LogLevel::info : log::LogLevel::warning, "serve",
                            what + " " + state.status + ": " + state.message);
  render();
  std::lock_guard guard(mutex_);
  state.count = last.count + 1;
  last = std::move(state);
}

// The pages as of now, rendered once per run (and served from memory in between).
void Daemon::render() {
  auto built = app::workspace_report(workspace_);
  if (!built) {
    workspace_.logger().write(log::LogLevel::error, "serve", "no report: " + built.error().message);
    return;
  }
  auto document = report::to_json(*built, 0);
  std::string page = dashboard::render_html(document.as_object());
  std::string text = json::serialize(document);
  std::lock_guard lock(mutex_);
  report_json_ = std::move(text);
  dashboard_html_ = std::move(page);
}

}  // namespace sextant::daemon
