#include "shopify_order_details.hpp"

#include "queries.hpp"
#include "query_cost.hpp"
#include "shopify_amounts.hpp"
#include "shopify_answer.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <optional>

namespace sextant::shopify {

namespace {

namespace json = boost::json;
using plugin::json_text;

// Orders with more line items than a page asks for each get the rest in queries of their own.
Result<> complete_lines(ShopifyApi& api, std::vector<json::object>& nodes) {
  const std::string query = order_lines_query();
  auto one = requested_cost(query, {{"id", ""}, {"first", 1}});
  if (!one) return one.error();
  auto two = requested_cost(query, {{"id", ""}, {"first", 2}});
  if (!two) return two.error();
  const int first = api.fitting(*one - (*two - *one), *two - *one, 250);
  for (auto& order : nodes) {
    if (!plugin::json_object(order, "lineItems")) continue;
    const std::string order_id = json_text(order, "id");
    const std::string of_order = " of order " + order_id;
    auto page = need_page(order, "lineItems", "lineItems", of_order);
    if (!page) return page.error();
    if (!page->next) continue;
    const auto* id = order.if_contains("id");
    if (!id) return bad("no id of an order with more line items than a page holds");
    json::array lines = *page->nodes;
    json::value info = *page->info;
    for (std::optional<std::string> after = page->next; after;) {
      auto data = api.graphql(query, {{"id", *id}, {"first", first}, {"after", *after}});
      if (!data) return data.error();
      const auto* node = plugin::json_object(*data, "node");
      if (!node || !node->contains("lineItems"))
        return bad("no order " + order_id + " when asked for the rest of its line items");
      auto rest = need_page(*node, "lineItems", "node.lineItems", of_order);
      if (!rest) return rest.error();
      lines.insert(lines.end(), rest->nodes->begin(), rest->nodes->end());
      info = *rest->info;
      after = rest->next;
    }
    auto& connection = order["lineItems"].get_object();  // an object: need_page read it
    connection["nodes"] = std::move(lines);
    connection["pageInfo"] = std::move(info);
  }
  return {};
}

// A page names each order's refunds; their lines are read here, for the orders that have any,
// as many refunds a query as its cost limit allows.
Result<> attach_refunds(ShopifyApi& api, std::vector<json::object>& nodes) {
  std::vector<json::value> ids;
  for (const auto& order : nodes)
    if (const auto* refunds = plugin::json_array(order, "refunds"))
      for (const auto& refund : *refunds) {
        const auto* fields = refund.if_object();
        const auto* id = fields ? fields->if_contains("id") : nullptr;
        if (!id) return bad("a refund without an id in order " + json_text(order, "id"));
        ids.push_back(*id);
      }
  if (ids.empty()) return {};
  const std::string query = refunds_query();
  auto one = requested_cost(query, {{"ids", json::array{nullptr}}});
  if (!one) return one.error();
  const auto batch = static_cast<std::size_t>(api.fitting(0, *one, 250));
  std::map<std::string, json::value> read;
  for (std::size_t at = 0; at < ids.size(); at += batch) {
    json::array chunk(ids.begin() + static_cast<std::ptrdiff_t>(at),
                      ids.begin() + static_cast<std::ptrdiff_t>(std::min(at + batch, ids.size())));
    auto data = api.graphql(query, {{"ids", std::move(chunk)}});
    if (!data) return data.error();
    auto refunds = need_array(*data, "nodes", "nodes (the refunds asked for)");
    if (!refunds) return refunds.error();
    for (const auto& refund : **refunds)
      if (refund.is_object()) read[json_text(refund.get_object(), "id")] = refund;
  }
  for (auto& order : nodes)
    if (auto* refunds = order.if_contains("refunds"); refunds && refunds->is_array())
      for (auto& refund : refunds->get_array()) {
        const std::string id = json_text(refund.get_object(), "id");  // an object: its id was read above
        auto it = read.find(id);
        if (it == read.end()) return bad("no refund " + id);
        refund = it->second;
      }
  return {};
}

}  // namespace

Result<> complete_orders(ShopifyApi& api, std::vector<json::object>& orders) {
  if (auto ok = complete_lines(api, orders); !ok) return ok;
  return attach_refunds(api, orders);
}

}  // namespace sextant::shopify
