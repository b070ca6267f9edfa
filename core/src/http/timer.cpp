#include "sextant/http/timer.hpp"

#include <thread>

namespace sextant::http {

void SteadyTimer::sleep_for(std::chrono::milliseconds duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

}  // namespace sextant::http
