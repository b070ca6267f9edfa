#include "shopify_order_money.hpp"

#include "shopify_amounts.hpp"

#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/money.hpp>

#include <boost/json.hpp>

namespace sextant::shopify {

namespace json = boost::json;

namespace {

struct Split {
  std::int64_t gross = 0;
  std::int64_t discount = 0;
};

// A line of a shop whose prices include tax, as Shopify's sales report shows it: the tax taken
// out of the price first, at the line's own rate (price / (1 + rate)), and the discount being
// what separates that from the line's net, its discounted amount less its own tax lines. So
// gross − discount is the net to the cent, and the tax is Shopify's, not recomputed.
// (help.shopify.com/en/manual/reports-and-analytics/shopify-reports/report-types/sales-report:
// gross sales and discounts "before taxes"; the order of the two steps:
// support.cloudlab.com/portal/en/kb/articles/why-arent-my-reports-matching-shopify-part-2.)
Result<Split> excluding_tax(const Charge& c, const std::string& where) {
  const std::string beyond = where + "amounts that add up beyond 64 bits";
  auto discounted = checked_subtract(c.original, c.discount);
  if (!discounted) return bad(beyond);
  auto net = checked_subtract(*discounted, c.tax);
  if (!net) return bad(beyond);
  // No discount on the line: nothing to separate, the gross is the net.
  if (c.discount == 0) return Split{*net, 0};
  std::optional<std::int64_t> gross;
  if (c.rate) {
    gross = share(c.original, kRateScale, kRateScale + *c.rate);
  } else {
    // A tax line without its rate: the tax comes out of the price in the proportion it takes
    // out of the discounted amount.
    gross = *discounted == 0 ? c.original : share(c.original, *net, *discounted);
  }
  if (!gross) return bad(beyond);
  auto discount = checked_subtract(*gross, *net);
  if (!discount) return bad(beyond);
  return Split{*gross, *discount};
}

}  // namespace

Result<std::optional<OrderMoney>> money_from_lines(const json::object& o, int e, bool taxes_included,
                                                   const std::string& where) {
  const auto* lines = nodes(o, "lineItems");
  if (!lines) return std::optional<OrderMoney>{};
  OrderMoney m;
  const std::string beyond = where + "lines that add up beyond 64 bits";
  std::int64_t discounted_total = 0;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    if (!(*lines)[i].is_object()) continue;
    const std::string line = where + "lineItems/" + std::to_string(i) + "/";
    auto c = read_charge((*lines)[i].as_object(), "originalTotalSet", e, line);
    if (!c) return c.error();
    auto discounted = checked_subtract(c->original, c->discount);
    if (!discounted || !checked_add_to(discounted_total, *discounted)) return bad(beyond);
    Split split{c->original, c->discount};
    if (taxes_included) {
      auto excluded = excluding_tax(*c, line);
      if (!excluded) return excluded.error();
      split = *excluded;
    }
    if (!checked_add_to(m.gross_sales, split.gross) || !checked_add_to(m.discounts, split.discount) ||
        !checked_add_to(m.taxes, c->tax))
      return bad(beyond);
  }
  auto subtotal = money(o, "subtotalPriceSet", e, where);
  if (!subtotal) return subtotal.error();
  if (discounted_total != *subtotal) return std::optional<OrderMoney>{};

  // Shipping as Shopify's reports count it: charges less shipping discounts (allocated to the
  // shipping line, not to the goods), without tax; its tax with the order's taxes.
  if (const auto* shipping = o.if_contains("shippingLine"); shipping && shipping->is_object()) {
    auto c = read_charge(shipping->as_object(), "originalPriceSet", e, where + "shippingLine/");
    if (!c) return c.error();
    auto charged = checked_subtract(c->original, c->discount);
    if (charged && taxes_included) charged = checked_subtract(*charged, c->tax);
    if (!charged || !checked_add_to(m.taxes, c->tax)) return bad(beyond);
    m.shipping = *charged;
  }
  return std::optional<OrderMoney>{m};
}

Result<OrderMoney> money_from_totals(const json::object& o, int e, bool taxes_included, const std::string& where) {
  auto sub = money(o, "subtotalPriceSet", e, where);
  auto discounts = money(o, "totalDiscountsSet", e, where);
  auto shipping = money(o, "totalShippingPriceSet", e, where);
  auto taxes = money(o, "totalTaxSet", e, where);
  for (const auto* r : {&sub, &discounts, &shipping, &taxes})
    if (!*r) return r->error();
  OrderMoney m;
  m.taxes = *taxes;
  if (!taxes_included) {
    m.gross_sales = *sub + *discounts;
    m.discounts = *discounts;
    m.shipping = *shipping;
    return m;
  }
  std::int64_t shipping_tax = 0;
  if (const auto* line = o.if_contains("shippingLine"); line && line->is_object()) {
    auto c = read_charge(line->as_object(), "originalPriceSet", e, where + "shippingLine/");
    if (!c) return c.error();
    shipping_tax = c->tax;
  }
  // The shipping tax is an amount of the order like any other: within the bound, so that the
  // sums and differences below, of a few amounts each, stay far from 64 bits.
  if (auto bounded = within_amount_bound(shipping_tax, e, format_minor(shipping_tax, e)); !bounded)
    return bad(where + "shipping taxes: " + bounded.error().message);
  // Prices include tax: take the tax out of the goods, and out of the discount in proportion.
  std::int64_t goods_tax = *taxes - shipping_tax;
  std::int64_t goods = *sub - goods_tax;
  auto discount = share(*discounts, goods, *sub);
  if (!discount) return bad(where + "a discount whose share of the goods goes beyond 64 bits");
  m.discounts = *discount;
  m.gross_sales = goods + m.discounts;
  m.shipping = *shipping - shipping_tax;
  return m;
}

}  // namespace sextant::shopify
