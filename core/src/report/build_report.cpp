#include "sextant/report/build_report.hpp"

#include "steps.hpp"

#include "sextant/plugin/money.hpp"

#include <limits>
#include <stdexcept>

namespace sextant::report {

namespace {

// Runs a step; an overflow it does not pin to a plan field is blamed on `area`, the plan's part
// the step works from.
template <class Step>
auto blaming(const char* area, Step step) {
  try {
    return step();
  } catch (detail::Overflow& o) {
    if (o.field.empty()) o.field = area;
    throw;
  }
}

}  // namespace

Result<Report> build_report(const plan::Plan& plan, const History& history, sys_days today,
                            const std::vector<ledger::TaskRecord>& tasks, const std::string& timezone) {
  std::map<std::string, TaskState> states;
  for (const auto& t : tasks)
    if (!t.remote_id.empty()) states[t.key] = t.state;
  Report r;
  r.plan = &plan;
  r.today = today;
  r.timezone = timezone;
  r.months = fiscal_months(plan, plan.year);
  try {
    r.vision = blaming("/vision", [&] { return detail::vision_step(plan, history); });
    r.review = blaming("/objectives", [&] { return detail::review_step(plan, history); });
    r.action_plan = detail::action_plan_step(plan, today, r.months, states);
    r.valuation = detail::valuation_step(plan, history, r.months, r.action_plan);
    r.financing = blaming("/financing", [&] { return detail::financing_step(plan, r.months, r.valuation); });
    r.dashboard = blaming("/dashboard", [&] {
      return detail::dashboard_step(plan, history, today, r.months, r.vision, r.valuation, r.financing, r.action_plan);
    });
  } catch (const detail::Overflow& o) {
    return make_error(Errc::invalid_input,
                      o.figure + " would go beyond " +
                          format_minor(std::numeric_limits<std::int64_t>::max(), plan.shop.exponent) + " " +
                          plan.shop.currency + ", the most Sextant can count; amounts are at most " +
                          format_minor(kAmountBound, plan.shop.exponent) + " each",
                      o.field);
  } catch (const std::overflow_error& e) {  // from the history's sums (metrics::DayFigures)
    return make_error(Errc::io, std::string("the ledger's history cannot be added up: ") + e.what());
  }
  return r;
}

}  // namespace sextant::report
