// Step 5: the sources-and-uses table, month by month: what the plan spends (investments, new
// recurring costs, working capital, loan repayments) against what pays for it (savings, a share
// of the extra margin as it comes in, capital, loans).
#include "steps.hpp"

#include "sextant/metrics/day_figures.hpp"

#include <algorithm>

namespace sextant::report::detail {

namespace {

void add_line(std::vector<CashLine>& lines, std::string kind, std::string label, std::vector<std::int64_t> months) {
  CashLine line{std::move(kind), std::move(label), std::move(months), 0};
  for (auto v : line.months) line.total += v;
  if (line.total != 0) lines.push_back(std::move(line));
}

}  // namespace

FinancingStep financing_step(const plan::Plan& plan, const std::vector<year_month>& months,
                             const ValuationStep& valuation) {
  FinancingStep f;
  const std::size_t n = months.size();
  std::vector<std::int64_t> extra_margin(n, 0);
  for (std::size_t k = 0; k < plan.priorities.size(); ++k) {
    const auto& p = plan.priorities[k];
    const auto& v = valuation.priorities[k];
    for (std::size_t i = 0; i < n; ++i) extra_margin[i] += v.extra_margin[i];
    for (const auto& c : p.costs) {
      std::vector<std::int64_t> one_off(n, 0), monthly(n, 0);
      if (c.one_off > 0 && c.month)
        if (int i = month_index(months, *c.month); i >= 0) one_off[static_cast<std::size_t>(i)] = c.one_off;
      if (c.monthly > 0) {
        int start = c.month ? month_index(months, *c.month) : month_index(months, p.lever.from);
        for (std::size_t i = static_cast<std::size_t>(std::max(0, start)); i < n; ++i) monthly[i] = c.monthly;
      }
      add_line(f.uses, "investment", p.id + " " + c.label, one_off);
      add_line(f.uses, "recurring", p.id + " " + c.label, monthly);
    }
    std::vector<std::int64_t> wc(n, 0);
    if (int i = month_index(months, p.lever.from); i >= 0) wc[static_cast<std::size_t>(i)] = v.working_capital;
    add_line(f.uses, "working_capital", p.id + " working capital", wc);
  }

  for (const auto& item : plan.financing) {
    std::vector<std::int64_t> line(n, 0);
    const int at = item.month ? month_index(months, *item.month) : 0;
    if (item.kind == "savings") {
      for (std::size_t i = static_cast<std::size_t>(std::max(0, at)); i < n; ++i) line[i] = item.monthly;
    } else if (item.kind == "margin_share") {
      for (std::size_t i = 0; i < n; ++i) line[i] = std::max<std::int64_t>(0, scale(extra_margin[i], item.share));
    } else if (at >= 0) {
      line[static_cast<std::size_t>(at)] = item.amount;  // capital or a loan coming in
    }
    add_line(f.resources, item.kind, item.label, line);
    if (item.kind != "loan" || at < 0) continue;
    // Equal principal instalments from the month after, interest on what is still owed; the last
    // instalment takes the rounding. Only the plan year's months are shown.
    std::vector<std::int64_t> principal(n, 0), interest(n, 0);
    std::int64_t owed = item.amount;
    const std::int64_t instalment = metrics::divide_rounded(item.amount, item.repayment_months);
    for (int k = 1; k <= item.repayment_months && owed > 0; ++k) {
      std::int64_t due_interest = scale(owed, item.annual_rate / 12.0);
      std::int64_t paid = k == item.repayment_months ? owed : std::min(instalment, owed);
      owed -= paid;
      std::size_t i = static_cast<std::size_t>(at + k);
      if (i >= n) break;
      principal[i] = paid;
      interest[i] = due_interest;
    }
    add_line(f.uses, "repayment", item.label + " repayments", principal);
    add_line(f.uses, "interest", item.label + " interest", interest);
  }

  f.uses_by_month.assign(n, 0);
  f.resources_by_month.assign(n, 0);
  f.net_by_month.assign(n, 0);
  f.cumulative.assign(n, 0);
  for (const auto& l : f.uses)
    for (std::size_t i = 0; i < n; ++i) f.uses_by_month[i] += l.months[i];
  for (const auto& l : f.resources)
    for (std::size_t i = 0; i < n; ++i) f.resources_by_month[i] += l.months[i];
  std::int64_t running = 0;
  for (std::size_t i = 0; i < n; ++i) {
    f.net_by_month[i] = f.resources_by_month[i] - f.uses_by_month[i];
    running += f.net_by_month[i];
    f.cumulative[i] = running;
    f.total_uses += f.uses_by_month[i];
    f.total_resources += f.resources_by_month[i];
    if (running < 0 && !f.first_shortfall) {
      f.first_shortfall = months[i];
      f.shortfall = running;
    }
  }
  f.balanced = !f.first_shortfall;
  return f;
}

}  // namespace sextant::report::detail
