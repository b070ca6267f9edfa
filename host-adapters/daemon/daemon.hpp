// `sextant serve`: the schedule (sync every N minutes, push every M, each with jitter), the
// routes (dashboard, report JSON, health, manual runs, shop webhooks), and what they share. One
// run at a time, under the ledger's run lock, which a CLI sync or push also takes. The pages
// served are the ones rendered after the last run, so serving never waits for a sync.
#pragma once

#include "http_server.hpp"

#include <sextant/app/workspace.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace sextant::daemon {

struct DaemonSecrets {
  std::string token;                ///< bearer token of every route but /health and webhooks
  std::string woocommerce_webhook;  ///< "" = no WooCommerce webhook endpoint
  std::string shopify_webhook;      ///< "" = no Shopify webhook endpoint
};

struct DaemonTiming {
  std::chrono::seconds sync_every{3600};
  std::chrono::seconds push_every{6 * 3600};  ///< 0: never (no tracker)
  std::chrono::seconds jitter{30};
  std::chrono::seconds webhook_delay{3};      ///< a valid webhook brings the next sync this close
  std::chrono::seconds replay_window{900};    ///< webhooks: signed-time tolerance, and how long a delivery is remembered
};

class Daemon {
 public:
  Daemon(app::Workspace& workspace, DaemonSecrets secrets, DaemonTiming timing, std::atomic<bool>& stop);

  /// Routes a request; thread-safe.
  HttpReply handle(const HttpAsk& ask);
  /// Runs the schedule until the stop flag is set (checked at least every second).
  void run_schedule();
  /// Wakes the schedule to stop.
  void stop();

 private:
  using Clock = std::chrono::steady_clock;

  struct RunState {
    int count = 0;
    std::string at;        ///< UTC, ISO 8601
    std::string status;    ///< "ok", "failed", "busy", "stopped"
    std::string message;
  };

  bool authorized(const HttpAsk& ask) const;
  HttpReply webhook(const HttpAsk& ask, const std::string& platform, const std::string& secret,
                    const std::string& signature_header, const std::string& id_header);
  HttpReply health(bool full);
  void request(bool sync, bool push, std::chrono::seconds delay);
  void sync_once();
  void push_once();
  void record(const std::string& what, RunState state, RunState& last);
  void render();
  Clock::time_point next_after(std::chrono::seconds every);

  app::Workspace& workspace_;
  DaemonSecrets secrets_;
  DaemonTiming timing_;
  std::atomic<bool>& stop_;
  std::mutex deliveries_mutex_;
  std::unique_ptr<ledger::Ledger> deliveries_;  // its own connection: webhooks arrive during syncs

  mutable std::mutex mutex_;  // guards what follows
  std::condition_variable wake_;
  Clock::time_point next_sync_, next_push_;
  RunState last_sync_, last_push_;
  std::string report_json_, dashboard_html_;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace sextant::daemon
