// A page of WooCommerce orders (GET /orders) and of an order's refunds, mapped to facts by the
// plugin's own streaming readers (woo_orders.cpp, woo_refunds.cpp). The same bytes are read as
// both: both are lists of objects. A page of orders is parsed by the plugin alone, so its read
// must judge the syntax exactly as the core's own check does (json_syntax_error, the oracle here):
// broken where the core would call it broken, with the same words. Refunds are checked by the core
// first: bytes it refuses never reach their mapping.
#include "fuzz_check.hpp"

#include "../../plugins/source-woocommerce/woo_mapping.hpp"

#include <sextant/http/json_syntax.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto syntax = sextant::http::json_syntax_error(body);
  auto listed = sextant::woo::read_orders(body);
  FUZZ_CHECK(listed.broken == syntax);
  if (syntax) return 0;
  // Whatever the syntax lets through, the mapping parses too: its errors are about the content,
  // never its own parser's refusal (the message that begins so).
  const auto about_content = [](const sextant::Error& e) {
    return !e.message.empty() && !e.message.starts_with("WooCommerce sent a body that is not JSON");
  };
  const auto& orders = listed.orders;
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
