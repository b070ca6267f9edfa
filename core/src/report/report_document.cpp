#include "sextant/report/report_document.hpp"

#include "sextant/plugin/calendar.hpp"
#include "sextant/plugin/money.hpp"

#include <cmath>
#include <cstdio>

namespace sextant::report {

namespace {

class Layout {
 public:
  explicit Layout(const Report& r) : r_(r), plan_(*r.plan), exponent_(r.plan->shop.exponent) {}

  Document build(int step) {
    Block title{Block::Kind::heading, "Sextant report: " + plan_.shop.name + ", plan " + std::to_string(plan_.year), {}, {}};
    doc_.push_back(title);
    paragraph("Plan \"" + plan_.id + "\" for the fiscal year " + format_date(fiscal_start_()) + " to " +
              format_date(fiscal_end_()) + ". Amounts in " + plan_.shop.currency + " excluding tax; days in " +
              r_.timezone + "; figures as of " + format_date(r_.today) + " (data to the day before).");
    if (step == 0 || step == 1) vision();
    if (step == 0 || step == 2) review();
    if (step == 0 || step == 3) priorities();
    if (step == 0 || step == 4) valuation();
    if (step == 0 || step == 5) financing();
    if (step == 0 || step == 6) action_plan();
    if (step == 0 || step == 7) dashboard();
    return std::move(doc_);
  }

 private:
  // Formatting ------------------------------------------------------------------------------
  std::string money(std::int64_t v) const { return format_minor(v, exponent_); }
  static std::string fixed(double v, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
  }
  static std::string signed_pct(std::optional<double> v) {
    if (!v) return "";
    return (*v >= 0 ? "+" : "") + fixed(*v, 2) + " %";
  }
  static std::string pct(std::optional<double> v) { return v ? fixed(*v, 1) + " %" : ""; }
  std::string metric(const metrics::MetricValue& v, metrics::Unit unit) const {
    if (!v.present) return "";
    switch (unit) {
      case metrics::Unit::money: return money(v.units);
      case metrics::Unit::count: return std::to_string(v.units);
      case metrics::Unit::ratio: return fixed(v.ratio * 100.0, 2) + " %";
    }
    return "";
  }
  static std::string hours(double h) { return fixed(h, 0); }
  std::string month_name(year_month m) const { return format_month(m); }
  sys_days fiscal_start_() const { return plan_.year_start(); }
  sys_days fiscal_end_() const { return plan_.year_end(); }

  // Blocks ----------------------------------------------------------------------------------
  void heading(std::string text) { doc_.push_back({Block::Kind::heading, std::move(text), {}, {}}); }
  void paragraph(std::string text) { doc_.push_back({Block::Kind::paragraph, std::move(text), {}, {}}); }
  void bullets(std::vector<std::string> items) {
    if (!items.empty()) doc_.push_back({Block::Kind::bullets, "", std::move(items), {}});
  }
  void table(Table t) { doc_.push_back({Block::Kind::table, "", {}, std::move(t)}); }

  // Steps -----------------------------------------------------------------------------------
  void vision() {
    const auto& v = r_.vision;
    heading("1. Vision");
    paragraph("\"" + v.statement + "\": " + money(v.target) + " of " + v.metric + " in the fiscal year " +
              std::to_string(v.target_year) + " (by " + format_date(v.by) + ").");
    if (v.cagr) {
      paragraph("Baseline " + std::to_string(v.baseline_year) + ": " + money(v.baseline) +
                (v.baseline_from_plan ? " (given by the plan)" : " (from the ledger)") + ". Required growth: " +
                signed_pct(*v.cagr * 100.0) + " a year over " + std::to_string(v.years) + " years. Objective for " +
                std::to_string(plan_.year) + ": " + money(v.objective) + " (" +
                (v.objective_source == "plan" ? "set by the plan" : "from the trajectory") + ").");
      Table t{{"year", v.metric}, {false, true}, {}};
      for (const auto& m : v.milestones) t.rows.push_back({std::to_string(m.year), money(m.value)});
      table(std::move(t));
    } else {
      paragraph("No baseline: the ledger holds no complete fiscal year before " + std::to_string(plan_.year) +
                " and the plan gives no vision.baseline, so there is no trajectory yet." +
                (v.objective_source == "plan" ? " Objective for the year, set by the plan: " + money(v.objective) + "." : ""));
    }
    paragraph(std::string("Month targets for ") + std::to_string(plan_.year) + (v.seasonal ? ", shaped like " +
              std::to_string(plan_.year - 1) + "'s months" : ", in proportion to their days (no complete year to shape them)") +
              "; day targets share each month equally (in the JSON report).");
    Table t{{"month", "target"}, {false, true}, {}};
    for (std::size_t i = 0; i < r_.months.size(); ++i) t.rows.push_back({month_name(r_.months[i]), money(v.month_targets[i])});
    table(std::move(t));
  }

  // Which days have no sessions, in words: their conversion rate is unknown, never 0.
  void sessions_unknown() {
    const auto& spans = r_.review.sessions_unknown;
    if (spans.empty()) return;
    if (r_.review.sessions_nowhere) {
      paragraph("Sessions are unknown: no day since " + format_date(spans[0].first) + " has a figure from an "
                "analytics source, so conversion rate is unknown. Add a source that brings sessions (Matomo, "
                "Plausible, Google Analytics 4, or a CSV export with source-file).");
      return;
    }
    constexpr std::size_t kListed = 10;
    std::int64_t days = 0;
    std::vector<std::string> listed;
    for (const auto& [from, to] : spans) {
      days += (to - from).count() + 1;
      if (listed.size() < kListed) listed.push_back(from == to ? format_date(from) : format_date(from) + " to " + format_date(to));
    }
    std::string text = "Sessions are unknown for " + std::to_string(days) + (days == 1 ? " day" : " days") + " (";
    for (std::size_t i = 0; i < listed.size(); ++i) text += (i ? ", " : "") + listed[i];
    if (spans.size() > kListed) text += " and " + std::to_string(spans.size() - kListed) + " more spans";
    text += "): the analytics source had no figure for them, so conversion rate is unknown there and in any "
            "period that holds them. The next sync that reaches the source fills them in.";
    paragraph(text);
  }

  void review() {
    const auto& rv = r_.review;
    heading("2. Review of " + std::to_string(rv.year));
    if (!rv.complete) paragraph("The ledger does not hold the whole of " + std::to_string(rv.year) + ": figures cover the part it holds.");
    Table t{{"KPI", "actual", "objective", "variance", "var. %", std::to_string(rv.year - 1), "YoY %"},
            {false, true, true, true, true, true, true},
            {}};
    for (const auto& k : rv.kpis)
      t.rows.push_back({k.kpi, metric(k.actual, k.unit), metric(k.objective, k.unit), metric(k.variance, k.unit),
                        signed_pct(k.variance_pct), metric(k.previous, k.unit), signed_pct(k.yoy_pct)});
    table(std::move(t));
    sessions_unknown();
    const auto& b = rv.bridge;
    if (b.available) {
      paragraph("Revenue bridge " + std::to_string(b.from_year) + " to " + std::to_string(b.to_year) + ": " +
                money(b.revenue_from) + " to " + money(b.revenue_to) + ", split into the effects of sessions, " +
                "conversion and revenue per order (logarithmic mean Divisia index: they add up exactly).");
      table(Table{{"effect", "revenue"},
                  {false, true},
                  {{"sessions", money(b.sessions_effect)},
                   {"conversion", money(b.conversion_effect)},
                   {"revenue per order", money(b.value_effect)},
                   {"change", money(b.revenue_to - b.revenue_from)}}});
    } else {
      paragraph("Revenue bridge " + std::to_string(b.from_year) + " to " + std::to_string(b.to_year) +
                ": not available (" + b.unavailable_because + ").");
    }
    if (!rv.zones.empty()) {
      paragraph("Progress zones, by the revenue the missed objective cost:");
      Table z{{"KPI", "actual", "objective", "revenue lost"}, {false, true, true, true}, {}};
      for (const auto& zone : rv.zones) {
        auto unit = metrics::find_metric(zone.kpi)->unit;
        z.rows.push_back({zone.kpi, metric(zone.actual, unit), metric(zone.objective, unit), money(zone.cost)});
      }
      table(std::move(z));
    } else {
      paragraph("Progress zones: none (no driver missed an objective set for " + std::to_string(rv.year) + ").");
    }
    std::vector<std::string> competitors;
    for (const auto& c : rv.competitors)
      competitors.push_back(c.name + (c.url.empty() ? "" : " (" + c.url + ")") + (c.notes.empty() ? "" : ": " + c.notes));
    if (!competitors.empty()) {
      paragraph("Competitors:");
      bullets(std::move(competitors));
    }
  }

  void priorities() {
    heading("3. Priorities");
    auto cell = [&](const char* quadrant) -> std::string {
      for (const auto& p : plan_.priorities)
        if (p.quadrant == quadrant) return p.id + " " + p.title;
      return "(none)";
    };
    constexpr std::size_t kCell = 44;
    auto fit = [&](std::string s) {
      if (s.size() > kCell - 2) s = s.substr(0, kCell - 5) + "...";
      return s + std::string(kCell - s.size(), ' ');
    };
    std::string rule = "+--------+" + std::string(kCell, '-') + "+" + std::string(kCell, '-') + "+\n";
    std::string matrix = rule + "|        |" + fit(" SELL") + "|" + fit(" MANAGE") + "|\n" + rule + "| ATTACK |" +
                         fit(" " + cell("attack/sell")) + "|" + fit(" " + cell("attack/manage")) + "|\n" + rule +
                         "| DEFEND |" + fit(" " + cell("defend/sell")) + "|" + fit(" " + cell("defend/manage")) +
                         "|\n" + rule;
    // Trailing spaces inside cells are part of the drawing; lines end at the frame.
    doc_.push_back({Block::Kind::preformatted, matrix, {}, {}});
  }

  void valuation() {
    const auto& s = r_.valuation;
    heading("4. Valuation");
    paragraph("Each lever applied to " + std::to_string(s.baseline_year) + "'s months, all else equal, from its start" +
              " month" + (s.baseline_complete ? "" : " (the ledger does not hold all of " + std::to_string(s.baseline_year) + ")") +
              "; margin at " + fixed(plan_.margin_rate * 100.0, 1) + " % of revenue.");
    Table value{{"priority", "lever", "from", "extra revenue", "extra margin", "costs", "ROI", "payback"},
                {false, false, false, true, true, true, true, false},
                {}};
    Table effort{{"priority", "working capital", "hours", "lever vs. past year-on-year months"},
                 {false, true, true, false},
                 {}};
    for (std::size_t i = 0; i < s.priorities.size(); ++i) {
      const auto& v = s.priorities[i];
      const auto& p = plan_.priorities[i];
      double h = 0;
      for (double x : v.hours) h += x;
      value.rows.push_back({p.id, p.lever.kpi + " " + signed_pct(p.lever.change_pct), format_month(p.lever.from),
                            money(v.total_extra_revenue), money(v.total_extra_margin), money(v.one_off + v.recurring),
                            v.roi ? signed_pct(*v.roi) : "", v.payback ? format_month(*v.payback) : "not in the year"});
      const auto& re = v.realism;
      std::string realism =
          re.samples == 0 ? "no history to compare"
                          : "percentile " + pct(re.percentile) + " of " + std::to_string(re.samples) + " months; best " +
                                signed_pct(re.best) + (re.beyond_history ? "; BEYOND ANYTHING THE SHOP HAS DONE" : "");
      effort.rows.push_back({p.id, money(v.working_capital), hours(h), realism});
    }
    table(std::move(value));
    table(std::move(effort));
    paragraph("The team's hours on the plan, per month, against a capacity of " + hours(s.capacity) + " hours:");
    Table load{{"month", "hours", "load"}, {false, true, true}, {}};
    for (std::size_t i = 0; i < r_.months.size(); ++i)
      load.rows.push_back({month_name(r_.months[i]), hours(s.team_hours[i]),
                           s.capacity > 0 ? pct(s.team_hours[i] / s.capacity * 100.0) : ""});
    table(std::move(load));
  }

  void financing() {
    const auto& f = r_.financing;
    heading("5. Sources and uses");
    Table lines{{"", "kind", "line", "total"}, {false, false, false, true}, {}};
    for (const auto& l : f.uses) lines.rows.push_back({"use", l.kind, l.label, money(l.total)});
    for (const auto& l : f.resources) lines.rows.push_back({"resource", l.kind, l.label, money(l.total)});
    lines.rows.push_back({"", "", "total uses", money(f.total_uses)});
    lines.rows.push_back({"", "", "total resources", money(f.total_resources)});
    table(std::move(lines));
    Table months{{"month", "uses", "resources", "net", "cumulative"}, {false, true, true, true, true}, {}};
    for (std::size_t i = 0; i < r_.months.size(); ++i)
      months.rows.push_back({month_name(r_.months[i]), money(f.uses_by_month[i]), money(f.resources_by_month[i]),
                             money(f.net_by_month[i]), money(f.cumulative[i])});
    table(std::move(months));
    paragraph(f.balanced ? "Balanced: the plan's cash never runs short in the year."
                         : "Not balanced: the cash first runs short in " + format_month(*f.first_shortfall) + ", by " +
                               money(-f.shortfall) + ".");
  }

  void action_plan() {
    const auto& s = r_.action_plan;
    heading("6. Action plan");
    Table t{{"id", "what", "who", "for whom", "when", "days", "due", "how", "state"},
            {false, false, false, false, false, true, false, false, false},
            {}};
    for (const auto& row : s.actions) {
      const auto& a = *row.action;
      std::string state = row.state ? std::string(to_string(*row.state)) : "not pushed";
      if (row.overdue) state += ", overdue";
      t.rows.push_back({a.id, a.what, a.who, a.for_whom, format_date(a.when), std::to_string(a.days), format_date(row.due),
                        a.how, state});
    }
    table(std::move(t));
    paragraph("Hours per owner and month (capacity in brackets when the plan gives it):");
    Table load{{"month"}, {false}, {}};
    for (const auto& o : s.owners) {
      load.headers.push_back(o.who + (o.capacity ? " (" + hours(*o.capacity) + ")" : ""));
      load.numeric.push_back(true);
    }
    for (std::size_t i = 0; i < r_.months.size(); ++i) {
      std::vector<std::string> row{month_name(r_.months[i])};
      for (const auto& o : s.owners) {
        bool over = std::find(o.overloaded.begin(), o.overloaded.end(), r_.months[i]) != o.overloaded.end();
        row.push_back(hours(o.hours[i]) + (over ? " !" : ""));
      }
      load.rows.push_back(std::move(row));
    }
    table(std::move(load));
    std::vector<std::string> next;
    for (const auto& id : s.next_quarter)
      for (const auto& row : s.actions)
        if (row.action->id == id)
          next.push_back(id + " " + row.action->what + " (" + row.action->who + ", from " + format_date(row.action->when) + ")");
    paragraph(next.empty() ? "Nothing starts in the next three months." : "Starting in the next three months:");
    bullets(std::move(next));
  }

  void dashboard() {
    const auto& d = r_.dashboard;
    heading("7. Dashboard");
    if (d.to < d.from) {
      paragraph("The plan year has not started: nothing to measure yet.");
    } else {
      paragraph("Year to date, " + format_date(d.from) + " to " + format_date(d.to) + " (" + fixed(d.elapsed_pct, 1) +
                " % of the year):");
    }
    Table t{{"KPI", "actual", "target", "attainment", "status", "forecast", "objective", "gap"},
            {false, true, true, true, false, true, true, true},
            {}};
    for (const auto& k : d.kpis)
      t.rows.push_back({k.kpi, metric(k.actual, k.unit), metric(k.target, k.unit), pct(k.attainment_pct), k.band,
                        metric(k.forecast, k.unit), metric(k.objective, k.unit), signed_pct(k.gap_pct)});
    table(std::move(t));
    const auto& e = d.execution;
    paragraph("Action plan: " + std::to_string(e.done) + " done, " + std::to_string(e.in_progress) + " in progress, " +
              std::to_string(e.open) + " open, " + std::to_string(e.not_pushed) + " not pushed; " +
              std::to_string(e.overdue) + " overdue.");
    std::vector<std::string> alerts;
    for (const auto& a : d.alerts) alerts.push_back(a.message);
    paragraph(alerts.empty() ? "No alert." : "Alerts:");
    bullets(std::move(alerts));
  }

  const Report& r_;
  const plan::Plan& plan_;
  int exponent_;
  Document doc_;
};

}  // namespace

Document to_document(const Report& report, int step) { return Layout(report).build(step); }

}  // namespace sextant::report
