#include "matomo_days.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace sextant::matomo {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

Error bad(const std::string& what) { return make_error(Errc::bad_response, "Matomo sent " + what); }

// nb_visits: a JSON integer, or its digits in a string (some PHP and database drivers send counts
// as strings); never a fraction nor below zero.
Result<std::int64_t> visit_count(const json::value& v, const std::string& day) {
  const auto n = plugin::json_integer(v);
  if (!n || *n < 0) return bad("nb_visits " + json::serialize(v) + " for " + day + ": a count of visits is a whole number, 0 or more");
  return *n;
}

}  // namespace

Result<std::optional<DayRange>> days_to_read(const std::string& cursor, int restate_days, sys_days created,
                                             sys_days today) {
  sys_days first = created;
  if (!cursor.empty()) {
    auto stored = parse_date(cursor);
    if (!stored)
      return make_error(Errc::invalid_input,
                        "the stored cursor \"" + cursor + "\" is not a day (YYYY-MM-DD): run sextant sync --full");
    first = std::max(created, *stored + days{1} - days{restate_days});
  }
  if (first > today) return std::optional<DayRange>{};
  return std::optional<DayRange>{DayRange{first, today}};
}

std::string date_param(const DayRange& range) { return format_date(range.first) + "," + format_date(range.last); }

std::vector<DayRange> chunks(DayRange range, int days_per_request) {
  std::vector<DayRange> out;
  for (sys_days first = range.first; first <= range.last; first += days{days_per_request})
    out.push_back({first, std::min(range.last, first + days{days_per_request - 1})});
  return out;
}

std::string cursor_after(const DayRange& chunk, sys_days today) {
  return format_date(chunk.last < today ? chunk.last : today - days{1});
}

Result<std::vector<DailyFact>> sessions_by_day(const json::value& answer, const DayRange& chunk) {
  const auto* byday = answer.if_object();
  if (!byday) return make_error(Errc::bad_response, "Matomo answered VisitsSummary.get with something other than an object keyed by day");
  std::vector<DailyFact> out;
  for (sys_days d = chunk.first; d <= chunk.last; d += days{1}) {
    const std::string day = format_date(d);
    const auto* row = byday->if_contains(day);
    if (!row) return bad("no row for " + day + " in VisitsSummary.get's answer for " + date_param(chunk));
    std::int64_t visits = 0;  // [] is Matomo's empty table: a day without visits
    if (const auto* o = row->if_object()) {
      const auto* n = o->if_contains("nb_visits");
      if (!n) return bad("a row without nb_visits for " + day);
      auto count = visit_count(*n, day);
      if (!count) return count.error();
      visits = *count;
    } else if (!row->is_array() || !row->get_array().empty()) {
      return bad("a row for " + day + " that is neither an object nor []: " + json::serialize(*row));
    }
    out.push_back({d, "sessions", visits});
  }
  return out;
}

}  // namespace sextant::matomo
