// Monotonic time and waiting, injected into the HTTP policy so that backoff and rate limits are
// tested without sleeping.
#pragma once

#include <chrono>

namespace sextant::http {

class Timer {
 public:
  virtual ~Timer() = default;
  [[nodiscard]] virtual std::chrono::steady_clock::time_point now() const = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
  /// The calendar time, for budgets a server counts in windows of UTC time (RateLimiter windows).
  [[nodiscard]] virtual std::chrono::sys_seconds wall_now() const {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class SteadyTimer final : public Timer {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override;
};

/// A timer that only moves when something sleeps on it (tests); its wall clock moves with it.
class ManualTimer final : public Timer {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return now_; }
  [[nodiscard]] std::chrono::sys_seconds wall_now() const override {
    return wall_ + std::chrono::duration_cast<std::chrono::seconds>(now_ - std::chrono::steady_clock::time_point{});
  }
  void set_wall(std::chrono::sys_seconds at) { wall_ = at; }
  void sleep_for(std::chrono::milliseconds duration) override {
    now_ += duration;
    slept_ += duration;
  }
  [[nodiscard]] std::chrono::milliseconds slept() const { return slept_; }

 private:
  std::chrono::steady_clock::time_point now_{};
  std::chrono::milliseconds slept_{0};
  std::chrono::sys_seconds wall_{};
};

}  // namespace sextant::http
