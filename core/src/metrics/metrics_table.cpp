#include "sextant/metrics/metrics_table.hpp"

#include "sextant/plugin/money.hpp"
#include "sextant/time/calendar.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

namespace sextant::metrics {

MetricValue value_of(const DayFigures& f, std::string_view id) {
  auto units = [](std::int64_t v) { return MetricValue{true, v, 0.0}; };
  if (id == "orders") return units(f.orders);
  if (id == "items") return units(f.items);
  if (id == "gross_sales") return units(f.gross_sales);
  if (id == "discounts") return units(f.discounts);
  if (id == "returns") return units(f.returns);
  if (id == "net_sales") return units(f.net_sales());
  if (id == "shipping") return units(f.shipping);
  if (id == "taxes") return units(f.taxes);
  if (id == "total_sales") return units(f.total_sales());
  if (id == "revenue_excl_tax") return units(f.revenue_excl_tax());
  if (id == "customers") return units(f.customers);
  if (id == "new_customers") return units(f.new_customers);
  if (id == "returning_customers") return units(f.returning_customers());
  if (id == "sessions") return f.sessions_known() ? units(f.sessions) : MetricValue{false, 0, 0.0};
  if (id == "aov") {
    auto aov = f.aov();
    return aov ? units(*aov) : MetricValue{false, 0, 0.0};
  }
  if (id == "conversion_rate") {
    auto rate = f.conversion_rate();
    return rate ? MetricValue{true, 0, *rate} : MetricValue{false, 0, 0.0};
  }
  return MetricValue{false, 0, 0.0};
}

std::string format_value(const MetricValue& v, Unit unit, int exponent) {
  if (!v.present) return "";
  switch (unit) {
    case Unit::money: return format_minor(v.units, exponent);
    case Unit::count: return std::to_string(v.units);
    case Unit::ratio: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", v.ratio);
      return buf;
    }
  }
  return "";
}

namespace {

std::string_view unit_name(Unit unit) {
  switch (unit) {
    case Unit::money: return "money";
    case Unit::count: return "count";
    case Unit::ratio: return "ratio";
  }
  return "count";
}

boost::json::object figures_json(const DayFigures& f, int exponent) {
  boost::json::object o;
  for (const auto& m : catalog()) {
    MetricValue v = value_of(f, m.id);
    if (!v.present) o[m.id] = nullptr;
    else if (m.unit == Unit::money) o[m.id] = format_minor(v.units, exponent);
    else if (m.unit == Unit::count) o[m.id] = v.units;
    else o[m.id] = v.ratio;
  }
  return o;
}

}  // namespace

boost::json::value to_json(const MetricsTable& t) {
  boost::json::object doc;
  doc["currency"] = t.currency;
  doc["timezone"] = t.timezone;
  doc["from"] = time::format_date(t.from);
  doc["to"] = time::format_date(t.to);
  boost::json::array definitions;
  for (const auto& m : catalog())
    definitions.push_back({{"id", m.id}, {"unit", unit_name(m.unit)}, {"formula", m.formula}, {"meaning", m.meaning}});
  doc["metrics"] = std::move(definitions);
  boost::json::array days;
  for (const auto& d : t.days) {
    boost::json::object row{{"day", time::format_date(d.day)}};
    for (auto& [k, v] : figures_json(d, t.exponent)) row[k] = v;
    days.push_back(std::move(row));
  }
  doc["days"] = std::move(days);
  doc["totals"] = figures_json(t.totals, t.exponent);
  return doc;
}

namespace {

struct Column {
  std::string_view metric;
  std::string_view header;
};
// Short headers so that a day fits one line of a wide terminal.
constexpr Column kColumns[] = {
    {"orders", "orders"},       {"items", "items"},       {"gross_sales", "gross"},
    {"discounts", "discounts"}, {"returns", "returns"},   {"net_sales", "net"},
    {"shipping", "shipping"},   {"taxes", "taxes"},       {"total_sales", "total"},
    {"revenue_excl_tax", "revenue"}, {"customers", "cust"}, {"new_customers", "new"},
    {"returning_customers", "ret"}, {"sessions", "sessions"}, {"aov", "aov"},
    {"conversion_rate", "conv"},
};

std::vector<std::string> row_cells(const std::string& label, const DayFigures& f, int exponent) {
  std::vector<std::string> cells{label};
  for (const auto& c : kColumns) {
    auto def = find_metric(c.metric);
    cells.push_back(format_value(value_of(f, c.metric), def->unit, exponent));
  }
  return cells;
}

}  // namespace

std::string to_text(const MetricsTable& t) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"day"};
  for (const auto& c : kColumns) header.emplace_back(c.header);
  rows.push_back(header);
  for (const auto& d : t.days) rows.push_back(row_cells(time::format_date(d.day), d, t.exponent));
  rows.push_back(row_cells("total", t.totals, t.exponent));
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::string out = "Metrics " + time::format_date(t.from) + " to " + time::format_date(t.to) + " — amounts in " +
                    t.currency + " excl. tax unless \"total\"; days in " + t.timezone + "\n\n";
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i) s += "  ";
      std::string pad(width[i] - r[i].size(), ' ');
      s += i == 0 ? r[i] + pad : pad + r[i];
    }
    out += s + "\n";
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + 1 == rows.size()) {
      std::size_t total_width = 0;
      for (auto w : width) total_width += w + 2;
      out += std::string(total_width - 2, '-') + "\n";
    }
    line(rows[i]);
  }
  out += "\ncust = customers, new = first order ever, ret = returning, conv = orders / sessions;\n"
         "blank: unknown (sessions: no analytics figure that day; aov, conv: nothing to divide by);\n"
         "total row: customers counted once over the period. Formulas: sextant metrics --format json.\n";
  return out;
}

std::string to_csv(const MetricsTable& t) {
  std::string out = "day";
  for (const auto& m : catalog()) out += "," + std::string(m.id);
  out += "\n";
  auto row = [&](const std::string& label, const DayFigures& f) {
    out += label;
    for (const auto& m : catalog()) out += "," + format_value(value_of(f, m.id), m.unit, t.exponent);
    out += "\n";
  };
  for (const auto& d : t.days) row(time::format_date(d.day), d);
  row("total", t.totals);
  return out;
}

}  // namespace sextant::metrics
