// An order's sales figures (DESIGN.md §5: gross sales, discounts, shipping, taxes) from a Shopify
// order node, the way Shopify's own sales reports compute them.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sextant::shopify {

struct OrderMoney {
  std::int64_t gross_sales = 0;
  std::int64_t discounts = 0;
  std::int64_t shipping = 0;
  std::int64_t taxes = 0;
};

/// From Shopify's own allocations: each line item's originalTotalSet, discountAllocations and
/// taxLines, and the shipping line's. Nothing when the node has no lineItems, or when they do
/// not add up to the order's subtotalPriceSet (more lines than the query asked for, an order
/// edited since): the order's totals are then the better figure.
Result<std::optional<OrderMoney>> money_from_lines(const boost::json::object& order, int exponent,
                                                   bool taxes_included, const std::string& where);

/// From the order's totals alone: the order's discount spread over its goods in proportion when
/// prices include tax. Right in net sales; gross sales and discounts may each be a cent away from
/// Shopify's reports, which sum per-line allocations.
Result<OrderMoney> money_from_totals(const boost::json::object& order, int exponent, bool taxes_included,
                                     const std::string& where);

}  // namespace sextant::shopify
