// A page of WooCommerce orders (GET /orders) and of an order's refunds, mapped to facts by the
// plugin's own streaming readers (woo_orders.cpp, woo_refunds.cpp). The same bytes are read as
// both: both are lists of objects. The core checks an answer's JSON syntax (json_syntax_error, the
// same function here) before the plugin maps it: bytes it refuses never reach the mapping.
#include "fuzz_check.hpp"

#include "../../plugins/source-woocommerce/woo_mapping.hpp"

#include <sextant/http/json_syntax.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (sextant::http::json_syntax_error(body)) return 0;
  // Whatever the core let through, the mapping parses too: its errors are about the content, never
  // its own parser's refusal (read_json's message, which begins so; content errors echo the input
  // only after their own words).
  const auto about_content = [](const sextant::Error& e) {
    return !e.message.empty() && !e.message.starts_with("WooCommerce sent a body that is not JSON");
  };
  auto orders = sextant::woo::parse_orders(body);
  if (!orders) {
    FUZZ_CHECK(about_content(orders.error()));
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
  if (!refunds) FUZZ_CHECK(about_content(refunds.error()));
  return 0;
}
