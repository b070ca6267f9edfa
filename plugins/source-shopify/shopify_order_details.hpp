// A page's order nodes made whole: the line items beyond those the page asks for each order, and
// the lines of each order's refunds, read in queries of their own sized to Shopify's cost limit.
#pragma once

#include "shopify_api.hpp"

#include <sextant/plugin/error.hpp>

#include <boost/json/object.hpp>

#include <vector>

namespace sextant::shopify {

/// Completes `orders` (a page's nodes) in place: every line item under lineItems.nodes, and every
/// refund replaced by its node with refundLineItems and refundShippingLines.
Result<> complete_orders(ShopifyApi& api, std::vector<boost::json::object>& orders);

}  // namespace sextant::shopify
