// source-shopify's query cost, against costs computed by hand with Shopify's documented rules
// (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): scalar and enum 0, object 1,
// connection 2 + first x one node, interface the most expensive possible type, mutation 10.
#include "queries.hpp"
#include "query_cost.hpp"

#include <gtest/gtest.h>

namespace sextant::shopify {
namespace {

namespace json = boost::json;

int cost(std::string_view document, const json::object& variables = {}) {
  auto c = requested_cost(document, variables);
  EXPECT_TRUE(c) << c.error().message;
  return c ? *c : -1;
}

TEST(ShopifyQueryCost, FollowsTheDocumentedRules) {
  EXPECT_EQ(cost("{ shop { name currencyCode } }"), 1);                      // one object, scalars free
  EXPECT_EQ(cost("{ products(first: 10) { edges { node { id title } } } }"), 12);  // 2 + 10 x 1
  // The same connection through nodes and a variable, its pageInfo priced with it.
  EXPECT_EQ(cost("query P($n: Int!) { products(first: $n) { pageInfo { hasNextPage } nodes { id } } }", {{"n", 10}}),
            12);
  // An interface: 1 + the dearer fragment, here B's c { d } (2) over A's a (1).
  EXPECT_EQ(cost(R"({ node(id: "x") { id ... on A { a { b } } ... on B { c { d { e } } } } })"), 3);
  // A list sized by ids: each element priced (1 + x { y } = 2), 3 times.
  EXPECT_EQ(cost(R"({ nodes(ids: ["a", "b", "c"]) { x { y } } })"), 6);
  EXPECT_EQ(cost(R"(mutation { bulkOperationRunQuery(query: "{ orders { edges { node { id } } } }") { userErrors { message } } })"),
            10);
}

TEST(ShopifyQueryCost, PricesThePluginsOwnQueries) {
  // One order: the node 1, customer 1, four money bags of 2 (bag + shopMoney), shippingLine 1 +
  // originalPriceSet 2 + discountAllocations 3 (1 + allocatedAmountSet 2) + taxLines 3 (1 +
  // priceSet 2) = 9, refunds { id } 1: 1 + 1 + 8 + 9 + 1 = 20; its lineItems(first: 10): 2 + 10 x
  // (1 + originalTotalSet 2 + discountAllocations 3 + taxLines 3) = 92. 112 an order, so a page of
  // 8 costs 2 + 8 x 112 = 898 and one of 9 would cost 1 010, over 1 000.
  EXPECT_EQ(cost(orders_page_query(), {{"first", 8}}), 898);
  EXPECT_EQ(cost(orders_page_query(), {{"first", 9}}), 1010);
  // A refund (a Node, through its fragment): 1 + refundLineItems(first: 50) 2 + 50 x (1 + 2 + 2)
  // + refundShippingLines(first: 5) 2 + 5 x (1 + 2 + 2) = 1 + 252 + 27 = 280; 3 fit in a query.
  EXPECT_EQ(cost(refunds_query(), {{"ids", json::array{"a", "b", "c"}}}), 840);
  // The rest of an order's lines: node 1 + lineItems 2 + first x 9.
  EXPECT_EQ(cost(order_lines_query(), {{"id", "x"}, {"first", 110}}), 993);
  EXPECT_EQ(cost(kOrdersCount), 1);
  EXPECT_EQ(cost(kCurrentBulk), 1);
  EXPECT_EQ(cost(kBulkStatus), 1);
  EXPECT_EQ(cost(kShop), 3);      // shop 1, currentAppInstallation 1 + accessScopes 1
  EXPECT_EQ(cost(kSessions), 3);  // shopifyqlQuery 1, tableData 1, columns 1
  EXPECT_EQ(cost(kRunBulk, {{"query", bulk_orders_query("")}}), 10);
}

TEST(ShopifyQueryCost, RefusesWhatItCannotRead) {
  auto c = requested_cost("{ orders(first: 1) { ...Fields } }", {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("cannot price the query"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace sextant::shopify
