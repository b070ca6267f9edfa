// The seven steps of the plan, computed: a pure function of (plan, ledger contents, today), so
// the same inputs give the same report, byte for byte. Amounts are minor units of the shop
// currency; months are the plan year's fiscal months, in order.
#pragma once

#include "sextant/metrics/catalog.hpp"
#include "sextant/metrics/metrics_table.hpp"
#include "sextant/plan/plan.hpp"
#include "sextant/plugin/task.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sextant::report {

using std::chrono::sys_days;
using std::chrono::year_month;

// Step 1 -----------------------------------------------------------------------------------
struct Milestone {
  int year = 0;
  std::int64_t value = 0;
};

struct VisionStep {
  std::string statement;
  std::string metric;
  int baseline_year = 0;                 ///< the fiscal year the baseline is
  std::int64_t baseline = 0;
  bool baseline_from_plan = false;
  std::int64_t target = 0;
  sys_days by{};
  int target_year = 0;                   ///< the fiscal year that ends on or contains `by`
  int years = 0;                         ///< target_year - baseline_year
  std::optional<double> cagr;            ///< required compound annual growth; none without a baseline
  std::vector<Milestone> milestones;     ///< baseline_year + 1 .. target_year
  std::int64_t objective = 0;            ///< this plan year's value of the vision metric
  std::string objective_source;          ///< "plan" or "vision"
  bool seasonal = false;                 ///< months shaped by the baseline year (else flat)
  std::vector<std::int64_t> month_targets;  ///< the plan year's months; sum = objective
  std::vector<std::pair<sys_days, std::int64_t>> day_targets;  ///< every day of the plan year
};

// Step 2 -----------------------------------------------------------------------------------
struct KpiReview {
  std::string kpi;                       ///< a metric id, or "returning_customer_share"
  metrics::Unit unit = metrics::Unit::count;
  metrics::MetricValue actual;
  metrics::MetricValue objective;        ///< present when the plan set one for the review year
  metrics::MetricValue previous;         ///< the year before
  metrics::MetricValue variance;         ///< actual - objective
  std::optional<double> variance_pct;
  std::optional<double> yoy_pct;
};

struct Bridge {
  bool available = false;
  std::string unavailable_because;
  int from_year = 0, to_year = 0;
  std::int64_t revenue_from = 0, revenue_to = 0;
  std::int64_t sessions_from = 0, sessions_to = 0;
  std::int64_t orders_from = 0, orders_to = 0;
  std::int64_t sessions_effect = 0, conversion_effect = 0, value_effect = 0;  ///< sum = revenue_to - revenue_from
};

struct ProgressZone {
  std::string kpi;
  metrics::MetricValue actual, objective;
  std::int64_t cost = 0;                 ///< revenue the review year would have had with the objective met
};

struct ReviewStep {
  int year = 0;
  bool complete = false;                 ///< the whole fiscal year is in the ledger
  std::vector<KpiReview> kpis;
  Bridge bridge;
  std::vector<ProgressZone> zones;       ///< costliest first
  std::vector<plan::Competitor> competitors;
  /// The spans of held days, from the year before the review year to yesterday, whose sessions
  /// are unknown (no analytics fact): their conversion rate is unknown, and so is any period's
  /// that holds one. Empty when every such day has sessions.
  std::vector<std::pair<std::chrono::sys_days, std::chrono::sys_days>> sessions_unknown;
  bool sessions_nowhere = false;         ///< no held day of that span has sessions at all
};

// Step 4 -----------------------------------------------------------------------------------
struct Realism {
  std::size_t samples = 0;               ///< months with a value a year earlier
  std::optional<double> percentile;      ///< share of past year-on-year monthly changes at or below the lever, %
  std::optional<double> best;            ///< the largest past change, %
  bool beyond_history = false;           ///< the lever exceeds every past change
};

struct Valuation {
  std::string priority;
  std::vector<std::int64_t> extra_revenue;  ///< per month
  std::vector<std::int64_t> extra_margin;
  std::vector<std::int64_t> costs;          ///< one-off and monthly, per month
  std::int64_t total_extra_revenue = 0, total_extra_margin = 0;
  std::int64_t one_off = 0, recurring = 0, external = 0;
  std::int64_t working_capital = 0;         ///< needed (positive) or released, in the lever's first month
  bool working_capital_from_plan = false;
  std::vector<double> hours;                ///< workload per month
  std::optional<double> roi;                ///< (extra margin - costs) / costs, %, over the plan year
  std::optional<year_month> payback;        ///< first month the cumulated cash (margin - costs - working
                                            ///< capital) is back at 0 or above; none within the year
  Realism realism;
};

struct ValuationStep {
  int baseline_year = 0;
  bool baseline_complete = false;
  std::vector<Valuation> priorities;        ///< in plan order
  std::vector<double> team_hours;           ///< all priorities' workload per month
  double capacity = 0;                      ///< hours per month
};

// Step 5 -----------------------------------------------------------------------------------
struct CashLine {
  std::string kind;                         ///< uses: "investment", "recurring", "working_capital", "repayment";
                                            ///< resources: "savings", "margin_share", "capital", "loan"
  std::string label;
  std::vector<std::int64_t> months;
  std::int64_t total = 0;
};

struct FinancingStep {
  std::vector<CashLine> uses, resources;
  std::vector<std::int64_t> uses_by_month, resources_by_month, net_by_month, cumulative;
  std::int64_t total_uses = 0, total_resources = 0;
  bool balanced = true;                     ///< the cumulated cash never goes below zero
  std::optional<year_month> first_shortfall;
  std::int64_t shortfall = 0;               ///< the cumulated cash that month (negative)
};

// Step 6 -----------------------------------------------------------------------------------
struct ActionRow {
  const plan::Action* action = nullptr;
  const plan::Priority* priority = nullptr;
  sys_days due{};                           ///< when + days
  double hours = 0;
  std::optional<TaskState> state;           ///< from the tracker, when pushed
  bool overdue = false;
};

struct OwnerLoad {
  std::string who;
  std::vector<double> hours;                ///< per month
  std::optional<double> capacity;           ///< per month, when the plan gives it
  std::vector<year_month> overloaded;
};

struct ActionPlanStep {
  std::vector<ActionRow> actions;           ///< by start date
  std::vector<OwnerLoad> owners;
  std::vector<std::string> next_quarter;    ///< ids of actions starting in the next three months
};

// Step 7 -----------------------------------------------------------------------------------
struct KpiDashboard {
  std::string kpi;
  metrics::Unit unit = metrics::Unit::count;
  bool additive = true;
  metrics::MetricValue actual;              ///< year to date
  metrics::MetricValue target;              ///< year to date, following seasonality
  std::optional<double> attainment_pct;
  std::string band;                         ///< "on track", "at risk", "off track", or "no data"
  metrics::MetricValue objective;           ///< the whole year's
  std::string objective_source;             ///< "plan", "vision" or "baseline"
  metrics::MetricValue forecast;            ///< year end
  metrics::MetricValue gap;                 ///< forecast - objective
  std::optional<double> gap_pct;
  std::vector<metrics::MetricValue> month_actuals, month_targets;
};

struct Execution {
  int done = 0, in_progress = 0, open = 0, overdue = 0, not_pushed = 0;
};

struct Alert {
  std::string kind;                         ///< "kpi", "overdue", "capacity", "financing"
  std::string subject;
  std::string message;
};

struct DashboardStep {
  sys_days from{}, to{};                    ///< year to date: plan year start to yesterday
  double elapsed_pct = 0;                   ///< share of the year's days elapsed
  std::vector<KpiDashboard> kpis;
  Execution execution;
  std::vector<Alert> alerts;
};

struct Report {
  const plan::Plan* plan = nullptr;
  sys_days today{};
  std::string timezone;
  std::vector<year_month> months;           ///< the plan year's
  VisionStep vision;
  ReviewStep review;
  ValuationStep valuation;
  FinancingStep financing;
  ActionPlanStep action_plan;
  DashboardStep dashboard;
};

}  // namespace sextant::report
