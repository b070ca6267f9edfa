// Sync: each source reads from its stored cursor and its pages land in the ledger through a
// writer thread (page_writer.hpp), facts and cursor of whole pages in one transaction, so a run
// killed at any moment resumes without loss or double counting.
#pragma once

#include "sextant/app/workspace.hpp"
#include "sextant/sync/page_writer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sextant::sync {

struct SyncProgress {
  std::string source;
  std::int64_t pages = 0;
  std::int64_t total_pages = -1;   ///< -1 when the source cannot tell
  std::int64_t orders = 0;
  std::int64_t refunds = 0;
  std::int64_t sessions_days = 0;  ///< days of sessions written (restated ones included)
  std::chrono::steady_clock::duration elapsed{};
};

struct SourceOutcome {
  std::string source;
  SyncProgress progress;
  Result<> status;                  ///< the first error that stopped this source, if any
};

struct SyncOptions {
  bool full = false;                              ///< ignore stored cursors and read everything again
  const std::atomic<bool>* stop = nullptr;        ///< set from a signal handler to end at the next page
  std::function<void(const SyncProgress&)> on_page;  ///< after each transaction, on the writer's thread
  BatchLimits batches;                               ///< how pages are grouped into transactions
};

/// Syncs every source of the workspace, one after the other. A failing source does not stop
/// the others; each outcome says how far it got. Errors opening the ledger are returned.
Result<std::vector<SourceOutcome>> sync_all(app::Workspace& workspace, const SyncOptions& options);

}  // namespace sextant::sync
