#include "ga4_report.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>


namespace sextant::ga4 {

namespace json = boost::json;
using plugin::json_array;
using plugin::json_object;
using plugin::json_text;

namespace {

// A count, 0 or more: int64 values come as decimal strings in proto3 JSON.
std::optional<std::int64_t> whole_number(const json::value* v) {
  auto n = v ? plugin::json_integer(*v) : std::nullopt;
  return n && *n >= 0 ? n : std::nullopt;
}

// YYYYMMDD, as the "date" dimension gives it.
std::optional<std::chrono::sys_days> compact_date(std::string_view text) {
  if (text.size() != 8) return std::nullopt;
  return parse_date(std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                    std::string(text.substr(6, 2)));
}

// A PropertyQuota bucket's "remaining" (absent: 0, as proto3 JSON leaves zeros out; the request
// that crosses a quota is served, so it may be negative).
std::optional<std::int64_t> remaining(const json::object& quota, std::string_view bucket) {
  const auto* b = json_object(quota, bucket);
  if (!b) return std::nullopt;
  const auto* v = b->if_contains("remaining");
  return v ? plugin::json_integer(*v) : std::int64_t{0};
}

}  // namespace

std::string report_request(std::chrono::sys_days from, std::optional<std::chrono::sys_days> to, std::int64_t offset,
                           std::int64_t limit) {
  return json::serialize(json::object{
      {"dateRanges", json::array{json::object{{"startDate", format_date(from)},
                                              {"endDate", to ? format_date(*to) : std::string("today")}}}},
      {"dimensions", json::array{json::object{{"name", "date"}}}},
      {"metrics", json::array{json::object{{"name", "sessions"}}}},
      {"keepEmptyRows", true},  // a day without a session is 0, not missing
      {"returnPropertyQuota", true},
      {"offset", offset},
      {"limit", limit}});
}

std::string Quota::describe() const {
  std::string out;
  for (auto [what, value] : {std::pair{" today", tokens_per_day}, {" this hour", tokens_per_hour},
                             {" this hour for the project", tokens_per_project_per_hour}})
    if (value) out += (out.empty() ? "" : ",") + std::string(" ") + std::to_string(*value) + what;
  return out.empty() ? "no quota figures" : "tokens left:" + out;
}

Result<ReportPage> read_report(const json::value& answer) {
  const auto* o = answer.if_object();
  if (!o) return make_error(Errc::bad_response, "GA4 answered a report with something that is not a JSON object");
  ReportPage page;
  if (const auto* rows = json_array(*o, "rows")) {
    for (const auto& row : *rows) {
      const auto* r = row.if_object();
      const auto* dims = r ? json_array(*r, "dimensionValues") : nullptr;
      const auto* values = r ? json_array(*r, "metricValues") : nullptr;
      if (!dims || !values || dims->empty() || values->empty() || !dims->at(0).is_object() || !values->at(0).is_object())
        return make_error(Errc::bad_response, "GA4 sent a report row without a date and a sessions value");
      auto date_text = json_text(dims->at(0).as_object(), "value");
      const auto* value = values->at(0).as_object().if_contains("value");
      auto day = compact_date(date_text);
      if (!day) return make_error(Errc::bad_response, "GA4 sent a row dated \"" + date_text + "\", not YYYYMMDD");
      auto sessions = whole_number(value);
      if (!sessions)
        return make_error(Errc::bad_response, "GA4 sent " + (value ? json::serialize(*value) : std::string("nothing")) +
                                                  " as the sessions of " + format_date(*day) + ": not a whole number");
      if (!page.sessions.emplace(*day, *sessions).second)
        return make_error(Errc::bad_response, "GA4 sent the day " + format_date(*day) + " twice in one report");
    }
  }
  if (const auto* count = o->if_contains("rowCount")) {
    auto n = whole_number(count);
    if (!n) return make_error(Errc::bad_response, "GA4 sent a rowCount of " + json::serialize(*count));
    page.row_count = *n;
  }
  if (const auto* meta = json_object(*o, "metadata")) {
    page.time_zone = json_text(*meta, "timeZone");
    if (const auto* samples = json_array(*meta, "samplingMetadatas"); samples && !samples->empty() && samples->at(0).is_object())
      page.caveats += "sampled (" + json_text(samples->at(0).as_object(), "samplesReadCount") + " of " +
                      json_text(samples->at(0).as_object(), "samplingSpaceSize") + " sessions read)";
    if (json_text(*meta, "subjectToThresholding") == "true")
      page.caveats += std::string(page.caveats.empty() ? "" : ", ") + "thresholded (rows may be withheld)";
    if (json_text(*meta, "dataLossFromOtherRow") == "true")
      page.caveats += std::string(page.caveats.empty() ? "" : ", ") + "rows lumped into (other)";
  }
  if (const auto* quota = json_object(*o, "propertyQuota"))
    page.quota = Quota{remaining(*quota, "tokensPerDay"), remaining(*quota, "tokensPerHour"),
                       remaining(*quota, "tokensPerProjectPerHour")};
  return page;
}

}  // namespace sextant::ga4
