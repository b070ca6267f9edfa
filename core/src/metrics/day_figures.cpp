#include "sextant/metrics/day_figures.hpp"

#include "sextant/plugin/checked.hpp"

#include <stdexcept>
#include <string>

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
  if (!sessions_known() || sessions == 0) return std::nullopt;
  return static_cast<double>(orders) / static_cast<double>(sessions);
}

namespace {

std::int64_t add(std::int64_t a, std::int64_t b, const char* figure) {
  if (auto sum = checked_add(a, b)) return *sum;
  throw std::overflow_error(std::string(figure) + " add up beyond 64 bits");
}

}  // namespace

std::int64_t DayFigures::net_sales() const {
  auto net = checked_subtract(gross_sales, discounts);
  if (net) net = checked_subtract(*net, returns);
  if (!net) throw std::overflow_error("net sales add up beyond 64 bits");
  return *net;
}
std::int64_t DayFigures::total_sales() const { return add(net_sales(), add(shipping, taxes, "total sales"), "total sales"); }
std::int64_t DayFigures::revenue_excl_tax() const { return add(net_sales(), shipping, "revenue excl. tax"); }

DayFigures& DayFigures::operator+=(const DayFigures& o) {
  orders = add(orders, o.orders, "orders");
  items = add(items, o.items, "items");
  gross_sales = add(gross_sales, o.gross_sales, "gross sales");
  discounts = add(discounts, o.discounts, "discounts");
  returns = add(returns, o.returns, "returns");
  shipping = add(shipping, o.shipping, "shipping");
  taxes = add(taxes, o.taxes, "taxes");
  new_customers = add(new_customers, o.new_customers, "new customers");
  sessions = add(sessions, o.sessions, "sessions");
  days_without_sessions += o.days_without_sessions;
  return *this;
}

}  // namespace sextant::metrics
