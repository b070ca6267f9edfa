// The ledger: Sextant's local state. Normalized orders and refunds, daily facts, sync cursors,
// task mappings and a run log. One interface, so that a PostgreSQL ledger is a second
// implementation and not a rewrite (DESIGN §10).
#pragma once

#include "sextant/metrics/day_figures.hpp"
#include "sextant/plugin/error.hpp"
#include "sextant/plugin/facts.hpp"
#include "sextant/plugin/task.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::ledger {

/// What storing pages did, for progress lines: the sum over the pages.
struct PageStats {
  std::int64_t orders = 0;
  std::int64_t refunds = 0;
  std::int64_t daily = 0;
};

/// A shop's webhook as received: what makes a replay recognisable.
struct WebhookDelivery {
  std::string platform;     ///< "woocommerce", "shopify"
  std::string id;           ///< the platform's delivery id
  std::string body_digest;  ///< SHA-256 of the raw body, hex
  std::chrono::sys_seconds received_at;
};

/// A task as Sextant last pushed it, and its state as last read from the tracker.
struct TaskRecord {
  std::string key;
  std::string parent_key;
  std::string tracker;              ///< the tracker instance's name
  std::string remote_id;            ///< empty while only an intent to create exists
  std::string url;
  std::string content_hash;         ///< hash of the TaskSpec last sent
  TaskState state = TaskState::open;
  int percent_done = 0;
  std::optional<std::chrono::sys_days> due;
  std::string title;
  std::string written_at;           ///< when the ledger last saved it (UTC, ISO 8601); read-only
};

struct RunRecord {
  std::int64_t id = 0;
  std::string command;
  std::string started_at;
  std::string finished_at;
  std::string status;               ///< "running", "ok", "failed", "cancelled", "interrupted"
  std::string message;
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  // Sync ------------------------------------------------------------------------------------
  /// The cursor stored after the last page of this source; "" if it never synced.
  virtual Result<std::string> cursor(std::string_view source) = 0;
  /// Declares which platform statuses count for this source, re-flagging stored orders when
  /// the list changed. Called before each sync.
  virtual Result<> set_counted_statuses(std::string_view source, const std::vector<std::string>& statuses) = 0;
  /// Forgets the source's stored facts of the kinds the shop no longer takes from it, and then its
  /// cursor, so that taking them again reads them whole. Called before each sync.
  virtual Result<> drop_unclaimed_facts(std::string_view source, FactKinds claimed) = 0;
  /// Upserts the facts of every page, then stores the last page's cursor, all in one
  /// transaction: a batch of pages is stored whole or not at all. No page: nothing is written.
  virtual Result<PageStats> store_pages(std::string_view source, std::span<const Page> pages) = 0;

  // Metrics ---------------------------------------------------------------------------------
  /// One entry per day of [from, to], days without activity included.
  virtual Result<std::vector<metrics::DayFigures>> days(std::chrono::sys_days from, std::chrono::sys_days to) = 0;
  /// The period's figures: sums of the days, customers counted once over the whole period.
  virtual Result<metrics::DayFigures> period(std::chrono::sys_days from, std::chrono::sys_days to) = 0;
  /// First and last day holding a counted order, if any.
  virtual Result<std::optional<std::pair<std::chrono::sys_days, std::chrono::sys_days>>> order_span() = 0;

  // Tasks -----------------------------------------------------------------------------------
  virtual Result<std::optional<TaskRecord>> task(std::string_view key) = 0;
  virtual Result<std::vector<TaskRecord>> tasks() = 0;
  virtual Result<> save_task(const TaskRecord& record) = 0;

  // Run log ---------------------------------------------------------------------------------
  /// Called under the run lock (app::RunLock), so no other run is alive: first closes every run
  /// still marked "running" (its process was killed) as "interrupted", with an end time.
  virtual Result<std::int64_t> begin_run(std::string_view command) = 0;
  virtual Result<> end_run(std::int64_t id, std::string_view status, std::string_view message) = 0;
  virtual Result<std::vector<RunRecord>> runs(int limit) = 0;

  // Webhooks --------------------------------------------------------------------------------
  /// Records a delivery of a platform's webhook; false when one with the same id or the same
  /// body digest was recorded before (and not yet forgotten).
  virtual Result<bool> first_delivery(const WebhookDelivery& delivery) = 0;
  /// Forgets the deliveries received before `cutoff`; returns how many.
  virtual Result<int> forget_deliveries(std::chrono::sys_seconds cutoff) = 0;
};

}  // namespace sextant::ledger
