// Step 7: the year to date against the seasonal trajectory, per KPI; a year-end forecast; the
// action plan's execution from the tasks' states; and alerts.
#include "steps.hpp"

#include "sextant/plugin/calendar.hpp"

#include <algorithm>
#include <cmath>

namespace sextant::report::detail {

using namespace std::chrono;

namespace {

double number(const metrics::MetricValue& v, metrics::Unit unit) {
  return unit == metrics::Unit::ratio ? v.ratio : static_cast<double>(v.units);
}

std::string percent_text(double pct) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", pct);
  return buf;
}

}  // namespace

DashboardStep dashboard_step(const plan::Plan& plan, const History& history, sys_days today,
                             const std::vector<year_month>& months, const VisionStep& vision,
                             const ValuationStep& valuation, const FinancingStep& financing,
                             const ActionPlanStep& actions) {
  DashboardStep d;
  const sys_days start = fiscal_start(plan, plan.year), end = fiscal_end(plan, plan.year);
  d.from = start;
  d.to = std::min(today - days{1}, end);
  const bool started = d.to >= d.from;
  const double year_days = static_cast<double>((end - start).count() + 1);
  d.elapsed_pct = started ? static_cast<double>((d.to - d.from).count() + 1) / year_days * 100.0 : 0.0;
  const auto objectives = plan.objectives.find(plan.year);
  const auto ytd = started ? history.sum(d.from, d.to) : metrics::DayFigures{start};
  const auto base = history.years.find(plan.year - 1);
  const auto this_year = history.years.find(plan.year);
  const auto& settings = plan.dashboard;

  for (const auto& kpi : settings.kpis) {
    auto def = *metrics::find_metric(kpi);
    KpiDashboard k;
    k.kpi = kpi;
    k.unit = def.unit;
    k.additive = def.additive;
    // The year's objective: the plan's; else, for the vision's metric, the trajectory's; else
    // last year's value, grown like the vision for what adds up, held for ratios.
    if (objectives != plan.objectives.end() && objectives->second.contains(kpi)) {
      k.objective = value(objectives->second.at(kpi));
      k.objective_source = "plan";
    } else if (kpi == vision.metric && !vision.objective_source.empty()) {
      k.objective = {true, vision.objective, 0.0};
      k.objective_source = "vision";
    } else if (base != history.years.end()) {
      k.objective = kpi_value(base->second, kpi);
      if (def.additive && vision.cagr) k.objective.units = scale(k.objective.units, 1.0 + *vision.cagr, "an objective grown like the vision");
      k.objective_source = def.additive && vision.cagr ? "vision" : "baseline";
    } else {
      k.objective.present = false;
    }

    std::vector<std::pair<sys_days, std::int64_t>> targets;
    if (def.additive && k.objective.present)
      targets = kpi == vision.metric && k.objective_source != "plan"
                    ? vision.day_targets
                    : day_targets(plan, history, kpi, k.objective.units, nullptr);
    k.month_actuals.assign(months.size(), {false, 0, 0.0});
    k.month_targets.assign(months.size(), {false, 0, 0.0});
    for (std::size_t i = 0; i < months.size(); ++i) {
      sys_days first{months[i] / 1}, last{(months[i] + std::chrono::months{1}) / 1};
      last -= days{1};
      if (started && first <= d.to) k.month_actuals[i] = kpi_value(history.sum(first, std::min(last, d.to)), kpi);
      if (def.additive) {
        std::int64_t t = 0;
        for (const auto& [day, v] : targets)
          if (day >= first && day <= last) add_to(t, v, "a month's target");
        k.month_targets[i] = {k.objective.present, t, 0.0};
      } else {
        k.month_targets[i] = k.objective;
      }
    }

    if (!started) {
      k.actual.present = false;
      k.target.present = false;
    } else if (def.additive) {
      k.actual = kpi_value(ytd, kpi);
      std::int64_t t = 0;
      for (const auto& [day, v] : targets)
        if (day >= d.from && day <= d.to) add_to(t, v, "the target to date");
      k.target = {k.objective.present, t, 0.0};
    } else {
      // Ratios and distinct counts over the year to date, against the year's objective.
      k.actual = this_year != history.years.end() ? kpi_value(this_year->second, kpi) : metrics::MetricValue{false, 0, 0};
      k.target = k.objective;
    }

    k.band = "no data";
    k.forecast.present = k.gap.present = false;
    if (k.actual.present && k.target.present && number(k.target, k.unit) > 0) {
      double attainment = number(k.actual, k.unit) / number(k.target, k.unit) * 100.0;
      k.attainment_pct = attainment;
      k.band = attainment >= settings.on_track_pct ? "on track"
               : attainment >= settings.at_risk_pct ? "at risk"
                                                    : "off track";
      // Forecast: what adds up keeps its attainment of the seasonal trajectory until the year
      // ends; a ratio stays where it is.
      if (def.additive) k.forecast = {true, scale(k.objective.units, attainment / 100.0, "the forecast of " + kpi), 0.0};
      else k.forecast = k.actual;
      k.gap = {true, subtract(k.forecast.units, k.objective.units, "the gap of " + kpi), k.forecast.ratio - k.objective.ratio};
      if (number(k.objective, k.unit) != 0) k.gap_pct = number(k.gap, k.unit) / number(k.objective, k.unit) * 100.0;
    }
    if (k.gap_pct && *k.gap_pct < -settings.alert_gap_pct)
      d.alerts.push_back({"kpi", kpi,
                          kpi + " heads for " + percent_text(*k.gap_pct) + " against its objective (alert beyond -" +
                              percent_text(settings.alert_gap_pct) + ")"});
    d.kpis.push_back(std::move(k));
  }

  for (const auto& row : actions.actions) {
    if (!row.state) ++d.execution.not_pushed;
    else if (*row.state == TaskState::done) ++d.execution.done;
    else if (*row.state == TaskState::in_progress) ++d.execution.in_progress;
    else ++d.execution.open;
    if (row.overdue) {
      ++d.execution.overdue;
      d.alerts.push_back({"overdue", row.action->id,
                          row.action->id + " \"" + row.action->what + "\" (" + row.action->who + ") was due " +
                              format_date(row.due) + " and is not done"});
    }
  }
  for (std::size_t i = 0; i < months.size(); ++i)
    if (valuation.capacity > 0 && valuation.team_hours[i] > valuation.capacity + 1e-9)
      d.alerts.push_back({"capacity", format_month(months[i]),
                          format_month(months[i]) + " asks " + std::to_string(std::lround(valuation.team_hours[i])) +
                              " hours of a team that has " + std::to_string(std::lround(valuation.capacity))});
  if (financing.first_shortfall)
    d.alerts.push_back({"financing", format_month(*financing.first_shortfall),
                        "the plan runs short of cash in " + format_month(*financing.first_shortfall)});
  return d;
}

}  // namespace sextant::report::detail
