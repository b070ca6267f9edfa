// Shopify order nodes mapped to facts by the plugin's own shopify_mapping.cpp: the bytes are read
// as a bulk operation's JSONL (rebuilt into nodes, each mapped) and, when they are JSON, as one
// order node or a list of them (a GraphQL page's nodes).
#include "fuzz_check.hpp"

#include "../../plugins/source-shopify/shopify_mapping.hpp"

#include <boost/json/parse.hpp>

#include <cstdint>
#include <string>

namespace {

void map(const boost::json::object& node) {
  auto mapped = sextant::shopify::map_order(node);
  if (!mapped) FUZZ_CHECK(!mapped.error().message.empty());
  else FUZZ_CHECK(!mapped->currency.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto rebuilt = sextant::shopify::rebuild_bulk(text);
  if (!rebuilt) FUZZ_CHECK(!rebuilt.error().message.empty());
  else
    for (const auto& node : *rebuilt) map(node);
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) return 0;
  if (value.is_object()) map(value.get_object());
  if (value.is_array())
    for (const auto& item : value.get_array())
      if (item.is_object()) map(item.get_object());
  return 0;
}
