// Step 2: last year against its objectives and against the year before; a revenue bridge that
// splits the change into sessions, conversion and value-per-order effects adding up exactly;
// the progress zones ranked by what they cost.
#include "steps.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sextant::report::detail {

namespace {

constexpr std::array<const char*, 9> kReviewKpis{"revenue_excl_tax", "net_sales", "orders",     "aov",
                                                "conversion_rate",  "sessions",  "items",      "new_customers",
                                                "returning_customer_share"};

metrics::Unit unit_of(const std::string& kpi) {
  if (auto m = metrics::find_metric(kpi)) return m->unit;
  return metrics::Unit::ratio;  // returning_customer_share
}

double as_number(const metrics::MetricValue& v, metrics::Unit unit) {
  return unit == metrics::Unit::ratio ? v.ratio : static_cast<double>(v.units);
}

// The logarithmic mean: L(a, b) = (a - b) / (ln a - ln b), and L(a, a) = a.
double log_mean(double a, double b) { return a == b ? a : (a - b) / (std::log(a) - std::log(b)); }

Bridge revenue_bridge(const History& history, int from, int to) {
  Bridge b;
  b.from_year = from;
  b.to_year = to;
  auto a = history.years.find(from), z = history.years.find(to);
  if (a == history.years.end() || z == history.years.end()) {
    b.unavailable_because = "the ledger does not hold both years";
    return b;
  }
  const auto& f0 = a->second;
  const auto& f1 = z->second;
  b.revenue_from = f0.revenue_excl_tax();
  b.revenue_to = f1.revenue_excl_tax();
  b.sessions_from = f0.sessions;
  b.sessions_to = f1.sessions;
  b.orders_from = f0.orders;
  b.orders_to = f1.orders;
  if (b.revenue_from <= 0 || b.revenue_to <= 0 || b.orders_from <= 0 || b.orders_to <= 0) {
    b.unavailable_because = "a year without revenue or orders";
    return b;
  }
  for (const auto* f : {&f0, &f1})
    if (!f->sessions_known()) {
      b.unavailable_because = "sessions are unknown for " + std::to_string(f->days_without_sessions) +
                              (f->days_without_sessions == 1 ? " day of " : " days of ") +
                              std::to_string(f == &f0 ? from : to);
      return b;
    }
  if (b.sessions_from <= 0 || b.sessions_to <= 0) {
    b.unavailable_because = "no sessions: configure an analytics source";
    return b;
  }
  // Revenue = sessions × (orders / sessions) × (revenue / orders). The logarithmic mean Divisia
  // index splits a product's change into its factors' effects with no residual.
  const double r0 = static_cast<double>(b.revenue_from), r1 = static_cast<double>(b.revenue_to);
  const double s0 = static_cast<double>(b.sessions_from), s1 = static_cast<double>(b.sessions_to);
  const double o0 = static_cast<double>(b.orders_from), o1 = static_cast<double>(b.orders_to);
  const double weight = log_mean(r1, r0);
  const char* figure = "the revenue bridge";
  b.sessions_effect = rounded(weight * std::log(s1 / s0), figure);
  b.conversion_effect = rounded(weight * std::log((o1 / s1) / (o0 / s0)), figure);
  // The third takes the rounding, so the effects add up to the change exactly.
  b.value_effect = subtract(subtract(subtract(b.revenue_to, b.revenue_from, figure), b.sessions_effect, figure),
                            b.conversion_effect, figure);
  b.available = true;
  return b;
}

// The spans of held days of [from, history.last] without sessions.
std::vector<std::pair<std::chrono::sys_days, std::chrono::sys_days>> spans_without_sessions(const History& history,
                                                                                         std::chrono::sys_days from) {
  std::vector<std::pair<std::chrono::sys_days, std::chrono::sys_days>> spans;
  for (const auto& f : history.days) {
    if (f.day < from || f.sessions_known()) continue;
    if (!spans.empty() && spans.back().second + std::chrono::days{1} == f.day) spans.back().second = f.day;
    else spans.emplace_back(f.day, f.day);
  }
  return spans;
}

}  // namespace

ReviewStep review_step(const plan::Plan& plan, const History& history) {
  ReviewStep r;
  r.year = plan.year - 1;
  r.complete = history.holds(fiscal_start(plan, r.year), fiscal_end(plan, r.year));
  r.competitors = plan.competitors;
  const auto year = history.years.find(r.year);
  const auto before = history.years.find(r.year - 1);
  const auto objectives = plan.objectives.find(r.year);
  for (const char* id : kReviewKpis) {
    KpiReview k;
    k.kpi = id;
    k.unit = unit_of(k.kpi);
    if (year != history.years.end()) k.actual = kpi_value(year->second, k.kpi);
    else k.actual.present = false;
    if (before != history.years.end()) k.previous = kpi_value(before->second, k.kpi);
    else k.previous.present = false;
    k.objective.present = false;
    k.variance.present = false;
    if (objectives != plan.objectives.end() && objectives->second.contains(k.kpi)) {
      k.objective = value(objectives->second.at(k.kpi));
      if (k.actual.present) {
        k.variance = {true, subtract(k.actual.units, k.objective.units, "the variance of last year's " + k.kpi),
                      k.actual.ratio - k.objective.ratio};
        double target = as_number(k.objective, k.unit);
        if (target != 0) k.variance_pct = as_number(k.variance, k.unit) / target * 100.0;
      }
    }
    if (k.actual.present && k.previous.present && as_number(k.previous, k.unit) != 0)
      k.yoy_pct = (as_number(k.actual, k.unit) / as_number(k.previous, k.unit) - 1.0) * 100.0;
    r.kpis.push_back(std::move(k));
  }
  r.bridge = revenue_bridge(history, r.year - 1, r.year);
  const auto checked_from = std::max(fiscal_start(plan, r.year - 1), history.first);
  r.sessions_unknown = spans_without_sessions(history, checked_from);
  r.sessions_nowhere = r.sessions_unknown.size() == 1 && r.sessions_unknown[0] == std::pair{checked_from, history.last};

  // A driver that missed its objective costs the revenue it would have brought, all else equal:
  // revenue is proportional to sessions, to conversion and to the order value. The drivers are
  // taken unrounded (an AOV of 93.333..., not 93.33).
  if (year != history.years.end()) {
    const auto& f = year->second;
    const std::int64_t revenue = f.revenue_excl_tax();
    for (const auto& k : r.kpis) {
      if (k.kpi != "sessions" && k.kpi != "conversion_rate" && k.kpi != "aov") continue;
      if (!k.objective.present || !k.actual.present) continue;
      double actual = k.kpi == "sessions"          ? static_cast<double>(f.sessions)
                      : k.kpi == "conversion_rate" ? static_cast<double>(f.orders) / static_cast<double>(f.sessions)
                                                   : static_cast<double>(f.gross_sales - f.discounts) /
                                                         static_cast<double>(f.orders);
      double target = as_number(k.objective, k.unit);
      if (actual <= 0 || target <= actual) continue;
      r.zones.push_back({k.kpi, k.actual, k.objective, scale(revenue, target / actual - 1.0, "what a missed objective cost")});
    }
    std::stable_sort(r.zones.begin(), r.zones.end(), [](const auto& a, const auto& b) { return a.cost > b.cost; });
  }
  return r;
}

}  // namespace sextant::report::detail
