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

/// Line items read with each order in paged reads: most orders have a few, and each costs 9
/// points (LineItem, two MoneyBags with their shopMoney, an allocation and a tax line: objects at
/// 1, scalars at 0), so that lineItems(first: 10) costs 2 + 10 × 9 = 92 points per order. An order
/// with more lines falls back to its totals (map_order).
inline constexpr int kLineItemsPerOrder = 10;

inline constexpr const char* kRefundLineFields = "subtotalSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }";
inline constexpr const char* kRefundShippingFields =
    "subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { amount } }";

inline std::string orders_page_query() {
  return std::string("query Orders($first: Int!, $after: String, $query: String) { orders(first: $first, after: $after, "
                     "sortKey: UPDATED_AT, query: $query) { pageInfo { hasNextPage endCursor } nodes { ") +
         kOrderFields + " lineItems(first: " + std::to_string(kLineItemsPerOrder) + ") { nodes { " +
         kLineItemFields + " } } refunds { id createdAt refundLineItems(first: 50) { nodes { " + kRefundLineFields +
         " } } refundShippingLines(first: 5) { nodes { " + kRefundShippingFields + " } } } } } }";
}

/// The same orders as a bulk operation: connections as edges { node }, whose nodes come back as
/// lines of their own carrying __parentId.
inline std::string bulk_orders_query(const std::string& search) {
  return "{ orders(query: \"" + search + "\", sortKey: UPDATED_AT) { edges { node { " + kOrderFields + " lineItems { edges { node { " +
         kLineItemFields + " } } } refunds { id createdAt refundLineItems { edges { node { " + kRefundLineFields +
         " } } } refundShippingLines { edges { node { " + kRefundShippingFields + " } } } } } } } }";
}

inline constexpr const char* kOrdersCount =
    "query Count($query: String) { ordersCount(query: $query, limit: null) { count precision } }";

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
