#include "steps.hpp"

#include "sextant/plugin/checked.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sextant::report::detail {

std::vector<std::int64_t> split(std::int64_t total, const std::vector<std::int64_t>& weights) {
  const std::size_t n = weights.size();
  std::vector<std::int64_t> parts(n, 0);
  if (n == 0) return parts;
  std::int64_t sum = 0;
  bool usable = true;
  for (auto w : weights) {
    usable = usable && w >= 0;
    add_to(sum, w, "the weights that shape the targets");
  }
  std::vector<std::int64_t> w = usable && sum > 0 ? weights : std::vector<std::int64_t>(n, 1);
  if (!(usable && sum > 0)) sum = static_cast<std::int64_t>(n);
  // Exact shares in 128 bits: total × w / sum, remainders kept to hand out the rest.
  __extension__ using Wide = __int128;
  const bool negative = total < 0;
  const Wide magnitude = negative ? -static_cast<Wide>(total) : total;
  std::vector<std::pair<Wide, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    Wide product = magnitude * w[i];
    parts[i] = static_cast<std::int64_t>(product / sum);
    given += parts[i];
    remainders.emplace_back(product % sum, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t left = static_cast<std::int64_t>(magnitude) - given, k = 0; left > 0; --left, ++k)
    ++parts[remainders[static_cast<std::size_t>(k) % n].second];
  if (negative)
    for (auto& p : parts) p = -p;
  return parts;
}

namespace {

[[noreturn]] void overflow(std::string_view figure) { throw Overflow{std::string(figure), {}}; }

}  // namespace

std::int64_t add(std::int64_t a, std::int64_t b, std::string_view figure) {
  if (auto sum = checked_add(a, b)) return *sum;
  overflow(figure);
}

std::int64_t subtract(std::int64_t a, std::int64_t b, std::string_view figure) {
  if (auto difference = checked_subtract(a, b)) return *difference;
  overflow(figure);
}

void add_to(std::int64_t& total, std::int64_t v, std::string_view figure) { total = add(total, v, figure); }

std::int64_t scale(std::int64_t value, double factor, std::string_view figure) {
  if (auto product = checked_scale(value, factor)) return *product;
  overflow(figure);
}

std::int64_t rounded(double amount, std::string_view figure) { return scale(1, amount, figure); }

metrics::MetricValue value(const plan::KpiValue& v) { return metrics::MetricValue{true, v.units, v.ratio}; }

metrics::MetricValue kpi_value(const metrics::DayFigures& f, const std::string& kpi) {
  if (kpi == "returning_customer_share") {
    if (f.customers == 0) return {false, 0, 0.0};
    return {true, 0, static_cast<double>(f.returning_customers()) / static_cast<double>(f.customers)};
  }
  return metrics::value_of(f, kpi);
}

int month_index(const std::vector<year_month>& months, year_month m) {
  auto it = std::find(months.begin(), months.end(), m);
  return it == months.end() ? -1 : static_cast<int>(it - months.begin());
}

}  // namespace sextant::report::detail
