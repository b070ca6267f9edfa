// The write half of a sync: the source's pages go through a bounded queue to one writer thread,
// which stores them in transactions sized by bytes, so that fetching the next pages overlaps
// storing these, and a backfill commits a few times a second instead of once a page. Each
// transaction holds whole pages and the cursor of its last one: a kill loses no stored page and
// leaves no cursor ahead of its facts.
#pragma once

#include "sextant/ledger/ledger.hpp"
#include "sextant/plugin/error.hpp"
#include "sextant/plugin/facts.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <thread>

namespace sextant::sync {

/// When pages held by the writer become a transaction, and how much may wait for it.
struct BatchLimits {
  std::size_t commit_bytes = 2u << 20;         ///< once the pages held weigh this much (page_bytes)
  std::chrono::milliseconds commit_age{1000};  ///< or once the oldest has waited this long: a slow source
                                               ///< still commits as it goes
  std::size_t queue_bytes = 2u << 20;          ///< the source waits while the queue weighs this much
};

/// What a page's facts weigh in memory: the measure of transactions and of the queue.
std::size_t page_bytes(const Page& page);

/// Whether the pages held make a transaction now.
bool commit_due(const BatchLimits& limits, std::size_t held_bytes, std::chrono::steady_clock::duration oldest_waited,
                bool source_done);

class PageWriter {
 public:
  /// Stores pages in one transaction, the cursor of the last one with them.
  using Store = std::function<Result<ledger::PageStats>(std::span<const Page>)>;
  /// Told after each transaction, on the writer's thread.
  using Stored = std::function<void(std::span<const Page>, const ledger::PageStats&)>;

  PageWriter(BatchLimits limits, Store store, Stored stored);
  ~PageWriter();
  PageWriter(const PageWriter&) = delete;
  PageWriter& operator=(const PageWriter&) = delete;

  /// Queues a page, waiting while the queue is full. Once a transaction failed, its error: the
  /// source should stop.
  Result<> push(Page page);
  /// Stores every page queued, then ends the writer: the first error, if a transaction failed.
  Result<> finish();

 private:
  void run();
  /// Takes queued pages into `held` until it weighs a transaction; false once the queue is closed and empty.
  bool gather(std::vector<Page>& held, std::size_t& held_bytes, std::chrono::steady_clock::time_point& oldest);

  BatchLimits limits_;
  Store store_;
  Stored stored_;
  std::mutex mutex_;
  std::condition_variable queued_;   // a page arrived, or the queue closed
  std::condition_variable drained_;  // the queue has room, or the writer failed
  struct Queued {
    Page page;
    std::size_t bytes;
    std::chrono::steady_clock::time_point at;
  };
  std::deque<Queued> queue_;
  std::size_t queue_bytes_ = 0;
  bool closed_ = false;
  std::optional<Error> failure_;
  std::thread thread_;
};

}  // namespace sextant::sync
