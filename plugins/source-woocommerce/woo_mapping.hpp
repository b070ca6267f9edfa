// WooCommerce order and refund JSON (REST v3) to Sextant's facts. Amounts are decimal strings in
// the order's currency; dates are the *_gmt fields (UTC without an offset). The bodies are read as
// they are parsed, straight into the facts, without a DOM (woo_orders.cpp, woo_refunds.cpp). A page
// of orders is parsed only here, so this read is also its syntax check; refunds are checked by the
// core first, so bytes that are not JSON there are a bug, reported as a bad_response.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::woo {

struct WooOrder {
  OrderFact fact;
  std::string currency;
  std::vector<std::string> refund_ids;  ///< refunds listed on the order, dates to fetch
  std::int64_t total = 0;               ///< grand total (tax and shipping included), minor units
};

/// A page of GET /orders read from the answer's body: its orders, or the error that ends the read.
/// Unless its JSON is broken (cut short, a PHP notice before it): then `broken` says what is wrong
/// and where, and the page is worth asking again.
struct OrdersRead {
  Result<std::vector<WooOrder>> orders;
  std::optional<std::string> broken;
};

/// The orders of one page of GET /orders. An id or text field that is a JSON object or list is
/// refused, naming the order and the field.
OrdersRead read_orders(std::string_view page);

/// The refunds of GET /orders/{id}/refunds, from the answer's body, for an order read_orders
/// mapped. Refunds without line items (an amount typed by hand) are split into goods and tax in
/// the order's own proportion.
Result<std::vector<RefundFact>> parse_refunds(std::string_view refunds, const WooOrder& order);

}  // namespace sextant::woo
