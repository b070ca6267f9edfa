#include "sextant/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::http {

void RateLimiter::refill(Bucket& b, time_point now) const {
  if (now > b.updated) {
    double seconds = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(b.capacity, b.tokens + seconds * b.refill);
  }
  b.updated = now;
}

void RateLimiter::configure(const std::string& key, double capacity, double refill_per_second, time_point now) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity, refill_per_second, capacity, now});
  if (fresh) return;
  refill(it->second, now);
  it->second.capacity = capacity;
  it->second.refill = refill_per_second;
  it->second.tokens = std::min(it->second.tokens, capacity);
}

void RateLimiter::observe(const std::string& key, const plugin::RateBudget& budget, time_point now) {
  std::lock_guard lock(mutex_);
  auto& b = buckets_[key];
  b.capacity = budget.capacity;
  b.refill = budget.refill_per_second;
  b.tokens = budget.available;
  b.updated = now;
}

std::chrono::milliseconds RateLimiter::reserve(const std::string& key, double cost, time_point now) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(key);
  if (it == buckets_.end() || it->second.refill <= 0) return std::chrono::milliseconds{0};  // unlimited
  auto& b = it->second;
  refill(b, now);
  b.tokens -= cost;
  if (b.tokens >= 0) return std::chrono::milliseconds{0};
  return std::chrono::milliseconds{static_cast<std::int64_t>(std::ceil(-b.tokens / b.refill * 1000.0))};
}

void RateLimiter::count_windows(const std::string& key, std::chrono::seconds width) {
  std::lock_guard lock(mutex_);
  windows_[key] = width;
}

std::optional<std::chrono::sys_seconds> RateLimiter::window_end(const std::string& key, std::chrono::sys_seconds now) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(key);
  if (it == windows_.end() || it->second.count() <= 0) return std::nullopt;
  const auto width = it->second;
  return std::chrono::sys_seconds{(now.time_since_epoch() / width + 1) * width};
}

}  // namespace sextant::http
