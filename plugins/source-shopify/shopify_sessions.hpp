// Sessions a day, read through ShopifyQL (https://shopify.dev/docs/api/shopifyql): the token
// needs read_reports, without which Shopify answers ACCESS_DENIED (Errc::unauthorized here).
#pragma once

#include "shopify_api.hpp"

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <chrono>
#include <vector>

namespace sextant::shopify {

/// The sessions of each day from `from` to today, as "sessions" daily facts.
Result<std::vector<DailyFact>> daily_sessions(ShopifyApi& api, std::chrono::sys_days from);

}  // namespace sextant::shopify
