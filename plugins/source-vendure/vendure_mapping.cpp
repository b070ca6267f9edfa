#include "vendure_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/currency.hpp>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

namespace sextant::vendure {

namespace {

namespace json = boost::json;
using plugin::json_text;

// An amount at the server's precision, moved to the currency's exponent.
std::int64_t amount(const json::object& o, const char* key, int precision, int exponent) {
  const auto* v = o.if_contains(key);
  std::int64_t x = v && v->is_number() ? v->to_number<std::int64_t>() : 0;
  for (int p = precision; p < exponent; ++p) x *= 10;
  for (int p = exponent; p < precision; ++p) x /= 10;
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
  std::int64_t lines = 0;
  if (const auto* list = o.if_contains("lines"); list && list->is_array())
    for (const auto& line : list->as_array()) lines += amount(line.as_object(), "linePrice", precision, e);
  const std::int64_t sub_total = amount(o, "subTotal", precision, e);  // after discounts, excluding tax
  const std::int64_t total = amount(o, "total", precision, e);
  const std::int64_t with_tax = amount(o, "totalWithTax", precision, e);
  f.gross_sales = lines;
  f.discounts = lines - sub_total;
  f.shipping = amount(o, "shipping", precision, e);
  f.taxes = with_tax - total;
  if (const auto* payments = o.if_contains("payments"); payments && payments->is_array())
    for (const auto& payment : payments->as_array())
      for (const auto& r : payment.at("refunds").as_array()) {
        const auto& refund = r.as_object();
        if (json_text(refund, "state") != "Settled") continue;  // no money moved yet
        auto at = parse_instant(json_text(refund, "createdAt"));
        if (!at) return make_error(Errc::bad_response, "Vendure sent a refund without a date");
        // A refund is an amount, tax included: goods and tax in the order's own proportion.
        std::int64_t money = amount(refund, "total", precision, e);
        RefundFact rf{json_text(refund, "id"), f.id, *at, share(money, total, with_tax), 0, 0};
        rf.taxes = money - rf.returns;
        m.refunds.push_back(std::move(rf));
      }
  return m;
}

}  // namespace sextant::vendure
