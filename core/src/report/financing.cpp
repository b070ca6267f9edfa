// Step 5: the sources-and-uses table, month by month: what the plan spends (investments, new
// recurring costs, working capital, loan repayments) against what pays for it (savings, a share
// of the extra margin as it comes in, capital, loans).
#include "steps.hpp"

#include "sextant/metrics/day_figures.hpp"

#include <algorithm>

namespace sextant::report::detail {

namespace {

// `field` is the plan field the line comes from, blamed when a sum overflows.
void add_line(std::vector<CashLine>& lines, std::string kind, std::string label, std::vector<std::int64_t> months,
              const std::string& field) {
  CashLine line{std::move(kind), std::move(label), std::move(months), 0};
  const std::string figure = "the year's total of \"" + line.label + "\"";
  try {
    for (auto v : line.months) add_to(line.total, v, figure);
  } catch (Overflow& o) {
    o.field = field;
    throw;
  }
  if (line.total != 0) lines.push_back(std::move(line));
}

// Month by month and in total, with the plan field of the line that made a sum overflow.
void add_up(const std::vector<CashLine>& lines, const std::vector<std::string>& fields, const char* figure,
            std::vector<std::int64_t>& by_month, std::int64_t& total) {
  for (std::size_t l = 0; l < lines.size(); ++l) {
    try {
      for (std::size_t i = 0; i < by_month.size(); ++i) {
        add_to(by_month[i], lines[l].months[i], figure);
        add_to(total, lines[l].months[i], figure);
      }
    } catch (Overflow& o) {
      o.field = fields[l];
      throw;
    }
  }
}

}  // namespace

FinancingStep financing_step(const plan::Plan& plan, const std::vector<year_month>& months,
                             const ValuationStep& valuation) {
  FinancingStep f;
  const std::size_t n = months.size();
  std::vector<std::int64_t> extra_margin(n, 0);
  std::vector<std::string> use_fields, resource_fields;  // aligned with f.uses and f.resources
  auto use = [&](std::string kind, std::string label, std::vector<std::int64_t> line, std::string field) {
    const auto before = f.uses.size();
    add_line(f.uses, std::move(kind), std::move(label), std::move(line), field);
    if (f.uses.size() != before) use_fields.push_back(std::move(field));
  };
  for (std::size_t k = 0; k < plan.priorities.size(); ++k) {
    const auto& p = plan.priorities[k];
    const auto& v = valuation.priorities[k];
    const std::string at = "/priorities/" + std::to_string(k);
    for (std::size_t i = 0; i < n; ++i) add_to(extra_margin[i], v.extra_margin[i], "the extra margin of a month");
    for (std::size_t j = 0; j < p.costs.size(); ++j) {
      const auto& c = p.costs[j];
      const std::string cost_at = at + "/costs/" + std::to_string(j);
      std::vector<std::int64_t> one_off(n, 0), monthly(n, 0);
      if (c.one_off > 0 && c.month)
        if (int i = month_index(months, *c.month); i >= 0) one_off[static_cast<std::size_t>(i)] = c.one_off;
      if (c.monthly > 0) {
        int start = c.month ? month_index(months, *c.month) : month_index(months, p.lever.from);
        for (std::size_t i = static_cast<std::size_t>(std::max(0, start)); i < n; ++i) monthly[i] = c.monthly;
      }
      use("investment", p.id + " " + c.label, one_off, cost_at + "/one_off");
      use("recurring", p.id + " " + c.label, monthly, cost_at + "/monthly");
    }
    std::vector<std::int64_t> wc(n, 0);
    if (int i = month_index(months, p.lever.from); i >= 0) wc[static_cast<std::size_t>(i)] = v.working_capital;
    use("working_capital", p.id + " working capital", wc, at + "/working_capital");
  }

  for (std::size_t index = 0; index < plan.financing.size(); ++index) {
    const auto& item = plan.financing[index];
    const std::string field = "/financing/" + std::to_string(index);
    std::vector<std::int64_t> line(n, 0);
    const int at = item.month ? month_index(months, *item.month) : 0;
    if (item.kind == "savings") {
      for (std::size_t i = static_cast<std::size_t>(std::max(0, at)); i < n; ++i) line[i] = item.monthly;
    } else if (item.kind == "margin_share") {
      for (std::size_t i = 0; i < n; ++i)
        line[i] = std::max<std::int64_t>(0, scale(extra_margin[i], item.share, "the share of the extra margin"));
    } else if (at >= 0) {
      line[static_cast<std::size_t>(at)] = item.amount;  // capital or a loan coming in
    }
    const auto before = f.resources.size();
    add_line(f.resources, item.kind, item.label, line, field);
    if (f.resources.size() != before) resource_fields.push_back(field);
    if (item.kind != "loan" || at < 0) continue;
    // Equal principal instalments from the month after, interest on what is still owed; the last
    // instalment takes the rounding. Only the plan year's months are shown.
    std::vector<std::int64_t> principal(n, 0), interest(n, 0);
    std::int64_t owed = item.amount;
    const std::int64_t instalment = metrics::divide_rounded(item.amount, item.repayment_months);
    for (int k = 1; k <= item.repayment_months && owed > 0; ++k) {
      std::int64_t due_interest = scale(owed, item.annual_rate / 12.0, "the interest of a loan");
      std::int64_t paid = k == item.repayment_months ? owed : std::min(instalment, owed);
      owed -= paid;
      std::size_t i = static_cast<std::size_t>(at + k);
      if (i >= n) break;
      principal[i] = paid;
      interest[i] = due_interest;
    }
    use("repayment", item.label + " repayments", principal, field + "/amount");
    use("interest", item.label + " interest", interest, field + "/annual_rate");
  }

  f.uses_by_month.assign(n, 0);
  f.resources_by_month.assign(n, 0);
  f.net_by_month.assign(n, 0);
  f.cumulative.assign(n, 0);
  add_up(f.uses, use_fields, "the total of the uses", f.uses_by_month, f.total_uses);
  add_up(f.resources, resource_fields, "the total of the resources", f.resources_by_month, f.total_resources);
  std::int64_t running = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.net_by_month[i] = subtract(f.resources_by_month[i], f.uses_by_month[i], "the net cash of a month");
    add_to(running, f.net_by_month[i], "the cumulative cash");
    f.cumulative[i] = running;
    if (running < 0 && !f.first_shortfall) {
      f.first_shortfall = months[i];
      f.shortfall = running;
    }
  }
  f.balanced = !f.first_shortfall;
  return f;
}

}  // namespace sextant::report::detail
