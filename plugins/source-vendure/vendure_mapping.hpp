// Vendure Admin API orders to Sextant's facts. Amounts are integers in minor units with the
// server's money precision (2 unless its MoneyStrategy says otherwise).
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/facts.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace sextant::vendure {

struct MappedOrder {
  bool placed = false;  ///< false for a cart that was never placed
  OrderFact order;
  std::vector<RefundFact> refunds;  ///< settled refunds only
  std::string currency;
};

Result<MappedOrder> map_order(const boost::json::object& order, int money_precision);

}  // namespace sextant::vendure
