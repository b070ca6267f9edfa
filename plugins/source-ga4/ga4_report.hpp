// The Data API's runReport for sessions by day: the request, and what its answer says. Rows come
// in no date order (Google sorts by the first metric), dates as YYYYMMDD in the property's zone,
// values as strings; proto3 JSON leaves out empty fields (no rows, rowCount 0, consumed 0).
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sextant::ga4 {

/// The body of a runReport for sessions per day over [from, to] ("today" for to = nullopt).
std::string report_request(std::chrono::sys_days from, std::optional<std::chrono::sys_days> to, std::int64_t offset,
                           std::int64_t limit);

/// What remains of the property's quota after a report (PropertyQuota), where Google said it.
struct Quota {
  std::optional<std::int64_t> tokens_per_day, tokens_per_hour, tokens_per_project_per_hour;
  [[nodiscard]] std::string describe() const;  ///< "tokens left: 199990 today, 39990 this hour, ..."
};

struct ReportPage {
  std::map<std::chrono::sys_days, std::int64_t> sessions;  ///< the rows of this page
  std::int64_t row_count = 0;                              ///< rows of the whole report
  std::string time_zone;                                   ///< metadata.timeZone
  std::string caveats;  ///< "sampled (...)", "thresholded", "rows lost to (other)": "" when none
  std::optional<Quota> quota;
};

/// Reads an answer; an error names what is wrong (a row that is not a day and a count).
Result<ReportPage> read_report(const boost::json::value& answer);

}  // namespace sextant::ga4
