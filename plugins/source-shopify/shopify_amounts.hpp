// Reading amounts out of Shopify order nodes: MoneyBags in the shop currency, connection nodes,
// and the lists of discount allocations and tax lines every line and shipping line carries.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sextant::shopify {

/// A bad_response error: "Shopify sent " + what.
Error bad(const std::string& what);

/// A MoneyBag's shop amount: {"shopMoney": {"amount": "12.30"}}; absent counts as 0. `where`
/// names the order (and line) for the message: "order 1001, ".
Result<std::int64_t> money(const boost::json::object& o, const char* key, int exponent, const std::string& where);

/// A connection's `nodes` list, or nullptr when the connection is absent.
const boost::json::array* nodes(const boost::json::object& o, const char* key);

/// part × numerator / denominator, rounded half away from zero; nothing when the result leaves
/// 64 bits. A zero denominator gives 0.
std::optional<std::int64_t> share(std::int64_t part, std::int64_t numerator, std::int64_t denominator);

/// Tax rates are read in millionths: 20 % is 200 000, 5.5 % is 55 000.
inline constexpr std::int64_t kRateScale = 1'000'000;

/// A line item or the shipping line, as Shopify allocated it: the price before discounts, the
/// discounts allocated to it, its taxes (after discounts) and the sum of their rates.
struct Charge {
  std::int64_t original = 0;
  std::int64_t discount = 0;             ///< Σ discountAllocations.allocatedAmountSet
  std::int64_t tax = 0;                  ///< Σ taxLines.priceSet
  std::optional<std::int64_t> rate = 0;  ///< Σ taxLines.rate in millionths; nothing when one is missing
};

/// The charge of `line`, whose price before discounts is the MoneyBag `original_key`.
Result<Charge> read_charge(const boost::json::object& line, const char* original_key, int exponent,
                           const std::string& where);

}  // namespace sextant::shopify
