#include "sextant/report/build_report.hpp"

#include "steps.hpp"

namespace sextant::report {

Report build_report(const plan::Plan& plan, const History& history, sys_days today,
                    const std::vector<ledger::TaskRecord>& tasks, const std::string& timezone) {
  std::map<std::string, TaskState> states;
  for (const auto& t : tasks)
    if (!t.remote_id.empty()) states[t.key] = t.state;
  Report r;
  r.plan = &plan;
  r.today = today;
  r.timezone = timezone;
  r.months = fiscal_months(plan, plan.year);
  r.vision = detail::vision_step(plan, history);
  r.review = detail::review_step(plan, history);
  r.action_plan = detail::action_plan_step(plan, today, r.months, states);
  r.valuation = detail::valuation_step(plan, history, r.months, r.action_plan);
  r.financing = detail::financing_step(plan, r.months, r.valuation);
  r.dashboard = detail::dashboard_step(plan, history, today, r.months, r.vision, r.valuation, r.financing,
                                       r.action_plan);
  return r;
}

}  // namespace sextant::report
