// WooCommerce order and refund JSON (REST v3) to Sextant's facts. Amounts are decimal strings in
// the order's currency; dates are the *_gmt fields (UTC without an offset).
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace sextant::woo {

struct WooOrder {
  OrderFact fact;
  std::string currency;
  std::vector<std::string> refund_ids;  ///< refunds listed on the order, dates to fetch
  std::int64_t total = 0;               ///< grand total (tax and shipping included), minor units
};

/// The orders of one page of GET /orders, as parsed by the core (HttpResponse::document).
Result<std::vector<WooOrder>> parse_orders(const boost::json::value& page);

/// The refunds of GET /orders/{id}/refunds. Refunds without line items (an amount typed by
/// hand) are split into goods and tax in the order's own proportion.
Result<std::vector<RefundFact>> parse_refunds(const boost::json::value& refunds, const WooOrder& order);

}  // namespace sextant::woo
