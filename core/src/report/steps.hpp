// The report's steps, one file each; build_report.cpp runs them in order. Internal.
#pragma once

#include "sextant/ledger/ledger.hpp"
#include "sextant/report/history.hpp"
#include "sextant/report/report.hpp"

#include <map>
#include <string>
#include <vector>

namespace sextant::report::detail {

/// `total` shared out in proportion to `weights`, largest remainders first, so that the parts
/// add up to `total` exactly. Equal parts when the weights are missing, negative or all zero.
std::vector<std::int64_t> split(std::int64_t total, const std::vector<std::int64_t>& weights);
/// A figure of the report that does not fit in 64 bits. Thrown by the checked sums below, never
/// across the report's boundary: build_report turns it into an error naming the figure and,
/// where one is to blame, the plan field.
struct Overflow {
  std::string figure;  ///< what was being computed, in words: "the total of the resources"
  std::string field;   ///< JSON pointer into the plan, or ""
};

// Every sum and product of money in the report goes through these: a wrapped value would print
// as a plausible figure. Amounts enter within ±10^13 minor units (kAmountBound), so a plan needs
// some 900 000 of them in one sum to overflow; the ledger's history is unbounded in count.
/// a + b; a - b; total += v: or Overflow naming `figure`.
std::int64_t add(std::int64_t a, std::int64_t b, std::string_view figure);
std::int64_t subtract(std::int64_t a, std::int64_t b, std::string_view figure);
void add_to(std::int64_t& total, std::int64_t v, std::string_view figure);
/// value × factor, rounded half away from zero, or Overflow naming `figure`.
std::int64_t scale(std::int64_t value, double factor, std::string_view figure);
/// An amount computed in floating point, rounded half away from zero, or Overflow naming `figure`.
std::int64_t rounded(double amount, std::string_view figure);
/// A plan objective as a metric value.
metrics::MetricValue value(const plan::KpiValue& v);
/// The KPI's value in a period's figures, as the dictionary defines it.
metrics::MetricValue kpi_value(const metrics::DayFigures& figures, const std::string& kpi);
/// Index of a month in the plan year (0..11), or -1.
int month_index(const std::vector<year_month>& months, year_month m);

VisionStep vision_step(const plan::Plan& plan, const History& history);
/// Day targets of an additive KPI over the plan year, shaped like the baseline year.
std::vector<std::pair<sys_days, std::int64_t>> day_targets(const plan::Plan& plan, const History& history,
                                                           const std::string& kpi, std::int64_t objective,
                                                           bool* seasonal);
ReviewStep review_step(const plan::Plan& plan, const History& history);
ActionPlanStep action_plan_step(const plan::Plan& plan, sys_days today, const std::vector<year_month>& months,
                                const std::map<std::string, TaskState>& states);
ValuationStep valuation_step(const plan::Plan& plan, const History& history, const std::vector<year_month>& months,
                             const ActionPlanStep& actions);
FinancingStep financing_step(const plan::Plan& plan, const std::vector<year_month>& months,
                             const ValuationStep& valuation);
DashboardStep dashboard_step(const plan::Plan& plan, const History& history, sys_days today,
                             const std::vector<year_month>& months, const VisionStep& vision,
                             const ValuationStep& valuation, const FinancingStep& financing,
                             const ActionPlanStep& actions);

}  // namespace sextant::report::detail
