// A page of WooCommerce orders (GET /orders) and of an order's refunds, mapped to facts by the
// plugin's own woo_mapping.cpp, which streams the bytes. The same bytes are read as both: both are
// lists of objects. The core checks an answer's JSON syntax before the plugin maps it; so here:
// bytes that are not JSON never reach the mapping.
#include "fuzz_check.hpp"

#include "../../plugins/source-woocommerce/woo_mapping.hpp"

#include <boost/json/parse.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  boost::system::error_code ec;
  boost::json::parse(body, ec);
  if (ec) return 0;
  auto orders = sextant::woo::parse_orders(body);
  if (!orders) {
    FUZZ_CHECK(!orders.error().message.empty());
  } else {
    for (const auto& order : *orders) FUZZ_CHECK(!order.currency.empty());
  }
  // Refunds are read against an order already mapped: a page's first, or a plain one in euros.
  sextant::woo::WooOrder order;
  order.currency = "EUR";
  order.fact.id = "101";
  order.total = 12600;
  order.fact.taxes = 2100;
  if (orders && !orders->empty()) order = orders->front();
  auto refunds = sextant::woo::parse_refunds(body, order);
  if (!refunds) FUZZ_CHECK(!refunds.error().message.empty());
  return 0;
}
