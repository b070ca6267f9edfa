#include "sextant/report/history.hpp"

#include <algorithm>

namespace sextant::report {

using namespace std::chrono;

int fiscal_year_of(const plan::Plan& plan, sys_days day) {
  year_month_day ymd{day};
  int y = static_cast<int>(ymd.year());
  return day >= fiscal_start(plan, y) ? y : y - 1;
}

sys_days fiscal_start(const plan::Plan& plan, int y) { return sys_days{year{y} / plan.shop.fiscal_year_start}; }

sys_days fiscal_end(const plan::Plan& plan, int y) { return fiscal_start(plan, y + 1) - days{1}; }

std::vector<year_month> fiscal_months(const plan::Plan& plan, int y) {
  std::vector<year_month> out;
  year_month first{year{y}, plan.shop.fiscal_year_start.month()};
  for (int i = 0; i < 12; ++i) out.push_back(first + months{i});
  return out;
}

metrics::DayFigures History::sum(sys_days from, sys_days to) const {
  metrics::DayFigures total{from};
  from = std::max(from, first);
  to = std::min(to, last);
  for (sys_days d = from; d <= to; d += std::chrono::days{1}) {
    const auto& f = this->days[static_cast<std::size_t>((d - first).count())];
    total += f;
    total.customers += f.customers;
  }
  return total;
}

metrics::DayFigures History::month(year_month m) const {
  sys_days from{m / 1};
  return sum(from, sys_days{(m + months{1}) / 1} - std::chrono::days{1});
}

bool History::holds(sys_days from, sys_days to) const { return from >= first && to <= last && from <= to; }

Result<History> load_history(ledger::Ledger& ledger, const plan::Plan& plan, sys_days today) {
  History h;
  h.last = today - days{1};
  auto span = ledger.order_span();
  if (!span) return span.error();
  // Everything from the first order (the realism check looks at all past years); with no order
  // yet, from the fiscal year before the review year.
  h.first = *span ? std::min((*span)->first, h.last) : fiscal_start(plan, plan.year - 2);
  if (h.last < h.first) h.last = h.first - std::chrono::days{1};  // nothing held yet
  auto days_held = ledger.days(h.first, h.last);
  if (!days_held) return days_held.error();
  h.days = std::move(*days_held);
  for (int y = plan.year - 2; y <= plan.year; ++y) {
    sys_days from = std::max(fiscal_start(plan, y), h.first), to = std::min(fiscal_end(plan, y), h.last);
    if (from > to) continue;
    auto period = ledger.period(from, to);
    if (!period) return period.error();
    h.years[y] = *period;
  }
  return h;
}

}  // namespace sextant::report
