// source-shopify's Source: orders and refunds from the Shopify Admin GraphQL API, updated since the
// cursor, sorted by UPDATED_AT, cursor-paginated; a backfill above a configurable size runs as a
// bulk operation (JSONL); pages sized to stay under Shopify's single-query limit and the bucket;
// sessions through ShopifyQL when the token may read reports.
#pragma once

#include "shopify_api.hpp"

#include <sextant/plugin/host.hpp>
#include <sextant/plugin/source.hpp>

#include <cstdint>
#include <memory>

namespace sextant::shopify {

struct ShopifySettings {
  ApiSettings api;
  int page_size = 250;  // an upper bound: pages are as large as the query cost limit allows
  std::int64_t bulk_threshold = 10000;
  bool sessions = true;
};

std::unique_ptr<plugin::Source> make_source(ShopifySettings settings, plugin::Host& host);

}  // namespace sextant::shopify
