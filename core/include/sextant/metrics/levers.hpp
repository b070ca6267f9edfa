// Which KPIs can be a priority's lever, and which part of revenue each one moves, all else
// equal: AOV +5 % grows the merchandise sold by 5 %, conversion +5 % grows all revenue by 5 %,
// discounts -10 % gives back a tenth of the discounts.
#pragma once

#include "sextant/metrics/day_figures.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace sextant::metrics {

struct LeverDefinition {
  std::string_view kpi;
  std::string_view moves;    ///< the revenue it moves, in words (for reports)
  int sign;                  ///< +1: revenue moves with the KPI; -1: against it (discounts, returns)
};

/// The KPIs that can be levers, in dictionary order.
std::span<const LeverDefinition> levers();
std::optional<LeverDefinition> find_lever(std::string_view kpi);
std::span<const std::string_view> lever_kpis();

/// The revenue (minor units) a lever on `kpi` moves in proportion, in a period's figures.
/// Signed: a rise of discounts or returns lowers revenue.
std::int64_t lever_base(std::string_view kpi, const DayFigures& figures);

}  // namespace sextant::metrics
