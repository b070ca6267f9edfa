// A bulk operation (https://shopify.dev/docs/api/usage/bulk-operations/queries): started, or one
// already running for the same query taken up, polled until it ends, its JSONL file downloaded
// and rebuilt into order nodes.
#pragma once

#include "shopify_api.hpp"

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/host.hpp>
#include <sextant/plugin/source.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace sextant::shopify {

/// The order nodes `query` (a bulk_orders_query) selects, with their nested nodes under `nodes`
/// lists (rebuild_bulk). Stops with Errc::cancelled when `out` asks it to while the operation runs.
Result<std::vector<boost::json::object>> bulk_orders(ShopifyApi& api, plugin::Host& host, const std::string& query,
                                                     const plugin::Emitter& out);

}  // namespace sextant::shopify
