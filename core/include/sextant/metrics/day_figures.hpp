// The base figures of one day (or one period) as the ledger sums them, and the metrics of the
// dictionary derived from them. Derived metrics are computed here and nowhere else.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace sextant::metrics {

struct DayFigures {
  std::chrono::sys_days day{};       ///< for a period: its first day
  std::int64_t orders = 0;
  std::int64_t items = 0;
  std::int64_t gross_sales = 0;      ///< minor units
  std::int64_t discounts = 0;
  std::int64_t returns = 0;
  std::int64_t shipping = 0;         ///< charged - refunded
  std::int64_t taxes = 0;            ///< charged - refunded
  std::int64_t customers = 0;
  std::int64_t new_customers = 0;
  std::int64_t sessions = 0;         ///< of the days with a sessions fact
  /// Days without a sessions fact (no analytics source, or it failed): their sessions are
  /// unknown, not 0, and so are the sessions and conversion rate of any period holding one.
  std::int64_t days_without_sessions = 0;

  // These and += throw std::overflow_error when a result does not fit in 64 bits (a history of
  // some 900 000 orders at the amount bound): the ledger and the report turn it into an error.
  [[nodiscard]] std::int64_t net_sales() const;
  [[nodiscard]] std::int64_t total_sales() const;
  [[nodiscard]] std::int64_t revenue_excl_tax() const;
  [[nodiscard]] std::int64_t returning_customers() const { return customers - new_customers; }
  /// (gross_sales - discounts) / orders, rounded half away from zero; nullopt without orders.
  [[nodiscard]] std::optional<std::int64_t> aov() const;
  [[nodiscard]] bool sessions_known() const { return days_without_sessions == 0; }
  /// orders / sessions; nullopt when sessions are unknown or 0.
  [[nodiscard]] std::optional<double> conversion_rate() const;

  /// Adds another day's additive figures (customers are not additive: set them from a
  /// distinct count over the period).
  DayFigures& operator+=(const DayFigures& other);
};

/// a / b rounded half away from zero (b > 0).
std::int64_t divide_rounded(std::int64_t a, std::int64_t b);
/// a × b / c rounded half away from zero (c > 0), without overflow in between.
std::int64_t mul_div_rounded(std::int64_t a, std::int64_t b, std::int64_t c);

}  // namespace sextant::metrics
