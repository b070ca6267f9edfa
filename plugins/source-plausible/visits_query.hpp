// The Stats API v2 query for visits by day, and the reading of its answers: pure functions, so the
// source keeps only the paging, the budget and the cursor.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::plausible {

/// Days of the site's time zone, both ends included.
struct DayRange {
  std::chrono::sys_days first, last;
};

/// The body of POST /api/v2/query: visits (sessions) by time:day over `range`, oldest first, the
/// row count asked for (include.total_rows), one page of `limit` rows from `offset`.
std::string visits_query(std::string_view site_id, DayRange range, std::int64_t limit, std::int64_t offset);

/// One page of answer: the days that had visits (Plausible leaves out the others), ascending.
struct VisitsPage {
  std::vector<DailyFact> days;
  std::int64_t total_rows = 0;  ///< rows of the whole query, before pagination
};

/// Reads an answer to visits_query over `range`: each row a day of the range, after `after`
/// (the last day of the previous page), ascending, with a whole number of visits.
Result<VisitsPage> read_visits(const boost::json::value& answer, DayRange range, std::chrono::sys_days after);

/// Every day of `range`, with the visits of `page` where it has the day and 0 elsewhere: within the
/// range asked, a day Plausible leaves out had no visit.
std::vector<DailyFact> every_day(DayRange range, const std::vector<DailyFact>& page);

}  // namespace sextant::plausible
