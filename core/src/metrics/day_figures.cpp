#include "sextant/metrics/day_figures.hpp"

namespace sextant::metrics {

std::int64_t divide_rounded(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  std::int64_t r = a % b;
  if (2 * (r < 0 ? -r : r) >= b) q += (a < 0) ? -1 : 1;
  return q;
}

std::int64_t mul_div_rounded(std::int64_t a, std::int64_t b, std::int64_t c) {
  __extension__ using Wide = __int128;  // GCC and Clang; the product of two amounts needs it
  Wide product = static_cast<Wide>(a) * b;
  Wide q = product / c, r = product % c;
  if (2 * (r < 0 ? -r : r) >= c) q += product < 0 ? -1 : 1;
  return static_cast<std::int64_t>(q);
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
