// The requested cost of a GraphQL document, computed as Shopify documents it
// (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits, "Cost calculation"): a
// scalar or enum field 0, an object 1, a connection 2 + first (or last) x the cost of one node, a
// list sized by `first` or `ids` that many objects, an inline fragment of an interface the most
// expensive of them, a mutation 10. Read from the document's structure, for the documents this
// plugin writes: a field with a selection is an object; one that is sized and selects nodes or
// edges is a connection, whose pageInfo and cursors are priced with it.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace sextant::shopify {

/// The requested cost of `document` with these variables; an error if it is not a document this
/// reading understands (a syntax error, a size given by no number).
Result<int> requested_cost(std::string_view document, const boost::json::object& variables);

/// Shopify's largest single-query cost (MAX_COST_EXCEEDED above it).
inline constexpr int kMaxQueryCost = 1000;

}  // namespace sextant::shopify
