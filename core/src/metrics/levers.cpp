#include "sextant/metrics/levers.hpp"

#include <algorithm>
#include <array>

namespace sextant::metrics {

namespace {

constexpr std::array<LeverDefinition, 14> kLevers{{
    {"orders", "all revenue excl. tax", 1},
    {"items", "merchandise sold (gross_sales - discounts)", 1},
    {"gross_sales", "merchandise sold (gross_sales - discounts)", 1},
    {"discounts", "discounts (given back to revenue when they fall)", -1},
    {"returns", "returns (given back to revenue when they fall)", -1},
    {"net_sales", "net sales", 1},
    {"shipping", "shipping revenue", 1},
    {"revenue_excl_tax", "all revenue excl. tax", 1},
    {"customers", "all revenue excl. tax", 1},
    {"new_customers", "revenue from new customers (their share of the customers)", 1},
    {"returning_customers", "revenue from returning customers (their share of the customers)", 1},
    {"sessions", "all revenue excl. tax", 1},
    {"aov", "merchandise sold (gross_sales - discounts)", 1},
    {"conversion_rate", "all revenue excl. tax", 1},
}};

constexpr auto kKpis = [] {
  std::array<std::string_view, kLevers.size()> ids{};
  for (std::size_t i = 0; i < kLevers.size(); ++i) ids[i] = kLevers[i].kpi;
  return ids;
}();

// revenue × part / whole, rounded; 0 when there is no whole.
std::int64_t share(std::int64_t revenue, std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return 0;
  return mul_div_rounded(revenue, part, whole);
}

}  // namespace

std::span<const LeverDefinition> levers() { return kLevers; }

std::span<const std::string_view> lever_kpis() { return kKpis; }

std::optional<LeverDefinition> find_lever(std::string_view kpi) {
  auto it = std::find_if(kLevers.begin(), kLevers.end(), [&](const auto& l) { return l.kpi == kpi; });
  if (it == kLevers.end()) return std::nullopt;
  return *it;
}

std::int64_t lever_base(std::string_view kpi, const DayFigures& f) {
  if (kpi == "items" || kpi == "gross_sales" || kpi == "aov") return f.gross_sales - f.discounts;
  if (kpi == "discounts") return -f.discounts;
  if (kpi == "returns") return -f.returns;
  if (kpi == "net_sales") return f.net_sales();
  if (kpi == "shipping") return f.shipping;
  if (kpi == "new_customers") return share(f.revenue_excl_tax(), f.new_customers, f.customers);
  if (kpi == "returning_customers") return share(f.revenue_excl_tax(), f.customers - f.new_customers, f.customers);
  return f.revenue_excl_tax();
}

}  // namespace sextant::metrics
