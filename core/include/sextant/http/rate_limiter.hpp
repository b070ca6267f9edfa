// Token buckets, one per key (a host, or a plugin's own key), fed by what servers say of their
// budget. A key nobody configured is unlimited.
#pragma once

#include "sextant/plugin/http.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace sextant::http {

class RateLimiter {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  /// Sets a bucket's size and refill, keeping what it holds (capped to the new size).
  void configure(const std::string& key, double capacity, double refill_per_second, time_point now);
  /// The server's view of the bucket wins over ours.
  void observe(const std::string& key, const plugin::RateBudget& budget, time_point now);
  /// Takes `cost` units from the bucket and returns how long to wait before sending (0 if the
  /// units are there). The bucket may go negative: later callers wait for the debt too.
  std::chrono::milliseconds reserve(const std::string& key, double cost, time_point now);

  /// A budget the server counts in fixed windows of calendar time aligned on the epoch (Plausible:
  /// N requests per clock hour, UTC): a 429 without Retry-After on `key` means its window is spent.
  void count_windows(const std::string& key, std::chrono::seconds width);
  /// When the window of `key` holding `now` ends; nullopt for a key without windows.
  [[nodiscard]] std::optional<std::chrono::sys_seconds> window_end(const std::string& key,
                                                                   std::chrono::sys_seconds now);

 private:
  struct Bucket {
    double capacity = 0, refill = 0, tokens = 0;
    time_point updated{};
  };
  void refill(Bucket& b, time_point now) const;

  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
  std::map<std::string, std::chrono::seconds> windows_;
};

}  // namespace sextant::http
