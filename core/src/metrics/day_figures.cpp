#include "sextant/metrics/day_figures.hpp"

namespace sextant::metrics {

std::int64_t divide_rounded(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  std::int64_t r = a % b;
  if (2 * (r < 0 ? -r : r) >= b) q += (a < 0) ? -1 : 1;
  return q;
}

std::optional<std::int64_t> DayFigures::aov() const {
  if (orders == 0) return std::nullopt;
  return divide_rounded(gross_sales - discounts, orders);
}

std::optional<double> DayFigures::conversion_rate() const {
  if (sessions == 0) return std::nullopt;
  return static_cast<double>(orders) / static_cast<double>(sessions);
}

DayFigures& DayFigures::operator+=(const DayFigures& o) {
  orders += o.orders;
  items += o.items;
  gross_sales += o.gross_sales;
  discounts += o.discounts;
  returns += o.returns;
  shipping += o.shipping;
  taxes += o.taxes;
  new_customers += o.new_customers;
  sessions += o.sessions;
  return *this;
}

}  // namespace sextant::metrics
