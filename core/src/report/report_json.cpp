#include "sextant/report/report_json.hpp"

#include "sextant/plugin/calendar.hpp"
#include "sextant/plugin/money.hpp"
#include "sextant/report/definitions.hpp"

#include <boost/json.hpp>

#include <cmath>

namespace sextant::report {

namespace {

namespace json = boost::json;

double rounded(double x, int decimals) {
  double f = std::pow(10.0, decimals);
  return std::round(x * f) / f;
}

class Writer {
 public:
  explicit Writer(const Report& r) : r_(r), exponent_(r.plan->shop.exponent) {}

  json::value money(const char* def, std::int64_t v) const { return fig(def, format_minor(v, exponent_)); }
  json::value count(const char* def, std::int64_t v) const { return fig(def, v); }
  json::value pct(const char* def, std::optional<double> v) const {
    return fig(def, v ? json::value(rounded(*v, 2)) : json::value(nullptr));
  }
  json::value hours(const char* def, double v) const { return fig(def, rounded(v, 1)); }
  json::value metric(const char* def, const metrics::MetricValue& v, metrics::Unit unit) const {
    if (!v.present) return fig(def, json::value(nullptr));
    switch (unit) {
      case metrics::Unit::money: return fig(def, format_minor(v.units, exponent_));
      case metrics::Unit::count: return fig(def, v.units);
      case metrics::Unit::ratio: return fig(def, rounded(v.ratio, 6));
    }
    return fig(def, json::value(nullptr));
  }
  json::array money_months(const char* def, const std::vector<std::int64_t>& values) const {
    json::array a;
    for (auto v : values) a.push_back(money(def, v));
    return a;
  }
  json::array hour_months(const char* def, const std::vector<double>& values) const {
    json::array a;
    for (auto v : values) a.push_back(hours(def, v));
    return a;
  }

  json::object vision() const {
    const auto& v = r_.vision;
    json::array milestones;
    for (const auto& m : v.milestones) milestones.push_back({{"year", m.year}, {"value", money("vision.milestone", m.value)}});
    json::array days;
    for (const auto& [day, target] : v.day_targets)
      days.push_back({{"day", format_date(day)}, {"target", money("vision.day_target", target)}});
    return {{"statement", v.statement},
            {"metric", v.metric},
            {"baseline_year", v.baseline_year},
            {"baseline_source", v.baseline_from_plan ? "plan" : "ledger"},
            {"baseline", money("vision.baseline", v.baseline)},
            {"target", money("vision.target", v.target)},
            {"by", format_date(v.by)},
            {"target_year", v.target_year},
            {"years", count("vision.years", v.years)},
            {"cagr", fig("vision.cagr", v.cagr ? json::value(rounded(*v.cagr, 6)) : json::value(nullptr))},
            {"milestones", milestones},
            {"objective", money("vision.objective", v.objective)},
            {"objective_source", v.objective_source.empty() ? "none" : v.objective_source},
            {"seasonal", v.seasonal},
            {"month_targets", money_months("vision.month_target", v.month_targets)},
            {"day_targets", days}};
  }

  json::object review() const {
    const auto& rv = r_.review;
    json::array kpis;
    for (const auto& k : rv.kpis)
      kpis.push_back({{"kpi", k.kpi},
                      {"actual", metric("review.actual", k.actual, k.unit)},
                      {"objective", metric("review.objective", k.objective, k.unit)},
                      {"variance", metric("review.variance", k.variance, k.unit)},
                      {"variance_pct", pct("review.variance_pct", k.variance_pct)},
                      {"previous", metric("review.previous", k.previous, k.unit)},
                      {"yoy_pct", pct("review.yoy_pct", k.yoy_pct)}});
    const auto& b = rv.bridge;
    json::object bridge{{"available", b.available}, {"from_year", b.from_year}, {"to_year", b.to_year}};
    if (b.available) {
      bridge["revenue_from"] = money("bridge.revenue", b.revenue_from);
      bridge["revenue_to"] = money("bridge.revenue", b.revenue_to);
      bridge["sessions_effect"] = money("bridge.sessions_effect", b.sessions_effect);
      bridge["conversion_effect"] = money("bridge.conversion_effect", b.conversion_effect);
      bridge["value_effect"] = money("bridge.value_effect", b.value_effect);
    } else {
      bridge["unavailable_because"] = b.unavailable_because;
    }
    json::array zones;
    for (const auto& z : rv.zones) {
      auto unit = metrics::find_metric(z.kpi)->unit;
      zones.push_back({{"kpi", z.kpi},
                       {"actual", metric("review.actual", z.actual, unit)},
                       {"objective", metric("review.objective", z.objective, unit)},
                       {"cost", money("review.zone_cost", z.cost)}});
    }
    json::array competitors;
    for (const auto& c : rv.competitors) competitors.push_back({{"name", c.name}, {"url", c.url}, {"notes", c.notes}});
    json::array unknown;
    for (const auto& [from, to] : rv.sessions_unknown)
      unknown.push_back({{"from", format_date(from)}, {"to", format_date(to)}});
    return {{"year", rv.year}, {"complete", rv.complete}, {"kpis", kpis}, {"bridge", bridge},
            {"progress_zones", zones}, {"competitors", competitors}, {"sessions_unknown", unknown}};
  }

  json::object priorities() const {
    json::object matrix;
    for (const auto& p : r_.plan->priorities) matrix[p.quadrant] = {{"id", p.id}, {"title", p.title}};
    return {{"matrix", matrix}};
  }

  json::object valuation() const {
    const auto& s = r_.valuation;
    json::array list;
    for (std::size_t i = 0; i < s.priorities.size(); ++i) {
      const auto& v = s.priorities[i];
      const auto& p = r_.plan->priorities[i];
      const auto& re = v.realism;
      list.push_back({{"id", p.id},
                      {"quadrant", p.quadrant},
                      {"title", p.title},
                      {"lever", {{"kpi", p.lever.kpi}, {"change_pct", p.lever.change_pct}, {"from", format_month(p.lever.from)}}},
                      {"extra_revenue", money("valuation.extra_revenue", v.total_extra_revenue)},
                      {"extra_margin", money("valuation.extra_margin", v.total_extra_margin)},
                      {"extra_revenue_by_month", money_months("valuation.extra_revenue", v.extra_revenue)},
                      {"extra_margin_by_month", money_months("valuation.extra_margin", v.extra_margin)},
                      {"one_off_costs", money("valuation.one_off", v.one_off)},
                      {"recurring_costs", money("valuation.recurring", v.recurring)},
                      {"external_costs", money("valuation.external", v.external)},
                      {"costs_by_month", money_months("financing.line", v.costs)},
                      {"working_capital", money("valuation.working_capital", v.working_capital)},
                      {"working_capital_source", v.working_capital_from_plan ? "plan" : "days"},
                      {"workload_hours", hours("valuation.hours", [&] {
                         double t = 0;
                         for (double h : v.hours) t += h;
                         return t;
                       }())},
                      {"hours_by_month", hour_months("valuation.hours", v.hours)},
                      {"roi_pct", pct("valuation.roi", v.roi)},
                      {"payback_month", fig("valuation.payback", v.payback ? json::value(format_month(*v.payback))
                                                                           : json::value(nullptr))},
                      {"realism", {{"samples", re.samples},
                                   {"percentile", pct("valuation.realism_percentile", re.percentile)},
                                   {"best_pct", pct("valuation.realism_best", re.best)},
                                   {"beyond_history", re.beyond_history}}}});
    }
    return {{"baseline_year", s.baseline_year},
            {"baseline_complete", s.baseline_complete},
            {"priorities", list},
            {"team_hours_by_month", hour_months("valuation.hours", s.team_hours)},
            {"capacity_hours", hours("valuation.capacity", s.capacity)}};
  }

  json::object financing() const {
    const auto& f = r_.financing;
    auto lines = [&](const std::vector<CashLine>& list) {
      json::array a;
      for (const auto& l : list) {
        const char* def = l.kind == "margin_share" ? "financing.margin_share"
                          : l.kind == "repayment"  ? "financing.repayment"
                          : l.kind == "interest"   ? "financing.interest"
                                                   : "financing.line";
        a.push_back({{"kind", l.kind}, {"label", l.label}, {"months", money_months(def, l.months)},
                     {"total", money(def, l.total)}});
      }
      return a;
    };
    return {{"uses", lines(f.uses)},
            {"resources", lines(f.resources)},
            {"uses_by_month", money_months("financing.line", f.uses_by_month)},
            {"resources_by_month", money_months("financing.line", f.resources_by_month)},
            {"net_by_month", money_months("financing.net", f.net_by_month)},
            {"cumulative", money_months("financing.cumulative", f.cumulative)},
            {"total_uses", money("financing.line", f.total_uses)},
            {"total_resources", money("financing.line", f.total_resources)},
            {"balanced", f.balanced},
            {"first_shortfall", f.first_shortfall ? json::value(format_month(*f.first_shortfall)) : json::value(nullptr)},
            {"shortfall", money("financing.cumulative", f.shortfall)}};
  }

  json::object action_plan() const {
    const auto& s = r_.action_plan;
    json::array actions;
    for (const auto& row : s.actions) {
      const auto& a = *row.action;
      actions.push_back({{"id", a.id},
                         {"priority", a.priority},
                         {"quadrant", row.priority->quadrant},
                         {"what", a.what},
                         {"who", a.who},
                         {"for_whom", a.for_whom},
                         {"when", format_date(a.when)},
                         {"days", a.days},
                         {"due", fig("actions.due", format_date(row.due))},
                         {"how", a.how},
                         {"hours", hours("actions.hours", row.hours)},
                         {"state", row.state ? json::value(to_string(*row.state)) : json::value(nullptr)},
                         {"overdue", row.overdue}});
    }
    json::array owners;
    for (const auto& o : s.owners) {
      json::array over;
      for (auto m : o.overloaded) over.emplace_back(format_month(m));
      owners.push_back({{"who", o.who},
                        {"hours_by_month", hour_months("actions.owner_hours", o.hours)},
                        {"capacity_hours", o.capacity ? json::value(*o.capacity) : json::value(nullptr)},
                        {"overloaded_months", over}});
    }
    json::array next;
    for (const auto& id : s.next_quarter) next.emplace_back(id);
    return {{"actions", actions}, {"owners", owners}, {"next_quarter", next}};
  }

  json::object dashboard() const {
    const auto& d = r_.dashboard;
    json::array kpis;
    for (const auto& k : d.kpis) {
      json::array actuals, targets;
      for (const auto& m : k.month_actuals) actuals.push_back(metric("dashboard.actual", m, k.unit));
      for (const auto& m : k.month_targets) targets.push_back(metric("dashboard.target", m, k.unit));
      kpis.push_back({{"kpi", k.kpi},
                      {"actual", metric("dashboard.actual", k.actual, k.unit)},
                      {"target", metric("dashboard.target", k.target, k.unit)},
                      {"attainment_pct", pct("dashboard.attainment", k.attainment_pct)},
                      {"band", k.band},
                      {"objective", metric("dashboard.objective", k.objective, k.unit)},
                      {"objective_source", k.objective_source.empty() ? "none" : k.objective_source},
                      {"forecast", metric("dashboard.forecast", k.forecast, k.unit)},
                      {"gap", metric("dashboard.gap", k.gap, k.unit)},
                      {"gap_pct", pct("dashboard.gap", k.gap_pct)},
                      {"month_actuals", actuals},
                      {"month_targets", targets}});
    }
    const auto& e = d.execution;
    json::array alerts;
    for (const auto& a : d.alerts) alerts.push_back({{"kind", a.kind}, {"subject", a.subject}, {"message", a.message}});
    return {{"from", format_date(d.from)},
            {"to", format_date(d.to)},
            {"elapsed_pct", rounded(d.elapsed_pct, 2)},
            {"kpis", kpis},
            {"execution", {{"done", e.done}, {"in_progress", e.in_progress}, {"open", e.open}, {"overdue", e.overdue},
                           {"not_pushed", e.not_pushed}}},
            {"alerts", alerts}};
  }

 private:
  static json::value fig(const char* def, json::value v) { return json::object{{"def", def}, {"value", std::move(v)}}; }
  static json::value fig(const char* def, const std::string& text) { return fig(def, json::value(text)); }

  const Report& r_;
  int exponent_;
};

}  // namespace

json::value to_json(const Report& r, int step) {
  Writer w(r);
  const auto& plan = *r.plan;
  json::array months;
  for (auto m : r.months) months.emplace_back(format_month(m));
  json::array defs;
  for (const auto& d : definitions()) defs.push_back({{"id", d.id}, {"text", d.text}});
  json::object steps;
  if (step == 0 || step == 1) steps["vision"] = w.vision();
  if (step == 0 || step == 2) steps["review"] = w.review();
  if (step == 0 || step == 3) steps["priorities"] = w.priorities();
  if (step == 0 || step == 4) steps["valuation"] = w.valuation();
  if (step == 0 || step == 5) steps["financing"] = w.financing();
  if (step == 0 || step == 6) steps["action_plan"] = w.action_plan();
  if (step == 0 || step == 7) steps["dashboard"] = w.dashboard();
  return json::object{{"plan", plan.id},
                      {"year", plan.year},
                      {"shop", plan.shop.name},
                      {"currency", plan.shop.currency},
                      {"timezone", r.timezone},
                      {"today", format_date(r.today)},
                      {"months", months},
                      {"steps", steps},
                      {"definitions", defs}};
}

}  // namespace sextant::report
