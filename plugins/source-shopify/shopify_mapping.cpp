#include "shopify_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <limits>
#include <map>
#include <optional>

namespace sextant::shopify {

namespace {

namespace json = boost::json;
using plugin::json_text;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "Shopify sent " + what); }

// A MoneyBag's shop amount: {"shopMoney": {"amount": "12.30"}}; absent counts as 0. `where` names
// the order (and refund) for the message: "order 1001, ".
Result<std::int64_t> money(const json::object& o, const char* key, int exponent, const std::string& where) {
  const auto* bag = o.if_contains(key);
  if (!bag || !bag->is_object()) return std::int64_t{0};
  const auto* shop = bag->as_object().if_contains("shopMoney");
  if (!shop || !shop->is_object()) return std::int64_t{0};
  const auto* amount = shop->as_object().if_contains("amount");
  if (!amount) return std::int64_t{0};
  auto minor = parse_minor_json(*amount, exponent, ExtraDigits::round_half);
  if (!minor) return bad(where + key + ": " + minor.error().message);
  return *minor;
}

const json::array* nodes(const json::object& o, const char* key) {
  const auto* c = o.if_contains(key);
  if (!c || !c->is_object()) return nullptr;
  const auto* n = c->as_object().if_contains("nodes");
  return n && n->is_array() ? &n->as_array() : nullptr;
}

// part x numerator / denominator, rounded: for shops whose prices include tax. Nothing when the
// share leaves 64 bits (a numerator far larger than the denominator).
std::optional<std::int64_t> share(std::int64_t part, std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return 0;
  __extension__ using Wide = __int128;
  Wide p = static_cast<Wide>(part) * numerator;
  Wide q = p / denominator, r = p % denominator;
  if (2 * (r < 0 ? -r : r) >= (denominator < 0 ? -static_cast<Wide>(denominator) : denominator))
    q += (p < 0) == (denominator < 0) ? 1 : -1;
  using Limits = std::numeric_limits<std::int64_t>;
  if (q < Limits::min() || q > Limits::max()) return std::nullopt;
  return static_cast<std::int64_t>(q);
}

}  // namespace

Result<MappedOrder> map_order(const json::object& o) {
  MappedOrder m;
  const auto* subtotal = o.if_contains("subtotalPriceSet");
  if (subtotal && subtotal->is_object())
    if (const auto* shop = subtotal->as_object().if_contains("shopMoney"); shop && shop->is_object())
      m.currency = json_text(shop->as_object(), "currencyCode");
  auto currency = find_currency(m.currency);
  if (!currency) return bad("order " + json_text(o, "id") + " without a known currency");
  const int e = currency->exponent;
  auto& f = m.order;
  f.id = json_text(o, "legacyResourceId");
  if (f.id.empty()) f.id = json_text(o, "id");
  auto created = parse_instant(json_text(o, "createdAt"));
  auto updated = parse_instant(json_text(o, "updatedAt"));
  if (!created) return bad("order " + f.id + ": " + created.error().message);
  f.placed_at = *created;
  f.updated_at = updated ? *updated : *created;
  const auto* test = o.if_contains("test");
  const auto* cancelled = o.if_contains("cancelledAt");
  if (test && test->is_bool() && test->get_bool()) f.status = "test";
  else if (cancelled && cancelled->is_string()) f.status = "cancelled";
  else {
    f.status = json_text(o, "displayFinancialStatus");
    for (char& c : f.status) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (const auto* c = o.if_contains("customer"); c && c->is_object()) f.customer_id = json_text(c->as_object(), "id");
  f.email = json_text(o, "email");
  if (const auto* q = o.if_contains("subtotalLineItemsQuantity"); q && q->is_int64()) f.items = q->get_int64();

  const std::string where = "order " + f.id + ", ";
  auto sub = money(o, "subtotalPriceSet", e, where);
  auto discounts = money(o, "totalDiscountsSet", e, where);
  auto shipping = money(o, "totalShippingPriceSet", e, where);
  auto taxes = money(o, "totalTaxSet", e, where);
  for (const auto* r : {&sub, &discounts, &shipping, &taxes})
    if (!*r) return r->error();
  std::int64_t shipping_tax = 0;
  if (const auto* line = o.if_contains("shippingLine"); line && line->is_object())
    if (const auto* lines = line->as_object().if_contains("taxLines"); lines && lines->is_array())
      for (const auto& t : lines->as_array())
        if (t.is_object()) {
          auto amount = money(t.as_object(), "priceSet", e, where + "shippingLine/taxLines/");
          if (!amount) return amount.error();
          if (!checked_add_to(shipping_tax, *amount)) return bad(where + "shipping taxes that add up beyond 64 bits");
        }
  // The shipping tax is an amount of the order like any other: within the bound, so that the
  // sums and differences below, of a few amounts each, stay far from 64 bits.
  if (auto bounded = within_amount_bound(shipping_tax, e, format_minor(shipping_tax, e)); !bounded)
    return bad(where + "shipping taxes: " + bounded.error().message);
  const auto* included = o.if_contains("taxesIncluded");
  const bool taxes_included = included && included->is_bool() && included->get_bool();
  f.taxes = *taxes;
  if (!taxes_included) {
    f.gross_sales = *sub + *discounts;
    f.discounts = *discounts;
    f.shipping = *shipping;
  } else {
    // Prices include tax: take the tax out of the goods, and out of the discount in proportion.
    std::int64_t goods_tax = *taxes - shipping_tax;
    std::int64_t goods = *sub - goods_tax;
    auto discount = share(*discounts, goods, *sub);
    if (!discount) return bad(where + "a discount whose share of the goods goes beyond 64 bits");
    f.discounts = *discount;
    f.gross_sales = goods + f.discounts;
    f.shipping = *shipping - shipping_tax;
  }

  if (const auto* refunds = o.if_contains("refunds"); refunds && refunds->is_array()) {
    for (const auto& item : refunds->as_array()) {
      if (!item.is_object()) continue;
      const auto& r = item.as_object();
      RefundFact rf;
      rf.id = json_text(r, "id");
      rf.order_id = f.id;
      auto at = parse_instant(json_text(r, "createdAt"));
      if (!at) return bad("refund " + rf.id + ": " + at.error().message);
      rf.created_at = *at;
      std::int64_t line_tax = 0;
      const std::string refund = "refund " + rf.id + " of " + where;
      const std::string beyond = refund + "lines that add up beyond 64 bits";
      if (const auto* lines = nodes(r, "refundLineItems"))
        for (const auto& l : *lines) {
          if (!l.is_object()) continue;
          auto subtotal_set = money(l.as_object(), "subtotalSet", e, refund + "refundLineItems/");
          auto tax = money(l.as_object(), "totalTaxSet", e, refund + "refundLineItems/");
          if (!subtotal_set) return subtotal_set.error();
          if (!tax) return tax.error();
          if (!checked_add_to(rf.returns, *subtotal_set) || !checked_add_to(line_tax, *tax)) return bad(beyond);
        }
      if (taxes_included) {
        auto net = checked_subtract(rf.returns, line_tax);
        if (!net) return bad(beyond);
        rf.returns = *net;
      }
      rf.taxes = line_tax;
      if (const auto* lines = nodes(r, "refundShippingLines"))
        for (const auto& l : *lines) {
          if (!l.is_object()) continue;
          auto subtotal_set = money(l.as_object(), "subtotalAmountSet", e, refund + "refundShippingLines/");
          auto tax = money(l.as_object(), "taxAmountSet", e, refund + "refundShippingLines/");
          if (!subtotal_set) return subtotal_set.error();
          if (!tax) return tax.error();
          if (!checked_add_to(rf.shipping, *subtotal_set) || !checked_add_to(rf.taxes, *tax)) return bad(beyond);
        }
      m.refunds.push_back(std::move(rf));
    }
  }
  return m;
}

Result<std::vector<json::object>> rebuild_bulk(const std::string& jsonl) {
  std::vector<json::object> orders;
  std::map<std::string, json::object*> by_id;  // orders and refunds, by gid
  std::size_t start = 0;
  std::size_t line_number = 0;
  // Children may come before their parent when objects are not grouped: keep them for the end.
  std::vector<json::object> children;
  while (start < jsonl.size()) {
    auto end = jsonl.find('\n', start);
    if (end == std::string::npos) end = jsonl.size();
    std::string_view line(jsonl.data() + start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \r\t") == std::string_view::npos) continue;
    boost::system::error_code ec;
    auto v = json::parse(line, ec);
    if (ec || !v.is_object())
      return bad("a bulk result whose line " + std::to_string(line_number) + " is not a JSON object");
    auto o = v.as_object();
    if (o.contains("__parentId")) children.push_back(std::move(o));
    else orders.push_back(std::move(o));
  }
  for (auto& o : orders) {
    by_id[json_text(o, "id")] = &o;
    if (auto* refunds = o.if_contains("refunds"); refunds && refunds->is_array())
      for (auto& r : refunds->as_array())
        if (r.is_object()) by_id[json_text(r.as_object(), "id")] = &r.as_object();
  }
  for (auto& child : children) {
    std::string parent = json_text(child, "__parentId");
    auto it = by_id.find(parent);
    if (it == by_id.end()) return bad("a bulk result line whose parent " + parent + " is missing");
    // A refund's line items and shipping lines are told apart by their fields.
    const char* list = child.contains("subtotalAmountSet") ? "refundShippingLines" : "refundLineItems";
    child.erase("__parentId");
    auto& holder = (*it->second)[list];
    if (!holder.is_object()) holder = json::object{{"nodes", json::array{}}};
    auto& siblings = holder.as_object()["nodes"];
    if (siblings.is_null()) siblings = json::array{};
    if (!siblings.is_array())
      return bad("a bulk result whose " + parent + " has \"" + list + "\" nodes that are not a list");
    siblings.as_array().push_back(std::move(child));
  }
  return orders;
}

}  // namespace sextant::shopify
