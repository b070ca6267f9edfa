#include "vendure_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

namespace sextant::vendure {

namespace {

namespace json = boost::json;
using plugin::json_text;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "Vendure sent " + what); }

// An amount at the server's precision (an integer of its minor units), moved to the currency's
// exponent and within the bound; absent counts as 0. `where` names the order for the message.
Result<std::int64_t> amount(const json::object& o, const char* key, int precision, int exponent,
                            const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::int64_t{0};
  if (!v->is_int64())
    return bad(where + key + ": " + (v->is_number() ? json::serialize(*v) : "a " + std::string(json::to_string(v->kind()))) +
               " is not an amount in minor units (an integer)");
  std::int64_t x = v->get_int64();
  // Bounded at the server's precision first: scaled up by at most 10^4 below, it stays far
  // from 64 bits; then bounded again in the currency's own minor units.
  auto bounded = within_amount_bound(x, precision, json::serialize(*v));
  for (int p = exponent; p < precision && bounded; ++p) x /= 10;
  for (int p = precision; p < exponent && bounded; ++p) x *= 10;
  if (bounded) bounded = within_amount_bound(x, exponent, json::serialize(*v));
  if (!bounded) return bad(where + key + ": " + bounded.error().message);
  return x;
}

// part x numerator / denominator, rounded half away from zero.
std::int64_t share(std::int64_t part, std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return part;
  __extension__ using Wide = __int128;
  Wide p = static_cast<Wide>(part) * numerator;
  Wide q = p / denominator, r = p % denominator;
  if (2 * (r < 0 ? -r : r) >= denominator) q += p < 0 ? -1 : 1;
  return static_cast<std::int64_t>(q);
}

}  // namespace

Result<MappedOrder> map_order(const json::object& o, int precision) {
  MappedOrder m;
  m.currency = json_text(o, "currencyCode");
  auto currency = find_currency(m.currency);
  if (!currency) return make_error(Errc::bad_response, "Vendure sent order " + json_text(o, "code") + " in an unknown currency");
  const int e = currency->exponent;
  auto placed = parse_instant(json_text(o, "orderPlacedAt"));
  auto updated = parse_instant(json_text(o, "updatedAt"));
  if (!placed) return m;  // never placed: a cart
  m.placed = true;
  auto& f = m.order;
  f.id = json_text(o, "id");
  f.placed_at = *placed;
  f.updated_at = updated ? *updated : *placed;
  f.status = json_text(o, "state");
  if (const auto* c = o.if_contains("customer"); c && c->is_object()) {
    const auto& customer = c->as_object();
    const auto* user = customer.if_contains("user");
    if (user && user->is_object()) f.customer_id = json_text(customer, "id");  // registered
    f.email = json_text(customer, "emailAddress");                           // guests are told apart by it
  }
  f.items = o.contains("totalQuantity") ? o.at("totalQuantity").to_number<std::int64_t>() : 0;
  const std::string where = "order " + json_text(o, "code") + ", ";
  std::int64_t lines = 0;
  if (const auto* list = o.if_contains("lines"); list && list->is_array())
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const auto& line = list->as_array()[i];
      if (!line.is_object()) continue;
      auto price = amount(line.as_object(), "linePrice", precision, e, where + "lines/" + std::to_string(i) + "/");
      if (!price) return price.error();
      if (!checked_add_to(lines, *price)) return bad(where + "line prices that add up beyond 64 bits");
    }
  // The order's own totals, each within the bound; the lines' sum is too, or the discount would be
  // beyond one.
  auto sub_total = amount(o, "subTotal", precision, e, where);  // after discounts, excluding tax
  auto total = amount(o, "total", precision, e, where);
  auto with_tax = amount(o, "totalWithTax", precision, e, where);
  auto shipping = amount(o, "shipping", precision, e, where);
  for (const auto* r : {&sub_total, &total, &with_tax, &shipping})
    if (!*r) return r->error();
  if (auto bounded = within_amount_bound(lines, e, format_minor(lines, e)); !bounded)
    return bad(where + "line prices that add up to " + bounded.error().message);
  f.gross_sales = lines;
  f.discounts = lines - *sub_total;
  f.shipping = *shipping;
  f.taxes = *with_tax - *total;
  if (const auto* payments = o.if_contains("payments"); payments && payments->is_array())
    for (const auto& payment : payments->as_array())
      for (const auto& r : payment.at("refunds").as_array()) {
        const auto& refund = r.as_object();
        if (json_text(refund, "state") != "Settled") continue;  // no money moved yet
        auto at = parse_instant(json_text(refund, "createdAt"));
        if (!at) return make_error(Errc::bad_response, "Vendure sent a refund without a date");
        // A refund is an amount, tax included: goods and tax in the order's own proportion.
        auto money = amount(refund, "total", precision, e, "refund " + json_text(refund, "id") + " of " + where);
        if (!money) return money.error();
        RefundFact rf{json_text(refund, "id"), f.id, *at, share(*money, *total, *with_tax), 0, 0};
        rf.taxes = *money - rf.returns;
        m.refunds.push_back(std::move(rf));
      }
  return m;
}

}  // namespace sextant::vendure
