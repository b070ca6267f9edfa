// The sessions a file lists, as daily facts: a file's sessions cover the days from its first
// listed day to its last, and a day it leaves out in between had no visit (exports such as
// Plausible's omit those days). Days outside that span stay unknown.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sextant::file {

/// A day's sessions as the file lists them, and where ("line 7", "/sessions/3") for errors.
struct ListedSessions {
  std::chrono::sys_days day;
  std::int64_t value = 0;
  std::string where;
};

/// One fact a day over the listed span, in day order. A day listed twice is an error naming the
/// file and both places.
Result<std::vector<DailyFact>> sessions_over_span(std::vector<ListedSessions> listed, const std::string& file);

}  // namespace sextant::file
