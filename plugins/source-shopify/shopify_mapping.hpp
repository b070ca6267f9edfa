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

/// One order node, refunds and their line nodes included (as `nodes` lists).
Result<MappedOrder> map_order(const boost::json::object& node);

/// A bulk operation's JSONL: one line per order, and one per nested connection node carrying
/// __parentId. Returns the order nodes with their children put back under `nodes` lists.
Result<std::vector<boost::json::object>> rebuild_bulk(const std::string& jsonl);

}  // namespace sextant::shopify
