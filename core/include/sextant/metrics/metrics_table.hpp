// `sextant metrics`: every metric of the dictionary, per day and for the period, as text, JSON
// (schemas/metrics.schema.json) or CSV. Money is written as decimal text ("1234.50").
#pragma once

#include "sextant/metrics/catalog.hpp"
#include "sextant/metrics/day_figures.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::metrics {

/// One metric of one day: money and counts in `units`, ratios in `ratio`; absent when it has no
/// value (AOV without orders, conversion without sessions).
struct MetricValue {
  bool present = true;
  std::int64_t units = 0;
  double ratio = 0.0;
};

MetricValue value_of(const DayFigures& figures, std::string_view metric_id);

struct MetricsTable {
  std::string currency;
  int exponent = 2;
  std::string timezone;
  std::chrono::sys_days from{};
  std::chrono::sys_days to{};
  std::vector<DayFigures> days;
  DayFigures totals;
};

boost::json::value to_json(const MetricsTable& table);
std::string to_text(const MetricsTable& table);
std::string to_csv(const MetricsTable& table);

/// A metric value as text: "1234.50" for money, "12" for counts, "0.0213" for ratios, "" when absent.
std::string format_value(const MetricValue& value, Unit unit, int exponent);

}  // namespace sextant::metrics
