#include "sextant/dashboard/html_dashboard.hpp"

#include "dashboard_style.hpp"
#include "html_text.hpp"
#include "svg_chart.hpp"

#include "sextant/metrics/catalog.hpp"
#include "sextant/plugin/money.hpp"
#include "sextant/time/calendar.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <map>

namespace sextant::dashboard {

namespace json = boost::json;
using namespace std::chrono;

namespace {

// The page, section by section, over the report document.
class Page {
 public:
  explicit Page(const json::object& report) : r_(report) {
    currency_ = text(r_, "currency");
    if (const auto* defs = r_.if_contains("definitions"); defs && defs->is_array())
      for (const auto& d : defs->as_array()) definitions_[text(d.as_object(), "id")] = text(d.as_object(), "text");
    if (const auto* months = r_.if_contains("months"); months && months->is_array())
      for (const auto& m : months->as_array()) months_.emplace_back(m.get_string());
  }

  std::string render() {
    const auto& steps = r_.at("steps").as_object();
    const auto& dash = steps.at("dashboard").as_object();
    std::string title = text(r_, "shop") + " — plan " + text(r_, "plan") + " " + json::serialize(r_.at("year"));
    std::string out = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>" + escape(title) + "</title><style>" + std::string(kStyle) + "</style></head><body>";
    out += "<header><h1>" + escape(title) + "</h1><p>Year to date " + escape(text(dash, "from")) + " → " +
           escape(text(dash, "to")) + " (" + shown(dash.at("elapsed_pct"), Shown::percent, "") +
           " of the year) · as of " + escape(text(r_, "today")) + " · " + escape(text(r_, "timezone")) +
           " · amounts in " + escape(currency_) + "</p></header>";
    out += kpis(dash);
    out += priorities(steps);
    out += financing(steps.at("financing").as_object());
    out += actions(steps.at("action_plan").as_object(), dash);
    out += alerts(dash);
    out += "<footer>Each figure shows its definition when the pointer rests on it. Made by Sextant from the ledger "
           "and the plan; the same figures as <code>sextant report --format json</code>.</footer>";
    return out + "</body></html>";
  }

 private:
  static std::string text(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : v && !v->is_null() ? json::serialize(*v) : "";
  }

  // The attributes that tie a drawn or written figure to the report: where it is, its value as
  // the JSON has it, its definition (and the hover text).
  std::string figure_attributes(const json::value& figure, const std::string& path) const {
    const auto& f = figure.as_object();
    std::string def = text(f, "def");
    return "data-path=\"" + escape(path) + "\" data-value=\"" + escape(json::serialize(f.at("value"))) +
           "\" data-def=\"" + escape(def) + "\" title=\"" + escape(definition(def)) + "\"";
  }

  [[nodiscard]] std::string definition(const std::string& def) const {
    auto it = definitions_.find(def);
    return it == definitions_.end() ? def : def + ": " + it->second;
  }

  std::string figure(const json::value& fig, const std::string& path, Shown as) const {
    return "<span class=\"figure\" " + figure_attributes(fig, path) + ">" +
           escape(shown(fig.as_object().at("value"), as, currency_)) + "</span>";
  }

  static Shown shown_as(std::string_view kpi) {
    auto m = metrics::find_metric(kpi);
    if (!m) return Shown::ratio;  // returning_customer_share
    switch (m->unit) {
      case metrics::Unit::money: return Shown::money;
      case metrics::Unit::count: return Shown::count;
      case metrics::Unit::ratio: return Shown::ratio;
    }
    return Shown::plain;
  }

  // Per KPI: the figures, the year so far against the trajectory (cumulated for what adds up),
  // and the months against their targets.
  std::string kpis(const json::object& dash) {
    std::string out = "<section id=\"kpis\"><h2>Key figures</h2><div class=\"cards\">";
    const auto& list = dash.at("kpis").as_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& k = list[i].as_object();
      const std::string kpi = text(k, "kpi"), path = "/steps/dashboard/kpis/" + std::to_string(i);
      const Shown as = shown_as(kpi);
      auto metric = metrics::find_metric(kpi);
      const bool additive = metric && metric->additive;
      std::string band = text(k, "band");
      out += "<article class=\"card band-" + css_name(band) + "\" data-kpi=\"" + escape(kpi) + "\"><h3>" + escape(kpi) +
             " <span class=\"band\" data-path=\"" + path + "/band\" data-value=\"" + escape(json::serialize(k.at("band"))) +
             "\">" + escape(band) + "</span></h3>";
      if (metric) out += "<p class=\"meaning\">" + escape(std::string(metric->meaning)) + "</p>";
      out += "<dl>";
      for (auto [key, label, kind] : {std::tuple{"actual", "Year to date", as}, {"target", "Target to date", as},
                                      {"attainment_pct", "Attainment", Shown::percent}, {"objective", "Objective", as},
                                      {"forecast", "Forecast", as}, {"gap", "Gap at year end", as},
                                      {"gap_pct", "Gap", Shown::percent}})
        out += "<dt>" + std::string(label) + "</dt><dd>" + figure(k.at(key), path + "/" + key, kind) + "</dd>";
      out += "</dl>";
      out += trajectory(k, path, additive, as);
      out += months_chart(k, path, as);
      out += "</article>";
    }
    return out + "</div></section>";
  }

  std::string trajectory(const json::object& k, const std::string& path, bool additive, Shown as) {
    Series actual{"actual", additive ? "actual, cumulated" : "actual", {}};
    Series target{"target", additive ? "target, cumulated" : "target", {}};
    Series forecast{"forecast", "year-end forecast", {}};
    const auto& actuals = k.at("month_actuals").as_array();
    const auto& targets = k.at("month_targets").as_array();
    Exact a, t;  // cumulated in minor units, exactly
    for (std::size_t m = 0; m < actuals.size(); ++m) {
      const auto& av = actuals[m].as_object().at("value");
      const auto& tv = targets[m].as_object().at("value");
      for (auto [sum, v] : {std::pair{&a, &av}, std::pair{&t, &tv}})
        if (auto x = exact(*v)) *sum = {sum->units + x->units, x->exponent};
      actual.marks.push_back(additive ? cumulated_mark(a, av, path + "/month_actuals", m, as)
                                      : month_mark(actuals[m], path + "/month_actuals", m, as));
      target.marks.push_back(additive ? cumulated_mark(t, tv, path + "/month_targets", m, as)
                                      : month_mark(targets[m], path + "/month_targets", m, as));
      forecast.marks.push_back({});
    }
    const auto& fc = k.at("forecast");
    if (!forecast.marks.empty() && !fc.as_object().at("value").is_null())
      forecast.marks.back() = {number(fc.as_object().at("value")), figure_attributes(fc, path + "/forecast"),
                               "forecast: " + shown(fc.as_object().at("value"), as, currency_)};
    return line_chart(months_, {target, actual, forecast},
                      additive ? "The year so far, cumulated, against the trajectory to the objective"
                               : "Each month's value against its target");
  }

  // A point of a cumulated line: its value is the sum of the months up to it, which the reader
  // can check against the months in the report (data-sum-of, data-through). Drawn while the
  // month itself has a value.
  Mark cumulated_mark(Exact sum, const json::value& month, const std::string& months_path, std::size_t m, Shown as) const {
    Mark mark;
    if (month.is_null()) return mark;
    const std::string text = format_minor(sum.units, sum.exponent);
    mark.y = number(json::value(text));
    mark.attributes = "data-sum-of=\"" + months_path + "\" data-through=\"" + std::to_string(m) + "\" data-value=\"" +
                      text + "\"";
    mark.title = months_[m] + ", cumulated: " + shown(json::value(text), as, currency_);
    return mark;
  }

  // A month's own value, drawn as the report has it.
  Mark month_mark(const json::value& figure, const std::string& months_path, std::size_t m, Shown as) const {
    Mark mark;
    const auto& v = figure.as_object().at("value");
    if (!v.is_null()) mark.y = number(v);
    mark.attributes = figure_attributes(figure, months_path + "/" + std::to_string(m));
    mark.title = months_[m] + ": " + shown(v, as, currency_);
    return mark;
  }

  std::string months_chart(const json::object& k, const std::string& path, Shown as) {
    Series bars{"actual", "month actual", {}}, line{"target", "month target", {}};
    for (auto [key, series] : {std::pair{"month_actuals", &bars}, std::pair{"month_targets", &line}}) {
      const auto& list = k.at(key).as_array();
      for (std::size_t m = 0; m < list.size(); ++m) series->marks.push_back(month_mark(list[m], path + "/" + key, m, as));
    }
    return bar_chart(months_, bars, line, "Month by month, against each month's target");
  }

  // The four quadrants, each priority with what it is worth and what it costs.
  std::string priorities(const json::object& steps) {
    std::map<std::string, std::size_t> index;
    const auto& valued = steps.at("valuation").as_object().at("priorities").as_array();
    for (std::size_t i = 0; i < valued.size(); ++i) index[text(valued[i].as_object(), "id")] = i;
    const auto& matrix = steps.at("priorities").as_object().at("matrix").as_object();
    std::string out = "<section id=\"priorities\"><h2>Priorities</h2><div class=\"matrix\">"
                      "<div class=\"axis-label\"></div><div class=\"axis-label\">Sell</div><div class=\"axis-label\">Manage</div>";
    for (std::string_view side : {"attack", "defend"}) {
      out += "<div class=\"axis-label side\">" + std::string(side == "attack" ? "Attack" : "Defend") + "</div>";
      for (std::string_view lever : {"sell", "manage"}) {
        std::string quadrant = std::string(side) + "/" + std::string(lever);
        out += "<div class=\"quadrant\" data-quadrant=\"" + quadrant + "\">";
        const auto* p = matrix.if_contains(quadrant);
        if (p && p->is_object() && index.contains(text(p->as_object(), "id"))) {
          std::size_t i = index[text(p->as_object(), "id")];
          const auto& v = valued[i].as_object();
          const std::string path = "/steps/valuation/priorities/" + std::to_string(i);
          const auto& lever_o = v.at("lever").as_object();
          const double change = number(lever_o.at("change_pct"));
          out += "<h3>" + escape(text(v, "id")) + " · " + escape(text(v, "title")) + "</h3><p class=\"lever\">Lever: " +
                 escape(text(lever_o, "kpi")) + " " + (change >= 0 ? "+" : "") +
                 shown(lever_o.at("change_pct"), Shown::percent, "") + " from " + escape(text(lever_o, "from")) +
                 "</p><dl>";
          for (auto [key, label, kind] :
               {std::tuple{"extra_revenue", "Extra revenue", Shown::money}, {"extra_margin", "Extra margin", Shown::money},
                {"one_off_costs", "One-off costs", Shown::money}, {"recurring_costs", "Recurring costs", Shown::money},
                {"external_costs", "External costs", Shown::money}, {"roi_pct", "Return", Shown::percent},
                {"payback_month", "Payback", Shown::plain}, {"workload_hours", "Workload (h)", Shown::count}})
            if (v.contains(key))
              out += "<dt>" + std::string(label) + "</dt><dd>" + figure(v.at(key), path + "/" + key, kind) + "</dd>";
          out += "</dl>";
        } else {
          out += "<p class=\"empty\">no priority</p>";
        }
        out += "</div>";
      }
    }
    return out + "</div></section>";
  }

  // Uses and resources month by month, and the cumulated cash that says whether the plan is paid for.
  std::string financing(const json::object& f) {
    const std::string base = "/steps/financing";
    std::string out = "<section id=\"financing\"><h2>Sources and uses</h2><div class=\"table-wrap\"><table><thead><tr><th></th>";
    for (const auto& m : months_) out += "<th>" + escape(m.substr(5)) + "</th>";
    out += "<th>Year</th></tr></thead><tbody>";
    auto line_rows = [&](const char* group, const char* heading) {
      out += "<tr class=\"group\"><th colspan=\"" + std::to_string(months_.size() + 2) + "\">" + heading + "</th></tr>";
      const auto& lines = f.at(group).as_array();
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i].as_object();
        const std::string path = base + "/" + group + "/" + std::to_string(i);
        out += "<tr><th>" + escape(text(l, "label")) + "</th>";
        const auto& months = l.at("months").as_array();
        for (std::size_t m = 0; m < months.size(); ++m)
          out += "<td>" + figure(months[m], path + "/months/" + std::to_string(m), Shown::count) + "</td>";
        out += "<td>" + figure(l.at("total"), path + "/total", Shown::count) + "</td></tr>";
      }
    };
    line_rows("uses", "Uses");
    line_rows("resources", "Resources");
    for (auto [key, label] : {std::pair{"uses_by_month", "All uses"}, {"resources_by_month", "All resources"},
                              {"net_by_month", "Net"}, {"cumulative", "Cash, cumulated"}}) {
      out += "<tr class=\"total\"><th>" + std::string(label) + "</th>";
      const auto& months = f.at(key).as_array();
      for (std::size_t m = 0; m < months.size(); ++m)
        out += "<td>" + figure(months[m], base + "/" + key + "/" + std::to_string(m), Shown::count) + "</td>";
      out += "<td></td></tr>";
    }
    out += "</tbody></table></div>";
    Series cash{"cash", "cash, cumulated", {}};
    const auto& cumulative = f.at("cumulative").as_array();
    for (std::size_t m = 0; m < cumulative.size(); ++m) {
      Mark mark;
      mark.y = number(cumulative[m].as_object().at("value"));
      mark.attributes = figure_attributes(cumulative[m], base + "/cumulative/" + std::to_string(m));
      mark.title = months_[m] + ": " + shown(cumulative[m].as_object().at("value"), Shown::money, currency_);
      cash.marks.push_back(mark);
    }
    out += line_chart(months_, {cash}, "The cash the plan leaves each month, cumulated (below zero: not paid for)");
    const bool balanced = f.at("balanced").as_bool();
    out += "<p class=\"verdict " + std::string(balanced ? "ok" : "short") + "\" data-path=\"" + base +
           "/balanced\" data-value=\"" + (balanced ? "true" : "false") + "\">" +
           (balanced ? "The plan is paid for: the cumulated cash never goes below zero."
                     : "The plan is not paid for: the cash runs short in " + escape(text(f, "first_shortfall")) + ".") +
           "</p>";
    return out + "</section>";
  }

  // The actions on the year's timeline, coloured by the state the tracker gives them.
  std::string actions(const json::object& plan, const json::object& dash) {
    if (months_.empty()) return "";
    auto first = time::parse_month(months_.front());
    auto last = time::parse_month(months_.back());
    if (!first || !last) return "";
    const sys_days start{*first / 1};
    const sys_days end = sys_days{(*last + months{1}) / 1};
    auto day_of = [&](const std::string& date) {
      auto d = time::parse_date(date);
      return d ? static_cast<int>((*d - start).count()) : 0;
    };
    std::vector<std::pair<int, std::string>> ticks;
    for (const auto& m : months_) ticks.emplace_back(day_of(m + "-01"), m.substr(5));
    std::vector<Span> spans;
    const auto& list = plan.at("actions").as_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& a = list[i].as_object();
      const std::string path = "/steps/action_plan/actions/" + std::to_string(i);
      const std::string state = text(a, "state");
      const bool overdue = a.at("overdue").as_bool();
      Span s;
      s.label = text(a, "id") + " " + text(a, "what") + " (" + text(a, "who") + ")";
      s.start = day_of(text(a, "when"));
      s.end = day_of(text(a.at("due").as_object(), "value"));
      s.css_class = css_name(state) + (overdue ? " overdue" : "");
      s.attributes = "data-path=\"" + path + "/state\" data-value=\"" + escape(json::serialize(a.at("state"))) +
                     "\" data-due=\"" + escape(text(a.at("due").as_object(), "value")) + "\"";
      s.title = text(a, "what") + " — " + text(a, "who") + ", for " + text(a, "for_whom") + ": " + text(a, "how") + ". " +
                text(a, "when") + " → " + text(a.at("due").as_object(), "value") + ", " + state +
                (overdue ? ", overdue" : "");
      spans.push_back(s);
    }
    std::optional<int> today;
    if (auto t = time::parse_date(text(r_, "today")); t && *t >= start && *t < end) today = static_cast<int>((*t - start).count());
    const auto& e = dash.at("execution").as_object();
    std::string out = "<section id=\"actions\"><h2>Action plan</h2><p class=\"execution\">";
    for (auto [key, label] : {std::pair{"done", "done"}, {"in_progress", "in progress"}, {"open", "open"},
                              {"not_pushed", "not pushed"}, {"overdue", "overdue"}})
      out += "<span class=\"count " + css_name(label) + "\" data-path=\"/steps/dashboard/execution/" + key +
             "\" data-value=\"" + json::serialize(e.at(key)) + "\">" + json::serialize(e.at(key)) + " " + label + "</span> ";
    out += "</p>" +
           timeline(spans, static_cast<int>((end - start).count()), ticks, today,
                    "Each action from its start to its due date; grey open, blue in progress, green done, red outline overdue");
    return out + "</section>";
  }

  std::string alerts(const json::object& dash) {
    const auto& list = dash.at("alerts").as_array();
    std::string out = "<section id=\"alerts\"><h2>Alerts</h2>";
    if (list.empty()) return out + "<p>None.</p></section>";
    out += "<ul>";
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto& a = list[i].as_object();
      out += "<li class=\"alert " + css_name(text(a, "kind")) + "\" data-path=\"/steps/dashboard/alerts/" +
             std::to_string(i) + "/message\">" + escape(text(a, "message")) + "</li>";
    }
    return out + "</ul></section>";
  }

  static std::string css_name(std::string text) {
    for (char& c : text)
      if (c == ' ' || c == '_' || c == '/') c = '-';
    return escape(text);
  }

  const json::object& r_;
  std::string currency_;
  std::map<std::string, std::string> definitions_;
  std::vector<std::string> months_;
};

}  // namespace

std::string render_html(const json::object& report) { return Page(report).render(); }

}  // namespace sextant::dashboard
