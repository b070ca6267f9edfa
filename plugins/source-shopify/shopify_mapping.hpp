// Shopify Admin API order nodes (GraphQL, or a bulk operation's JSONL rebuilt into nodes) to
// Sextant's facts. Amounts are Decimal strings of the shop currency (shopMoney).
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace sextant::shopify {

struct MappedOrder {
  OrderFact order;
  std::vector<RefundFact> refunds;
  std::string currency;
};

/// One order node, its line items and its refunds' line nodes included (as `nodes` lists). Money
/// from Shopify's per-line allocations when the line items are there and add up to the order's
/// subtotal, else from the order's totals (shopify_order_money.hpp).
Result<MappedOrder> map_order(const boost::json::object& node);

/// A bulk operation's JSONL: one line per order, and one per nested connection node carrying
/// __parentId. Returns the order nodes with their children put back under `nodes` lists.
Result<std::vector<boost::json::object>> rebuild_bulk(const std::string& jsonl);

}  // namespace sextant::shopify
