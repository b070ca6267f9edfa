// Which days a read asks Matomo for, in which chunks, with which cursors, and the sessions of a
// chunk from VisitsSummary.get's answer. Days are the site's (the plan's) calendar days.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sextant::matomo {

struct DayRange {
  std::chrono::sys_days first{}, last{};  ///< both included
};

/// The days to read: from the site's creation on a full read (cursor ""), else from `restate_days`
/// before the day after the cursor, never before creation; to today. Nothing when the site was
/// created after today. A cursor that is not a day is an error.
Result<std::optional<DayRange>> days_to_read(const std::string& cursor, int restate_days,
                                             std::chrono::sys_days created, std::chrono::sys_days today);

/// The range as the API's date parameter takes it: "2026-01-01,2026-04-05".
std::string date_param(const DayRange& range);

/// The range cut into chunks of at most `days_per_request` days, in order.
std::vector<DayRange> chunks(DayRange range, int days_per_request);

/// The cursor stored with a chunk: its last day, the last complete one; when that day is today,
/// whose figure is partial, the day before, so that today is read again by the next sync.
std::string cursor_after(const DayRange& chunk, std::chrono::sys_days today);

/// The sessions (nb_visits) of every day of the chunk, from VisitsSummary.get's answer to
/// period=day&date=first,last: an object keyed by day, where a day without visits is []. A count
/// may come as a number or a string of digits; a fraction, a negative or a missing day is an error.
Result<std::vector<DailyFact>> sessions_by_day(const boost::json::value& answer, const DayRange& chunk);

}  // namespace sextant::matomo
