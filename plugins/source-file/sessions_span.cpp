#include "sessions_span.hpp"

#include <sextant/plugin/calendar.hpp>

#include <algorithm>

namespace sextant::file {

Result<std::vector<DailyFact>> sessions_over_span(std::vector<ListedSessions> listed, const std::string& file) {
  std::stable_sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.day < b.day; });
  std::vector<DailyFact> out;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const auto& l = listed[i];
    if (i > 0 && listed[i - 1].day == l.day)
      return make_error(Errc::invalid_input, file + ": " + l.where + ": the day " + format_date(l.day) +
                                                 " is listed twice (also at " + listed[i - 1].where + ")");
    for (auto d = out.empty() ? l.day : out.back().day + std::chrono::days{1}; d < l.day; d += std::chrono::days{1})
      out.push_back({d, "sessions", 0});
    out.push_back({l.day, "sessions", l.value});
  }
  return out;
}

}  // namespace sextant::file
