#include "sextant/http/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::http {

std::chrono::milliseconds full_jitter(const BackoffPolicy& policy, int retry, const std::function<double()>& uniform01) {
  double ceiling = std::min(static_cast<double>(policy.cap.count()),
                            static_cast<double>(policy.base.count()) * std::pow(2.0, std::min(retry, 30)));
  return std::chrono::milliseconds{static_cast<std::int64_t>(uniform01() * ceiling)};
}

}  // namespace sextant::http
