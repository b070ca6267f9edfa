#include "sextant/report/definitions.hpp"

#include <array>

namespace sextant::report {

namespace {
constexpr std::array<Definition, 47> kDefinitions{{
    {"vision.baseline", "The vision's metric over the last complete fiscal year before the plan year, or the plan's "
                        "vision.baseline."},
    {"vision.target", "The vision's number, for the fiscal year that contains its date."},
    {"vision.years", "Fiscal years from the baseline year to the target's year."},
    {"vision.cagr", "Required compound annual growth: (target / baseline)^(1 / years) - 1."},
    {"vision.milestone", "baseline x (1 + cagr)^(year - baseline year); the last milestone is the target."},
    {"vision.objective", "This plan year's value of the vision's metric: the plan's objective if it sets one, else "
                         "the trajectory's milestone."},
    {"vision.month_target", "objective x the month's share of the year before the plan year (without that whole "
                            "year, every day weighs the same: a month in proportion to its days); largest "
                            "remainders first, so the months add up to the objective."},
    {"vision.day_target", "The month's target shared equally among its days, largest remainders first."},
    {"review.actual", "The KPI over the review year (the year before the plan year), as the metric dictionary "
                      "defines it."},
    {"review.objective", "The plan's objective for the review year."},
    {"review.previous", "The KPI over the year before the review year."},
    {"review.variance", "actual - objective."},
    {"review.variance_pct", "(actual - objective) / objective x 100."},
    {"review.yoy_pct", "(actual / previous - 1) x 100."},
    {"review.returning_customer_share", "returning_customers / customers over the year (a fraction)."},
    {"bridge.revenue", "revenue_excl_tax over the year."},
    {"bridge.sessions_effect", "L(R1, R0) x ln(S1 / S0), where R is revenue, S sessions and L(a, b) = (a - b) / "
                               "(ln a - ln b), the logarithmic mean (LMDI-I)."},
    {"bridge.conversion_effect", "L(R1, R0) x ln(C1 / C0), where C = orders / sessions."},
    {"bridge.value_effect", "R1 - R0 - sessions effect - conversion effect: L(R1, R0) x ln(V1 / V0) with V = revenue "
                            "/ orders, taking the rounding so the three effects add up to the change exactly."},
    {"review.zone_cost", "Revenue the review year would have had with the KPI at its objective, all else equal: "
                         "revenue x (objective / actual - 1)."},
    {"valuation.extra_revenue", "From the lever's month: the revenue the lever moves (see the lever) in the same "
                                "month of the baseline year x change_pct / 100."},
    {"valuation.extra_margin", "extra revenue x margin_rate."},
    {"valuation.one_off", "The priority's one-off costs in the plan year."},
    {"valuation.recurring", "The priority's monthly costs x the plan year's months from their start."},
    {"valuation.external", "The part of the costs paid to outside services."},
    {"valuation.working_capital", "The plan's amount, else the year's extra revenue x (customer_days + (1 - "
                                  "margin_rate) x (stock_days - supplier_days)) / 365, needed in the lever's month."},
    {"valuation.hours", "The hours of the priority's actions, spread evenly over their days."},
    {"valuation.capacity", "The team's hours per month (capacity.hours_per_month)."},
    {"valuation.roi", "(extra margin - one-off - recurring costs) / (one-off + recurring costs) x 100, over the plan "
                      "year."},
    {"valuation.payback", "The first month in which the cumulated extra margin - costs - working capital is back at "
                          "zero or above."},
    {"valuation.realism_percentile", "Share of the KPI's past year-on-year monthly changes at or below the lever, %."},
    {"valuation.realism_best", "The KPI's largest past year-on-year monthly change (its deepest fall for a lever "
                               "below zero), %."},
    {"financing.line", "The line's amount in each month of the plan year."},
    {"financing.margin_share", "share x the priorities' extra margin of the month (none when negative)."},
    {"financing.repayment", "amount / repayment_months each month from the month after the loan, the last "
                            "instalment taking the rounding."},
    {"financing.interest", "principal still owed x annual_rate / 12."},
    {"financing.net", "resources - uses, in the month."},
    {"financing.cumulative", "The running sum of net from the plan year's first month; below zero is a shortfall."},
    {"actions.due", "when + days."},
    {"actions.hours", "The action's hours, or its priority's workload_hours shared equally among its actions."},
    {"actions.owner_hours", "An owner's action hours, each action's spread evenly over its days, per month."},
    {"dashboard.actual", "The KPI from the plan year's first day to yesterday."},
    {"dashboard.target", "Additive KPIs: the day targets from the plan year's first day to yesterday. Ratios and "
                         "distinct counts: the year's objective."},
    {"dashboard.attainment", "actual / target x 100; on track at on_track_pct (95) or above, at risk at "
                             "at_risk_pct (85) or above, off track below."},
    {"dashboard.objective", "The plan's objective for the year; else the vision's trajectory for its metric; else "
                            "last year's value grown by the vision's CAGR (additive KPIs) or held (ratios)."},
    {"dashboard.forecast", "Additive KPIs: objective x attainment / 100 (the year keeps its pace against the "
                           "seasonal trajectory). Ratios: the year-to-date value."},
    {"dashboard.gap", "forecast - objective, and as a % of the objective."},
}};
}  // namespace

std::span<const Definition> definitions() { return kDefinitions; }

}  // namespace sextant::report
