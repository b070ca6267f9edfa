// Step 1: from a baseline to the vision's number, a milestone a year, this year's objective,
// and its months and days shaped by last year's seasonality.
#include "steps.hpp"

#include <cmath>

namespace sextant::report::detail {

using namespace std::chrono;

std::vector<std::pair<sys_days, std::int64_t>> day_targets(const plan::Plan& plan, const History& history,
                                                           const std::string& kpi, std::int64_t objective,
                                                           bool* seasonal) {
  const int base_year = plan.year - 1;
  auto months = fiscal_months(plan, plan.year);
  auto base_months = fiscal_months(plan, base_year);
  auto days_in = [](year_month m) { return (sys_days{(m + std::chrono::months{1}) / 1} - sys_days{m / 1}).count(); };
  std::vector<std::int64_t> weights;
  bool shaped = history.holds(fiscal_start(plan, base_year), fiscal_end(plan, base_year));
  if (shaped)
    for (auto m : base_months) weights.push_back(kpi_value(history.month(m), kpi).units);
  else  // flat: the same target every day, so a month weighs its number of days
    for (auto m : months) weights.push_back(days_in(m));
  if (seasonal) *seasonal = shaped;
  auto month_parts = split(objective, weights);
  std::vector<std::pair<sys_days, std::int64_t>> out;
  for (std::size_t i = 0; i < months.size(); ++i) {
    sys_days first{months[i] / 1};
    auto n = static_cast<std::size_t>(days_in(months[i]));
    auto parts = split(month_parts[i], std::vector<std::int64_t>(n, 1));
    for (std::size_t d = 0; d < n; ++d) out.emplace_back(first + days{static_cast<int>(d)}, parts[d]);
  }
  return out;
}

VisionStep vision_step(const plan::Plan& plan, const History& history) {
  VisionStep v;
  v.statement = plan.vision.statement;
  v.metric = plan.vision.metric;
  v.target = plan.vision.target.units;
  v.by = plan.vision.by;
  v.target_year = fiscal_year_of(plan, plan.vision.by);
  // The baseline: the plan's, else the last complete fiscal year before the plan year.
  v.baseline_year = plan.year - 1;
  if (plan.vision.baseline) {
    v.baseline = plan.vision.baseline->units;
    v.baseline_from_plan = true;
  } else {
    for (int y = plan.year - 1; y >= plan.year - 10; --y) {
      if (history.holds(fiscal_start(plan, y), fiscal_end(plan, y))) {
        v.baseline_year = y;
        v.baseline = kpi_value(history.sum(fiscal_start(plan, y), fiscal_end(plan, y)), v.metric).units;
        break;
      }
    }
  }
  v.years = v.target_year - v.baseline_year;
  if (v.baseline > 0 && v.target > 0 && v.years > 0) {
    double growth = std::pow(static_cast<double>(v.target) / static_cast<double>(v.baseline), 1.0 / v.years);
    v.cagr = growth - 1.0;
    for (int k = 1; k <= v.years; ++k)
      v.milestones.push_back({v.baseline_year + k, k == v.years ? v.target : scale(v.baseline, std::pow(growth, k), "a milestone of the vision")});
  }
  auto set = plan.objectives.find(plan.year);
  if (set != plan.objectives.end() && set->second.contains(v.metric)) {
    v.objective = set->second.at(v.metric).units;
    v.objective_source = "plan";
  } else {
    for (const auto& m : v.milestones)
      if (m.year == plan.year) {
        v.objective = m.value;
        v.objective_source = "vision";
      }
  }
  v.day_targets = day_targets(plan, history, v.metric, v.objective, &v.seasonal);
  auto months = fiscal_months(plan, plan.year);
  v.month_targets.assign(months.size(), 0);
  for (const auto& [day, target] : v.day_targets) {
    int i = month_index(months, year_month{year_month_day{day}.year(), year_month_day{day}.month()});
    if (i >= 0) add_to(v.month_targets[static_cast<std::size_t>(i)], target, "a month's target");
  }
  return v;
}

}  // namespace sextant::report::detail
