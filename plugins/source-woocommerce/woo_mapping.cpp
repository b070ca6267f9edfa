#include "woo_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked_sum.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

namespace sextant::woo {

namespace {

namespace json = boost::json;
using plugin::json_text;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "WooCommerce sent " + what); }

Error past_range(const std::string& what) { return bad(what + " whose amounts add up past the largest integer"); }

// An amount field: Woo writes them as decimal strings; absent or empty counts as 0.
Result<std::int64_t> amount(const json::object& o, const char* key, int exponent) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null() || (v->is_string() && v->get_string().empty())) return std::int64_t{0};
  auto minor = parse_minor_json(*v, exponent, ExtraDigits::round_half);
  if (!minor) return bad("an amount it cannot read in \"" + std::string(key) + "\": " + minor.error().message);
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

Result<std::vector<WooOrder>> parse_orders(const std::string& body) {
  boost::system::error_code ec;
  auto doc = json::parse(body, ec);
  if (ec) return bad("a page of orders that is not JSON (" + ec.message() + "), cut short?");
  if (!doc.is_array()) return bad("a page of orders that is not a list");
  std::vector<WooOrder> out;
  for (const auto& item : doc.as_array()) {
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
    if (const auto* lines = o.if_contains("line_items"); lines && lines->is_array()) {
      for (const auto& line : lines->as_array()) {
        if (!line.is_object()) continue;
        const auto& l = line.as_object();
        if (const auto* q = l.if_contains("quantity"); q && q->is_int64() && !add_checked(f.items, q->get_int64()))
          return past_range("order " + f.id);
        auto subtotal = amount(l, "subtotal", e);  // before discounts, excluding tax
        if (!subtotal) return subtotal.error();
        if (!add_checked(f.gross_sales, *subtotal)) return past_range("order " + f.id);
      }
    }
    auto discounts = amount(o, "discount_total", e);
    auto shipping = amount(o, "shipping_total", e);
    auto taxes = amount(o, "total_tax", e);
    auto total = amount(o, "total", e);
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

Result<std::vector<RefundFact>> parse_refunds(const std::string& body, const WooOrder& order) {
  boost::system::error_code ec;
  auto doc = json::parse(body, ec);
  if (ec) return bad("refunds that are not JSON (" + ec.message() + ")");
  if (!doc.is_array()) return bad("refunds that are not a list");
  const int e = find_currency(order.currency)->exponent;
  std::vector<RefundFact> out;
  for (const auto& item : doc.as_array()) {
    if (!item.is_object()) return bad("a refund that is not an object");
    const auto& o = item.as_object();
    RefundFact r;
    r.id = json_text(o, "id");
    r.order_id = order.fact.id;
    auto created = instant(o, "date_created_gmt");
    if (!created) return created.error();
    r.created_at = *created;
    bool itemized = false;
    // Refund lines carry negative amounts: what goes back to the customer.
    if (const auto* lines = o.if_contains("line_items"); lines && lines->is_array()) {
      for (const auto& line : lines->as_array()) {
        if (!line.is_object()) continue;
        auto total = amount(line.as_object(), "total", e);
        auto tax = amount(line.as_object(), "total_tax", e);
        if (!total) return total.error();
        if (!tax) return tax.error();
        if (!subtract_checked(r.returns, *total) || !subtract_checked(r.taxes, *tax)) return past_range("refund " + r.id);
        itemized = true;
      }
    }
    if (const auto* lines = o.if_contains("shipping_lines"); lines && lines->is_array()) {
      for (const auto& line : lines->as_array()) {
        if (!line.is_object()) continue;
        auto total = amount(line.as_object(), "total", e);
        auto tax = amount(line.as_object(), "total_tax", e);
        if (!total) return total.error();
        if (!tax) return tax.error();
        if (!subtract_checked(r.shipping, *total) || !subtract_checked(r.taxes, *tax)) return past_range("refund " + r.id);
        itemized = true;
      }
    }
    if (!itemized) {
      auto refunded = amount(o, "amount", e);
      if (!refunded) return refunded.error();
      // An amount typed by hand: goods and tax in the order's proportion.
      __extension__ using Wide = __int128;  // amount x amount
      const Wide net = static_cast<Wide>(order.total) - order.fact.taxes;
      const Wide returns = order.total > 0 ? *refunded * net / order.total : *refunded;
      using Limits = std::numeric_limits<std::int64_t>;
      if (returns < Limits::min() || returns > Limits::max()) return past_range("refund " + r.id);
      r.returns = static_cast<std::int64_t>(returns);
      r.taxes = *refunded;
      if (!subtract_checked(r.taxes, r.returns)) return past_range("refund " + r.id);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace sextant::woo
