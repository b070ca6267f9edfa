// Plausible's request budget: a key may send N requests in each clock hour (UTC), every request
// counted, and the hour's count starts again at the next whole hour (its Plausible.RateLimit
// buckets windows on the epoch, not on the first request). A 429 answers the request past N, with
// no Retry-After. Counting the run's own requests the same way, the source stops before that 429
// instead of waiting on it.
#pragma once

#include <chrono>

namespace sextant::plausible {

class HourBudget {
 public:
  explicit HourBudget(int per_hour) : per_hour_(per_hour) {}

  /// Counts one request at `now`; false (and nothing counted) when this hour's are spent.
  bool take(std::chrono::sys_seconds now) {
    const auto hour = std::chrono::floor<std::chrono::hours>(now);
    if (hour != hour_) {
      hour_ = hour;
      used_ = 0;
    }
    if (used_ >= per_hour_) return false;
    ++used_;
    return true;
  }

  /// When the hour of the last take() ends and its budget renews.
  [[nodiscard]] std::chrono::sys_seconds renews() const { return hour_ + std::chrono::hours{1}; }
  [[nodiscard]] int per_hour() const { return per_hour_; }

 private:
  int per_hour_;
  std::chrono::sys_time<std::chrono::hours> hour_{};
  int used_ = 0;
};

}  // namespace sextant::plausible
