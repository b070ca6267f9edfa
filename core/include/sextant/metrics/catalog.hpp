// The metric dictionary (DESIGN §5): every KPI Sextant computes, its unit and its formula. It is
// the contract shown next to every figure, so a merchant can reconcile it with the shop.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sextant::metrics {

enum class Unit : std::uint8_t {
  money,  ///< minor units of the shop currency
  count,  ///< a whole number
  ratio,  ///< a fraction (0.021 = 2.1 %)
};

struct MetricDefinition {
  std::string_view id;       ///< "revenue_excl_tax"
  Unit unit;
  bool additive;             ///< a period's value is the sum of its days' (false: ratios, distinct counts)
  std::string_view formula;  ///< "net_sales + shipping"
  std::string_view meaning;  ///< one sentence for a merchant
};

/// Every metric, in the dictionary's order.
std::span<const MetricDefinition> catalog();
/// The ids, in order (for did-you-mean and enumerations).
std::span<const std::string_view> metric_ids();
std::optional<MetricDefinition> find_metric(std::string_view id);

}  // namespace sextant::metrics
