// The shop's past as the report needs it: every day's figures from the first order to
// yesterday, and the distinct-customer counts of the fiscal years it compares.
#pragma once

#include "sextant/ledger/ledger.hpp"
#include "sextant/metrics/day_figures.hpp"
#include "sextant/plan/plan.hpp"

#include <chrono>
#include <map>
#include <vector>

namespace sextant::report {

struct History {
  std::chrono::sys_days first{};                 ///< first day held: the first counted order's
  std::chrono::sys_days last{};                  ///< last day held: yesterday
  std::vector<metrics::DayFigures> days;         ///< one per day of [first, last]
  /// Fiscal year (its start year) → its figures over the part of it that is held, customers
  /// counted once over that part.
  std::map<int, metrics::DayFigures> years;

  /// Sums of the days of [from, to] that are held (customers summed per day: see years for
  /// distinct counts).
  [[nodiscard]] metrics::DayFigures sum(std::chrono::sys_days from, std::chrono::sys_days to) const;
  [[nodiscard]] metrics::DayFigures month(std::chrono::year_month month) const;
  /// True when every day of [from, to] is held.
  [[nodiscard]] bool holds(std::chrono::sys_days from, std::chrono::sys_days to) const;
};

/// Reads the history from the ledger: every day from the first counted order to yesterday, and
/// the fiscal years from the one before the review year to the plan year.
Result<History> load_history(ledger::Ledger& ledger, const plan::Plan& plan, std::chrono::sys_days today);

/// The fiscal year (start year) a day belongs to, and a fiscal year's bounds and months.
int fiscal_year_of(const plan::Plan& plan, std::chrono::sys_days day);
std::chrono::sys_days fiscal_start(const plan::Plan& plan, int year);
std::chrono::sys_days fiscal_end(const plan::Plan& plan, int year);
std::vector<std::chrono::year_month> fiscal_months(const plan::Plan& plan, int year);

}  // namespace sextant::report
