#include "sextant/sync/page_writer.hpp"

#include <pthread.h>

namespace sextant::sync {

using Clock = std::chrono::steady_clock;

std::size_t page_bytes(const Page& page) {
  std::size_t bytes = sizeof(Page) + page.cursor.size();
  for (const auto& o : page.orders)
    bytes += sizeof(OrderFact) + o.id.size() + o.status.size() + o.customer_id.size() + o.email.size();
  for (const auto& r : page.refunds) bytes += sizeof(RefundFact) + r.id.size() + r.order_id.size();
  for (const auto& d : page.daily) bytes += sizeof(DailyFact) + d.metric.size();
  return bytes;
}

bool commit_due(const BatchLimits& limits, std::size_t held_bytes, Clock::duration oldest_waited, bool source_done) {
  return source_done || held_bytes >= limits.commit_bytes || oldest_waited >= limits.commit_age;
}

PageWriter::PageWriter(BatchLimits limits, Store store, Stored stored)
    : limits_(limits), store_(std::move(store)), stored_(std::move(stored)), thread_(&PageWriter::run, this) {}

PageWriter::~PageWriter() { (void)finish(); }

Result<> PageWriter::push(Page page) {
  const std::size_t bytes = page_bytes(page);
  std::unique_lock lock(mutex_);
  drained_.wait(lock, [&] { return failure_ || queue_.empty() || queue_bytes_ < limits_.queue_bytes; });
  if (failure_) return *failure_;
  queue_.push_back(Queued{std::move(page), bytes, Clock::now()});
  queue_bytes_ += bytes;
  queued_.notify_one();
  return {};
}

Result<> PageWriter::finish() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  queued_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (failure_) return *failure_;
  return {};
}

void PageWriter::run() {
  pthread_setname_np(pthread_self(), "sextant-writer");  // as top, perf and gdb show it
  std::vector<Page> held;
  std::size_t held_bytes = 0;
  Clock::time_point oldest{};
  for (;;) {
    const bool open = gather(held, held_bytes, oldest);
    if (!held.empty() && commit_due(limits_, held_bytes, Clock::now() - oldest, !open)) {
      auto stats = store_(held);
      if (!stats) {
        std::lock_guard lock(mutex_);
        failure_ = stats.error();
        queue_.clear();  // pages after a failed transaction are never stored: the cursor stays before them
        queue_bytes_ = 0;
        drained_.notify_all();
        return;
      }
      if (stored_) stored_(held, *stats);
      held.clear();
      held_bytes = 0;
    }
    if (!open && held.empty()) return;
  }
}

bool PageWriter::gather(std::vector<Page>& held, std::size_t& held_bytes, Clock::time_point& oldest) {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return !queue_.empty() || closed_; };
  if (held.empty()) queued_.wait(lock, ready);
  else queued_.wait_until(lock, oldest + limits_.commit_age, ready);
  while (!queue_.empty() && held_bytes < limits_.commit_bytes) {
    Queued& next = queue_.front();
    if (held.empty()) oldest = next.at;
    held_bytes += next.bytes;
    queue_bytes_ -= next.bytes;
    held.push_back(std::move(next.page));
    queue_.pop_front();
  }
  drained_.notify_all();
  return !(closed_ && queue_.empty());
}

}  // namespace sextant::sync
