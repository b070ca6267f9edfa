// The merchant's plan (plan.json) once read and checked: the seven steps' inputs. Amounts are
// minor units of the shop currency; see schemas/plan.schema.json for every field's meaning.
#pragma once

#include "sextant/metrics/catalog.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sextant::plan {

/// A KPI value in its own unit: money and counts in `units` (minor units for money), ratios in `ratio`.
struct KpiValue {
  metrics::Unit unit = metrics::Unit::count;
  std::int64_t units = 0;
  double ratio = 0.0;
};

struct Shop {
  std::string name;
  std::string currency;                ///< ISO 4217
  int exponent = 2;                    ///< the currency's minor-unit exponent
  std::string timezone;                ///< IANA name
  std::chrono::month_day fiscal_year_start{std::chrono::January / 1};
};

struct Vision {
  std::string statement;
  std::string metric;
  KpiValue target;
  std::chrono::sys_days by{};
  std::optional<KpiValue> baseline;    ///< overrides the ledger's last complete fiscal year
};

struct Competitor {
  std::string name;
  std::string url;
  std::string notes;
};

struct Capacity {
  double hours_per_month = 0;                  ///< the whole team
  std::map<std::string, double> per_person;    ///< owner → hours per month, when given
};

struct WorkingCapital {
  double customer_days = 0;
  double stock_days = 0;
  double supplier_days = 0;
};

struct Lever {
  std::string kpi;
  double change_pct = 0;
  std::chrono::year_month from{};
};

struct Cost {
  std::string label;
  std::int64_t monthly = 0;                    ///< recurring, from `month` (or the lever's start)
  std::int64_t one_off = 0;                    ///< paid once, in `month`
  std::optional<std::chrono::year_month> month;
  bool external = false;                       ///< an outside service
};

struct Priority {
  std::string id;
  std::string quadrant;                        ///< "attack/sell", "attack/manage", "defend/sell", "defend/manage"
  std::string title;
  Lever lever;
  std::vector<Cost> costs;
  double workload_hours = 0;
  std::optional<std::int64_t> working_capital; ///< explicit working-capital need, overriding the days
};

struct Financing {
  std::string kind;                            ///< "savings", "margin_share", "capital", "loan"
  std::string label;
  std::int64_t monthly = 0;                    ///< savings per month
  double share = 0;                            ///< margin_share: part of the extra margin, 0..1
  std::int64_t amount = 0;                     ///< capital or loan principal
  std::optional<std::chrono::year_month> month;///< when capital or a loan comes in, or savings start
  int repayment_months = 0;                    ///< loan: equal instalments from the month after
  double annual_rate = 0;                      ///< loan: interest on the outstanding principal
};

struct Action {
  std::string id;
  std::string priority;                        ///< a Priority::id
  std::string what;
  std::string who;
  std::string for_whom;
  std::chrono::sys_days when{};
  int days = 1;
  std::string how;
  double hours = 0;                            ///< workload; 0 = the priority's hours spread over its actions
};

struct DashboardSettings {
  std::vector<std::string> kpis{"revenue_excl_tax", "orders", "aov", "conversion_rate"};
  double alert_gap_pct = 10;
  double on_track_pct = 95;                    ///< attainment at or above: on track
  double at_risk_pct = 85;                     ///< at or above: at risk; below: off track
};

struct Plan {
  std::string id;                              ///< stable; prefixes every task key
  int year = 0;                                ///< the fiscal year the plan is for (its start year)
  Shop shop;
  Vision vision;
  std::map<int, std::map<std::string, KpiValue>> objectives;  ///< year → KPI → target
  std::vector<Competitor> competitors;
  double margin_rate = 0;
  Capacity capacity;
  WorkingCapital working_capital;
  std::vector<Priority> priorities;
  std::vector<Financing> financing;
  std::vector<Action> actions;
  DashboardSettings dashboard;

  /// First and last day of the plan's fiscal year.
  [[nodiscard]] std::chrono::sys_days year_start() const;
  [[nodiscard]] std::chrono::sys_days year_end() const;
};

}  // namespace sextant::plan
