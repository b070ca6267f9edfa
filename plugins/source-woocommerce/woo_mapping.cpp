#include "woo_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <limits>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

namespace sextant::woo {

namespace {

namespace json = boost::json;
using plugin::json_text;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "WooCommerce sent " + what); }

// An amount field: Woo writes them as decimal strings; absent or empty counts as 0. `where` names
// the order (and line) for the message: "order 101, line_items/0/".
Result<std::int64_t> amount(const json::object& o, const char* key, int exponent, const std::string& where) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null() || (v->is_string() && v->get_string().empty())) return std::int64_t{0};
  auto minor = parse_minor_json(*v, exponent, ExtraDigits::round_half);
  if (!minor) return bad(where + key + ": " + minor.error().message);
  return *minor;
}


Result<std::chrono::sys_seconds> instant(const json::object& o, const char* key) {
  auto t = json_text(o, key);
  if (t.empty()) return bad("no \"" + std::string(key) + "\"");
  auto at = parse_instant(t);  // *_gmt values have no offset: UTC
  if (!at) return bad(at.error().message);
  return *at;
}

}  // namespace

Result<std::vector<WooOrder>> parse_orders(const json::value& page) {
  if (!page.is_array()) return bad("a page of orders that is not a list");
  std::vector<WooOrder> out;
  out.reserve(page.as_array().size());
  for (const auto& item : page.as_array()) {
    if (!item.is_object()) return bad("an order that is not an object");
    const auto& o = item.as_object();
    WooOrder w;
    w.currency = json_text(o, "currency");
    auto currency = find_currency(w.currency);
    if (!currency) return bad("order " + json_text(o, "id") + " in an unknown currency \"" + w.currency + "\"");
    const int e = currency->exponent;
    auto& f = w.fact;
    f.id = json_text(o, "id");
    auto placed = instant(o, "date_created_gmt");
    if (!placed) return placed.error();
    f.placed_at = *placed;
    auto modified = instant(o, "date_modified_gmt");
    f.updated_at = modified ? *modified : *placed;
    f.status = json_text(o, "status");
    f.customer_id = json_text(o, "customer_id");
    if (f.customer_id == "0") f.customer_id.clear();  // a guest
    if (const auto* billing = o.if_contains("billing"); billing && billing->is_object())
      f.email = json_text(billing->as_object(), "email");
    const std::string where = "order " + f.id + ", ";
    if (const auto* lines = o.if_contains("line_items"); lines && lines->is_array()) {
      for (std::size_t i = 0; i < lines->as_array().size(); ++i) {
        const auto& line = lines->as_array()[i];
        if (!line.is_object()) continue;
        const auto& l = line.as_object();
        if (const auto* q = l.if_contains("quantity"); q && q->is_int64())
          if (!checked_add_to(f.items, q->get_int64())) return bad(where + "quantities that add up beyond 64 bits");
        // Before discounts, excluding tax.
        auto subtotal = amount(l, "subtotal", e, where + "line_items/" + std::to_string(i) + "/");
        if (!subtotal) return subtotal.error();
        if (!checked_add_to(f.gross_sales, *subtotal)) return bad(where + "subtotals that add up beyond 64 bits");
      }
    }
    auto discounts = amount(o, "discount_total", e, where);
    auto shipping = amount(o, "shipping_total", e, where);
    auto taxes = amount(o, "total_tax", e, where);
    auto total = amount(o, "total", e, where);
    for (const auto* r : {&discounts, &shipping, &taxes, &total})
      if (!*r) return r->error();
    f.discounts = *discounts;
    f.shipping = *shipping;
    f.taxes = *taxes;
    w.total = *total;
    if (const auto* refunds = o.if_contains("refunds"); refunds && refunds->is_array())
      for (const auto& r : refunds->as_array())
        if (r.is_object()) w.refund_ids.push_back(json_text(r.as_object(), "id"));
    out.push_back(std::move(w));
  }
  return out;
}

Result<std::vector<RefundFact>> parse_refunds(const json::value& refunds, const WooOrder& order) {
  if (!refunds.is_array()) return bad("refunds that are not a list");
  const int e = find_currency(order.currency)->exponent;
  std::vector<RefundFact> out;
  for (const auto& item : refunds.as_array()) {
    if (!item.is_object()) return bad("a refund that is not an object");
    const auto& o = item.as_object();
    RefundFact r;
    r.id = json_text(o, "id");
    r.order_id = order.fact.id;
    auto created = instant(o, "date_created_gmt");
    if (!created) return created.error();
    r.created_at = *created;
    bool itemized = false;
    const std::string where = "refund " + r.id + " of order " + order.fact.id + ", ";
    // Refund lines carry negative amounts: what goes back to the customer. Negating an amount
    // within the bound cannot overflow.
    for (const char* list : {"line_items", "shipping_lines"}) {
      const auto* lines = o.if_contains(list);
      if (!lines || !lines->is_array()) continue;
      std::int64_t& goods = list == std::string_view("line_items") ? r.returns : r.shipping;
      for (std::size_t i = 0; i < lines->as_array().size(); ++i) {
        const auto& line = lines->as_array()[i];
        if (!line.is_object()) continue;
        const std::string at = where + list + "/" + std::to_string(i) + "/";
        auto total = amount(line.as_object(), "total", e, at);
        auto tax = amount(line.as_object(), "total_tax", e, at);
        if (!total) return total.error();
        if (!tax) return tax.error();
        if (!checked_add_to(goods, -*total) || !checked_add_to(r.taxes, -*tax))
          return bad(where + list + " that add up beyond 64 bits");
        itemized = true;
      }
    }
    if (!itemized) {
      auto refunded = amount(o, "amount", e, where);
      if (!refunded) return refunded.error();
      // An amount typed by hand: goods and tax in the order's proportion.
      __extension__ using Wide = __int128;  // amount x amount
      const Wide net = static_cast<Wide>(order.total) - order.fact.taxes;
      const Wide returns = order.total > 0 ? *refunded * net / order.total : *refunded;
      using Limits = std::numeric_limits<std::int64_t>;  // a tiny total makes the share huge
      if (returns < Limits::min() || returns > Limits::max()) return bad(where + "an amount whose share of goods goes beyond 64 bits");
      r.returns = static_cast<std::int64_t>(returns);
      auto taxes = checked_subtract(*refunded, r.returns);
      if (!taxes) return bad(where + "an amount whose share of goods goes beyond 64 bits");
      r.taxes = *taxes;
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sextant::woo
