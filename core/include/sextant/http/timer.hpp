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
};

class SteadyTimer final : public Timer {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::milliseconds duration) override;
};

/// A timer that only moves when something sleeps on it (tests).
class ManualTimer final : public Timer {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return now_; }
  void sleep_for(std::chrono::milliseconds duration) override {
    now_ += duration;
    slept_ += duration;
  }
  [[nodiscard]] std::chrono::milliseconds slept() const { return slept_; }

 private:
  std::chrono::steady_clock::time_point now_{};
  std::chrono::milliseconds slept_{0};
};

}  // namespace sextant::http
