#include "visits_query.hpp"

#include <sextant/plugin/calendar.hpp>

#include <boost/json.hpp>

namespace sextant::plausible {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::sys_days;

namespace {

Error bad(const std::string& what) { return make_error(Errc::bad_response, "Plausible sent " + what); }

}  // namespace

std::string visits_query(std::string_view site_id, DayRange range, std::int64_t limit, std::int64_t offset) {
  // Ordered by day explicitly: pages cut from one order are what makes paging by offset whole.
  return json::serialize(json::object{
      {"site_id", site_id},
      {"metrics", json::array{"visits"}},
      {"date_range", json::array{format_date(range.first), format_date(range.last)}},
      {"dimensions", json::array{"time:day"}},
      {"order_by", json::array{json::array{"time:day", "asc"}}},
      {"include", json::object{{"total_rows", true}}},
      {"pagination", json::object{{"limit", limit}, {"offset", offset}}}});
}

Result<VisitsPage> read_visits(const json::value& answer, DayRange range, sys_days after) {
  const auto* top = answer.if_object();
  const auto* results = top ? top->if_contains("results") : nullptr;
  if (!results || !results->is_array()) return bad("an answer without \"results\"");
  const json::value* total = nullptr;
  if (const auto* meta = top->if_contains("meta"); meta && meta->is_object())
    total = meta->as_object().if_contains("total_rows");
  if (!total || !total->is_int64() || total->get_int64() < 0)
    return bad("an answer without meta.total_rows, which the query asked for");
  VisitsPage page;
  page.total_rows = total->get_int64();
  for (const auto& row : results->get_array()) {
    const std::string at = "results/" + std::to_string(page.days.size());
    const auto* fields = row.if_object();
    const auto* dimensions = fields ? fields->if_contains("dimensions") : nullptr;
    const auto* metrics = fields ? fields->if_contains("metrics") : nullptr;
    if (!dimensions || !dimensions->is_array() || dimensions->get_array().size() != 1 ||
        !dimensions->get_array()[0].is_string() || !metrics || !metrics->is_array() ||
        metrics->get_array().size() != 1)
      return bad(at + " that is not {\"dimensions\": [day], \"metrics\": [visits]}");
    const std::string text(dimensions->get_array()[0].get_string());
    auto day = parse_date(text);
    if (!day) return bad(at + ": \"" + text + "\", which is not a day (YYYY-MM-DD)");
    if (*day < range.first || *day > range.last)
      return bad(at + ": " + text + ", outside the range asked (" + format_date(range.first) + " to " +
                 format_date(range.last) + ")");
    if (*day <= after) return bad(at + ": " + text + " out of order (the days must come oldest first, once each)");
    const auto& visits = metrics->get_array()[0];
    if (!visits.is_int64() || visits.get_int64() < 0)
      return bad(at + ": " + json::serialize(visits) + " visits on " + text + ", which is not a whole number of 0 or more");
    page.days.push_back({*day, "sessions", visits.get_int64()});
    after = *day;
  }
  return page;
}

std::vector<DailyFact> every_day(DayRange range, const std::vector<DailyFact>& page) {
  std::vector<DailyFact> out;
  auto row = page.begin();
  for (sys_days day = range.first; day <= range.last; day += days{1}) {
    const bool listed = row != page.end() && row->day == day;
    out.push_back({day, "sessions", listed ? row->value : 0});
    if (listed) ++row;
  }
  return out;
}

}  // namespace sextant::plausible
