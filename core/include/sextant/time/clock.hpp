// Where "now" comes from. Injected everywhere so that runs are reproducible (`--today`) and tests
// never depend on the wall clock.
#pragma once

#include <chrono>

namespace sextant::time {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual std::chrono::sys_seconds now() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::sys_seconds now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

/// Always the same instant.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::sys_seconds at) : at_(at) {}
  [[nodiscard]] std::chrono::sys_seconds now() const override { return at_; }

 private:
  std::chrono::sys_seconds at_;
};

}  // namespace sextant::time
