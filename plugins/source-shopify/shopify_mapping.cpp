#include "shopify_mapping.hpp"

#include "shopify_amounts.hpp"
#include "shopify_order_money.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <map>

namespace sextant::shopify {

namespace {

namespace json = boost::json;
using plugin::json_text;

// The order's own facts, money aside: ids, dates, status, customer, units.
Result<OrderFact> order_header(const json::object& o) {
  OrderFact f;
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
  return f;
}

// Σ of one MoneyBag over a refund's line nodes, into `total` and their taxes into `taxes`.
Result<> add_refund_lines(const json::object& r, const char* list, const char* amount_key, const char* tax_key,
                          int e, const std::string& where, std::int64_t& total, std::int64_t& taxes) {
  const auto* lines = nodes(r, list);
  if (!lines) return {};
  const std::string in = where + list + "/";
  for (const auto& l : *lines) {
    if (!l.is_object()) continue;
    auto amount = money(l.as_object(), amount_key, e, in);
    auto tax = money(l.as_object(), tax_key, e, in);
    if (!amount) return amount.error();
    if (!tax) return tax.error();
    if (!checked_add_to(total, *amount) || !checked_add_to(taxes, *tax))
      return bad(where + "lines that add up beyond 64 bits");
  }
  return {};
}

// Refunds on their own day: goods from refundLineItems.subtotalSet (less their tax when prices
// include it), shipping from refundShippingLines, and the taxes of both.
Result<std::vector<RefundFact>> order_refunds(const json::object& o, const std::string& order_id, int e,
                                              bool taxes_included) {
  std::vector<RefundFact> out;
  const auto* refunds = o.if_contains("refunds");
  if (!refunds || !refunds->is_array()) return out;
  for (const auto& item : refunds->as_array()) {
    if (!item.is_object()) continue;
    const auto& r = item.as_object();
    RefundFact rf;
    rf.id = json_text(r, "id");
    rf.order_id = order_id;
    auto at = parse_instant(json_text(r, "createdAt"));
    if (!at) return bad("refund " + rf.id + ": " + at.error().message);
    rf.created_at = *at;
    const std::string where = "refund " + rf.id + " of order " + order_id + ", ";
    std::int64_t line_tax = 0;
    if (auto ok = add_refund_lines(r, "refundLineItems", "subtotalSet", "totalTaxSet", e, where, rf.returns, line_tax);
        !ok)
      return ok.error();
    if (taxes_included) {
      auto net = checked_subtract(rf.returns, line_tax);
      if (!net) return bad(where + "lines that add up beyond 64 bits");
      rf.returns = *net;
    }
    rf.taxes = line_tax;
    if (auto ok = add_refund_lines(r, "refundShippingLines", "subtotalAmountSet", "taxAmountSet", e, where,
                                   rf.shipping, rf.taxes);
        !ok)
      return ok.error();
    out.push_back(std::move(rf));
  }
  return out;
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
  auto header = order_header(o);
  if (!header) return header.error();
  m.order = std::move(*header);
  auto& f = m.order;
  const std::string where = "order " + f.id + ", ";
  const auto* included = o.if_contains("taxesIncluded");
  const bool taxes_included = included && included->is_bool() && included->get_bool();

  auto from_lines = money_from_lines(o, e, taxes_included, where);
  if (!from_lines) return from_lines.error();
  auto figures = *from_lines ? Result<OrderMoney>(**from_lines) : money_from_totals(o, e, taxes_included, where);
  if (!figures) return figures.error();
  f.gross_sales = figures->gross_sales;
  f.discounts = figures->discounts;
  f.shipping = figures->shipping;
  f.taxes = figures->taxes;

  auto refunds = order_refunds(o, f.id, e, taxes_included);
  if (!refunds) return refunds.error();
  m.refunds = std::move(*refunds);
  return m;
}

Result<std::vector<json::object>> rebuild_bulk(const std::string& jsonl) {
  std::vector<json::object> orders;
  std::map<std::string, json::object*> by_id;  // orders and refunds, by gid: the parents of nested nodes
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
    // An order's line items, a refund's line items and its shipping lines are told apart by
    // their fields.
    const char* list = child.contains("originalTotalSet")    ? "lineItems"
                       : child.contains("subtotalAmountSet") ? "refundShippingLines"
                                                             : "refundLineItems";
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
