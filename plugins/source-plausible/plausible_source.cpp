#include "plausible_source.hpp"

#include "visits_query.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/url_origin.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>

namespace sextant::plausible {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::sys_days;

PlausibleSource::PlausibleSource(PlausibleSettings s, plugin::Host& host)
    : s_(std::move(s)), host_(host), budget_(s_.requests_per_hour) {
  // A 429 this run did not cause (another tool on the same key) is waited out until the hour
  // ends, or reported with that time: Plausible renews the budget then, not sooner.
  host_.http().budget_windows(plugin::url_host(s_.url), std::chrono::hours{1});
}

Result<sys_days> PlausibleSource::first_day(const std::string& cursor) const {
  if (cursor.empty()) return s_.since;
  auto last = parse_date(cursor);
  if (!last) return make_error(Errc::invalid_input, "the stored cursor \"" + cursor + "\" is not a day (YYYY-MM-DD)");
  // The restate window: the last restate_days complete days are read again, Plausible's
  // late events and imports having changed them.
  return std::max(s_.since, *last + days{1} - days{s_.restate_days});
}

namespace {

// What a read stopped part way has kept, for the words of its error ("" for check).
std::string kept(std::optional<sys_days> stored) {
  return stored ? "the days up to " + format_date(*stored) + " are stored; " : "";
}

}  // namespace

Result<json::value> PlausibleSource::query(std::string body, std::optional<sys_days> stored) {
  if (!budget_.take(host_.wall_now()))
    return make_error(Errc::rate_limited,
                      "this run sent Plausible the " + std::to_string(budget_.per_hour()) +
                          " requests an hour that requests_per_hour allows (Plausible counts a key's requests by "
                          "clock hour); " + kept(stored) + "run sync again after " +
                          format_instant(budget_.renews()) + " to read on");
  plugin::HttpRequest r;
  r.method = "POST";
  r.url = s_.url + "/api/v2/query";
  r.headers = {{"Authorization", "Bearer " + s_.api_key},
               {"Content-Type", "application/json"},
               {"Accept", "application/json"}};
  r.body = std::move(body);
  r.keep_document = true;
  auto answer = host_.http().send(r);
  if (answer) return std::move(answer->document);
  auto e = answer.error();
  if (e.code == Errc::unauthorized)
    e.message += " — check api_key (a Stats API key: Plausible Cloud's Business plan, or any self-hosted instance) "
                 "and that site_id \"" + s_.site_id + "\" is the site's domain as Plausible lists it (Plausible "
                 "answers 401 for a site the key cannot see)";
  if (e.code == Errc::rate_limited)
    e.message += " — Plausible counts every request of the key in the clock hour, other tools' included: " +
                 kept(stored) + "run sync again once the budget renews";
  return e;
}

Result<> PlausibleSource::check() {
  // The cheapest query the key may make on the site: today's visits, one row.
  auto body = json::serialize(json::object{{"site_id", s_.site_id}, {"metrics", json::array{"visits"}}, {"date_range", "day"}});
  auto answer = query(std::move(body), std::nullopt);
  if (!answer) return answer.error();
  return {};
}

Result<> PlausibleSource::read(const plugin::ReadRequest& request, plugin::Emitter& out) {
  if (!request.facts.sessions) return {};  // the shop takes its sessions from another source
  const sys_days today = host_.local_day(host_.now());
  auto from = first_day(request.cursor);
  if (!from) return from.error();
  if (*from > today) return {};
  const DayRange range{*from, today};
  sys_days stored = *from - days{1};  // the last day emitted
  for (std::int64_t offset = 0;;) {
    if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
    auto answer = query(visits_query(s_.site_id, range, s_.page_size, offset), stored);
    if (!answer) return answer.error();
    auto page = read_visits(*answer, range, stored);
    if (!page) return page.error();
    offset += static_cast<std::int64_t>(page->days.size());
    const bool last = page->days.empty() || offset >= page->total_rows;
    // A page answers for the days up to its last row (the days it leaves out had no visit); the
    // last page for the rest of the range.
    const sys_days until = last ? today : page->days.back().day;
    Page facts;
    facts.daily = every_day({stored + days{1}, until}, page->days);
    // Today is not over: the cursor is the last complete day, so the next sync reads today again.
    facts.cursor = format_date(std::min(until, today - days{1}));
    facts.total_hint = std::max<std::int64_t>(1, (page->total_rows + s_.page_size - 1) / s_.page_size);
    if (auto ok = out.emit(std::move(facts)); !ok) return ok;
    stored = until;
    if (last) return {};
  }
}

}  // namespace sextant::plausible
