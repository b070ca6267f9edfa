// Step 4: each priority's lever applied to last year's months, all else equal, from its start
// month: extra revenue and margin; its costs, working capital and workload; its return and
// payback; and how the lever compares with what the shop has done before.
#include "steps.hpp"

#include "sextant/metrics/levers.hpp"

#include <algorithm>

namespace sextant::report::detail {

using namespace std::chrono;

namespace {

// Year-on-year changes (%) of a KPI, month by month, over every month of the history that has
// its month a year earlier.
std::vector<double> past_changes(const History& history, const std::string& kpi) {
  std::vector<double> changes;
  year_month_day first{history.first}, last{history.last};
  year_month m = first.year() / first.month();
  if (first.day() != day{1}) m += months{1};  // only whole months
  for (year_month earlier = m; (earlier + months{12}) <= last.year() / last.month(); earlier += months{1}) {
    year_month later = earlier + months{12};
    if (sys_days{(later + months{1}) / 1} - days{1} > history.last) break;
    auto before = kpi_value(history.month(earlier), kpi), after = kpi_value(history.month(later), kpi);
    bool ratio = metrics::find_metric(kpi)->unit == metrics::Unit::ratio;
    double b = ratio ? before.ratio : static_cast<double>(before.units);
    double a = ratio ? after.ratio : static_cast<double>(after.units);
    if (!before.present || !after.present || b <= 0) continue;
    changes.push_back((a / b - 1.0) * 100.0);
  }
  return changes;
}

Realism realism(const History& history, const plan::Lever& lever) {
  Realism r;
  auto changes = past_changes(history, lever.kpi);
  r.samples = changes.size();
  if (changes.empty()) return r;
  std::size_t at_or_below = 0;
  for (double c : changes) at_or_below += c <= lever.change_pct + 1e-9 ? 1 : 0;
  r.percentile = 100.0 * static_cast<double>(at_or_below) / static_cast<double>(changes.size());
  // A rise is compared with the best rise; a fall (of discounts, say) with the deepest fall.
  r.best = lever.change_pct >= 0 ? *std::max_element(changes.begin(), changes.end())
                                 : *std::min_element(changes.begin(), changes.end());
  r.beyond_history = lever.change_pct >= 0 ? lever.change_pct > *r.best + 1e-9 : lever.change_pct < *r.best - 1e-9;
  return r;
}

// One priority's valuation over the plan year's months.
Valuation valuation_of(const plan::Plan& plan, const plan::Priority& p, const History& history,
                       const std::vector<year_month>& months, const std::vector<year_month>& base_months,
                       const ActionPlanStep& actions) {
  Valuation v;
  const std::size_t n = months.size();
  const auto& wc = plan.working_capital;
  v.priority = p.id;
  v.extra_revenue.assign(n, 0);
  v.extra_margin.assign(n, 0);
  v.costs.assign(n, 0);
  v.hours.assign(n, 0.0);
  const int from = std::max(0, month_index(months, p.lever.from));
  for (std::size_t i = static_cast<std::size_t>(from); i < n; ++i) {
    std::int64_t base = metrics::lever_base(p.lever.kpi, history.month(base_months[i]));
    v.extra_revenue[i] = scale(base, p.lever.change_pct / 100.0, "the extra revenue of the lever");
    v.extra_margin[i] = scale(v.extra_revenue[i], plan.margin_rate, "the extra margin of the lever");
    add_to(v.total_extra_revenue, v.extra_revenue[i], "the year's extra revenue");
    add_to(v.total_extra_margin, v.extra_margin[i], "the year's extra margin");
  }
  const char* costs = "the priority's costs";
  for (const auto& c : p.costs) {
    if (c.one_off > 0 && c.month) {
      int i = month_index(months, *c.month);
      if (i >= 0) add_to(v.costs[static_cast<std::size_t>(i)], c.one_off, costs);
      add_to(v.one_off, c.one_off, costs);
      if (c.external) add_to(v.external, c.one_off, costs);
    }
    if (c.monthly > 0) {
      int start = c.month ? month_index(months, *c.month) : from;
      for (std::size_t i = static_cast<std::size_t>(std::max(0, start)); i < n; ++i) {
        add_to(v.costs[i], c.monthly, costs);
        add_to(v.recurring, c.monthly, costs);
        if (c.external) add_to(v.external, c.monthly, costs);
      }
    }
  }
  // Working capital: cash tied up by the extra sales, from the plan or from the days
  // (customers pay later, stock is bought earlier, suppliers are paid later).
  if (p.working_capital) {
    v.working_capital = *p.working_capital;
    v.working_capital_from_plan = true;
  } else {
    double days_of_sales = wc.customer_days + (1.0 - plan.margin_rate) * (wc.stock_days - wc.supplier_days);
    v.working_capital = scale(v.total_extra_revenue, days_of_sales / 365.0, "the working capital");
  }
  for (const auto& row : actions.actions) {
    if (row.priority != &p) continue;
    for (int d = 0; d < row.action->days; ++d) {
      year_month_day ymd{row.action->when + days{d}};
      int i = month_index(months, ymd.year() / ymd.month());
      if (i >= 0) v.hours[static_cast<std::size_t>(i)] += row.hours / row.action->days;
    }
  }

  // Return on the year's costs; working capital is cash lent to the business, not spent, so it
  // weighs on the payback, not on the return.
  const std::int64_t spent = add(v.one_off, v.recurring, costs);
  if (spent > 0)
    v.roi = (static_cast<double>(v.total_extra_margin) - static_cast<double>(spent)) / static_cast<double>(spent) * 100.0;
  std::int64_t cash = 0;
  bool owed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const char* payback = "the cash that pays back the priority";
    add_to(cash, subtract(v.extra_margin[i], v.costs[i], payback), payback);
    if (static_cast<int>(i) == from) cash = subtract(cash, v.working_capital, payback);
    if (cash < 0) owed = true;
    if (owed && cash >= 0) {
      v.payback = months[i];
      break;
    }
  }
  v.realism = realism(history, p.lever);
  return v;
}

}  // namespace

ValuationStep valuation_step(const plan::Plan& plan, const History& history, const std::vector<year_month>& months,
                             const ActionPlanStep& actions) {
  ValuationStep step;
  step.baseline_year = plan.year - 1;
  step.baseline_complete = history.holds(fiscal_start(plan, step.baseline_year), fiscal_end(plan, step.baseline_year));
  step.capacity = plan.capacity.hours_per_month;
  step.team_hours.assign(months.size(), 0.0);
  const auto base_months = fiscal_months(plan, step.baseline_year);
  for (std::size_t k = 0; k < plan.priorities.size(); ++k) {
    try {
      step.priorities.push_back(valuation_of(plan, plan.priorities[k], history, months, base_months, actions));
    } catch (Overflow& o) {
      o.field = "/priorities/" + std::to_string(k);
      throw;
    }
    for (std::size_t i = 0; i < months.size(); ++i) step.team_hours[i] += step.priorities.back().hours[i];
  }
  return step;
}

}  // namespace sextant::report::detail
