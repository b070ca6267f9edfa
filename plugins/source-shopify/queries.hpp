// The GraphQL documents source-shopify sends to the Admin API.
#pragma once

#include <string>

namespace sextant::shopify {

/// An order's own fields, read the same way in paged reads and bulk operations. The shipping
/// line's price before discounts, the discounts allocated to it and its tax lines give shipping
/// as Shopify's reports count it (discountAllocations and taxLines are plain lists, not
/// connections: ShippingLine on shopify.dev/docs/api/admin-graphql).
inline constexpr const char* kOrderFields = R"(id legacyResourceId createdAt updatedAt cancelledAt test taxesIncluded
displayFinancialStatus email customer { id } subtotalLineItemsQuantity
subtotalPriceSet { shopMoney { amount currencyCode } } totalDiscountsSet { shopMoney { amount } }
totalShippingPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
shippingLine { originalPriceSet { shopMoney { amount } } discountAllocations { allocatedAmountSet { shopMoney { amount } } }
taxLines { priceSet { shopMoney { amount } } rate } })";

/// A line item as Shopify allocated it (LineItem on shopify.dev/docs/api/admin-graphql): price ×
/// quantity before discounts, the line- and order-level discounts allocated to it, and its tax
/// lines (after discounts) with their rates.
inline constexpr const char* kLineItemFields = R"(quantity originalTotalSet { shopMoney { amount } }
discountAllocations { allocatedAmountSet { shopMoney { amount } } } taxLines { priceSet { shopMoney { amount } } rate })";

inline constexpr const char* kRefundLineFields = "subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }";
inline constexpr const char* kRefundShippingFields =
    "subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { amount } }";

/// Line items asked with each order of a page; an order with more has the rest read on their own
/// (order_lines_query). Ten keep a page of eight orders under Shopify's 1 000-point query limit.
inline constexpr int kLinesPerOrder = 10;

inline std::string line_items(const std::string& arguments) {
  return "lineItems(" + arguments + ") { pageInfo { hasNextPage endCursor } nodes { " +
         kLineItemFields + " } }";
}

/// A page of orders. Refunds are only named here (an unsized list, 1 point an order): their lines
/// are read by refunds_query for the orders that have any, so that a page does not pay for 50
/// refund lines of every order.
inline std::string orders_page_query() {
  return std::string("query Orders($first: Int!, $after: String, $query: String) { orders(first: "
                     "$first, after: $after, sortKey: UPDATED_AT, query: $query) { pageInfo { hasNextPage endCursor } "
                     "nodes { ") +
         kOrderFields + " refunds { id } " + line_items("first: " + std::to_string(kLinesPerOrder)) + " } } }";
}

/// The rest of one order's line items, after the first page read with it.
inline std::string order_lines_query() {
  return "query Lines($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Order { " +
         line_items("first: $first, after: $after") + " } } }";
}

/// Refunds by id, with their lines (at most 50) and shipping lines (at most 5), as before.
inline std::string refunds_query() {
  return std::string("query Refunds($ids: [ID!]!) { nodes(ids: $ids) { ... on Refund { id createdAt "
                     "refundLineItems(first: 50) { nodes { ") +
         kRefundLineFields + " } } refundShippingLines(first: 5) { nodes { " + kRefundShippingFields + " } } } } }";
}

/// The same orders as a bulk operation: connections as edges { node }, whose nodes come back as
/// lines of their own carrying __parentId. Bulk queries have no single-query cost limit, so the
/// refunds stay nested.
inline std::string bulk_orders_query(const std::string& search) {
  return "{ orders(query: \"" + search + "\", sortKey: UPDATED_AT) { edges { node { " + kOrderFields +
         " lineItems { edges { node { " + kLineItemFields + " } } } refunds { id createdAt refundLineItems { edges { node { " +
         kRefundLineFields + " } } } refundShippingLines { edges { node { " + kRefundShippingFields + " } } } } } } } }";
}

// limit as a variable: `limit: null` (no cap at 10 000) written as a literal is refused by older
// GraphQL readers, a null variable is read by every one.
inline constexpr const char* kOrdersCount =
    "query Count($query: String, $limit: Int) { ordersCount(query: $query, limit: $limit) { count precision } }";

/// The bulk operation running or last run: a start whose answer was lost may have started it.
inline constexpr const char* kCurrentBulk = "{ currentBulkOperation { id status query } }";

inline constexpr const char* kRunBulk =
    "mutation Bulk($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { "
    "field message } } }";

inline constexpr const char* kBulkStatus =
    "query Status($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode objectCount url } } }";

inline constexpr const char* kShop =
    "{ shop { name currencyCode ianaTimezone } currentAppInstallation { accessScopes { handle } } }";

inline constexpr const char* kSessions =
    "query Sessions($q: String!) { shopifyqlQuery(query: $q) { tableData { columns { name } rows } parseErrors } }";

}  // namespace sextant::shopify
