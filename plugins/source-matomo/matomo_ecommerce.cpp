#include "matomo_ecommerce.hpp"

#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/money.hpp>

#include <boost/json.hpp>

namespace sextant::matomo {

namespace json = boost::json;

Result<EcommerceTotals> ecommerce_totals(const json::value& answer, int exponent) {
  auto bad = [](const std::string& what) { return make_error(Errc::bad_response, "Matomo answered Goals.get with " + what); };
  const auto* byday = answer.if_object();
  if (!byday) return bad("something other than an object keyed by day");
  EcommerceTotals t;
  for (const auto& [day, row] : *byday) {
    const auto* o = row.if_object();
    if (!o) continue;  // [] : no visit and no order that day
    const auto* orders = o->if_contains("nb_conversions");
    const auto* revenue = o->if_contains("revenue");
    if (!orders || !revenue) return bad("a row without nb_conversions or revenue for " + std::string(day));
    boost::system::error_code ec;
    const auto n = orders->to_number<std::int64_t>(ec);
    auto money = parse_minor_json(*revenue, exponent, ExtraDigits::round_half);
    if (ec || !money) return bad("a row for " + std::string(day) + " whose nb_conversions or revenue is not a number");
    if (!checked_add_to(t.orders, n) || !checked_add_to(t.revenue, *money)) return bad("totals beyond 64 bits");
  }
  return t;
}

}  // namespace sextant::matomo
