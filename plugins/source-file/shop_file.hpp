// The shop file read by source-file: a shop's orders, refunds and daily sessions as one JSON
// document (schemas/shop-file.schema.json), for exports from platforms without a plugin and for
// worked examples small enough to check by hand.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <string>
#include <string_view>

namespace sextant::file {

struct ShopFile {
  std::string currency;
  std::vector<OrderFact> orders;
  std::vector<RefundFact> refunds;
  std::vector<DailyFact> daily;
};

/// Reads the document; an error names the file and the JSON pointer of the offending value.
Result<ShopFile> parse_shop_file(std::string_view text, const std::string& name);

}  // namespace sextant::file
