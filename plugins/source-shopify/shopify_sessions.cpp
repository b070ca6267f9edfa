#include "shopify_sessions.hpp"

#include "queries.hpp"
#include "shopify_amounts.hpp"
#include "shopify_answer.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>

namespace sextant::shopify {

namespace json = boost::json;
using plugin::json_text;

Result<std::vector<DailyFact>> daily_sessions(ShopifyApi& api, std::chrono::sys_days from) {
  std::string q = "FROM sessions SHOW sessions GROUP BY day SINCE " + format_date(from) + " UNTIL today ORDER BY day";
  auto data = api.graphql(kSessions, {{"q", q}});
  if (!data) return data.error();
  const auto* result = plugin::json_object(*data, "shopifyqlQuery");
  if (!result) return bad("no shopifyqlQuery");
  auto table = need_object(*result, "tableData", "shopifyqlQuery.tableData");
  if (!table) return table.error();
  auto listed_columns = need_array(**table, "columns", "shopifyqlQuery.tableData.columns");
  if (!listed_columns) return listed_columns.error();
  auto rows = need_array(**table, "rows", "shopifyqlQuery.tableData.rows");
  if (!rows) return rows.error();
  std::vector<std::string> columns;
  for (const auto& c : **listed_columns) columns.push_back(c.is_object() ? json_text(c.get_object(), "name") : "");
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  const std::size_t day_at = column("day"), sessions_at = column("sessions");
  std::vector<DailyFact> daily;
  for (const auto& row : **rows) {
    const json::value* day = nullptr;
    const json::value* value = nullptr;
    if (const auto* cells = row.if_array()) {
      if (day_at < cells->size()) day = &(*cells)[day_at];
      if (sessions_at < cells->size()) value = &(*cells)[sessions_at];
    } else if (const auto* fields = row.if_object()) {
      day = fields->if_contains("day");
      value = fields->if_contains("sessions");
    }
    if (!day || !value || !day->is_string()) continue;
    auto date = parse_date(std::string(day->get_string()).substr(0, 10));
    if (!date) continue;
    auto n = need_integer(*value, "a sessions cell");
    if (!n) return n.error();
    daily.push_back({*date, "sessions", *n});
  }
  return daily;
}

}  // namespace sextant::shopify
