// Capped exponential backoff with full jitter: the wait before retry n is drawn uniformly from
// [0, min(cap, base x 2^n)]. Randomness is injected so that tests are exact.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace sextant::http {

struct BackoffPolicy {
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{30'000};
};

/// `uniform01` returns a number in [0, 1).
std::chrono::milliseconds full_jitter(const BackoffPolicy& policy, int retry, const std::function<double()>& uniform01);

}  // namespace sextant::http
