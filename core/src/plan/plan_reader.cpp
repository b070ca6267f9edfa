#include "sextant/plan/plan_reader.hpp"

#include "sextant/json/node.hpp"
#include "sextant/metrics/levers.hpp"
#include "sextant/plugin/currency.hpp"
#include "sextant/text/suggest.hpp"
#include "sextant/time/calendar.hpp"
#include "sextant/time/zone.hpp"

#include <array>
#include <set>

namespace sextant::plan {

namespace {

using json::Node;
using namespace std::chrono;

constexpr std::array<std::string_view, 4> kQuadrants{"attack/sell", "attack/manage", "defend/sell", "defend/manage"};
constexpr std::array<std::string_view, 4> kFinancingKinds{"savings", "margin_share", "capital", "loan"};

// Reads one KPI value in the unit the metric dictionary gives it.
std::optional<KpiValue> read_kpi_value(const Node& node, metrics::Unit unit, int exponent) {
  KpiValue v{unit, 0, 0.0};
  switch (unit) {
    case metrics::Unit::money:
      if (auto a = node.amount(exponent)) v.units = *a; else return std::nullopt;
      break;
    case metrics::Unit::count:
      if (auto n = node.integer(0, INT64_C(1'000'000'000'000))) v.units = *n; else return std::nullopt;
      break;
    case metrics::Unit::ratio:
      if (auto r = node.number(0.0, 1.0)) v.ratio = *r; else return std::nullopt;
      break;
  }
  return v;
}

std::optional<metrics::MetricDefinition> read_metric_id(const Node& node) {
  auto id = node.string();
  if (!id) return std::nullopt;
  auto metric = metrics::find_metric(*id);
  if (!metric)
    node.fail(text::with_suggestion("\"" + *id + "\" is not a metric of the dictionary",
                                    text::closest(*id, metrics::metric_ids())));
  return metric;
}

class PlanReader {
 public:
  PlanReader(const json::Document& doc, json::Diagnostics& out) : out_(out), root_(Node::root(doc, out)) {}

  std::optional<Plan> read() {
    std::size_t before = out_.size();
    if (root_.raw()->is_null()) {  // object() takes null for an absent member, which says nothing here
      root_.fail("expected an object, got null");
      return std::nullopt;
    }
    if (!root_.object({"$schema", "id", "year", "shop", "vision", "objectives", "competitors", "margin_rate",
                       "capacity", "working_capital", "priorities", "financing", "actions", "dashboard"}))
      return std::nullopt;
    (void)root_.at("$schema").string();  // for editors; a string, as the schema says
    if (auto y = root_.need("year").integer(2000, 2200)) plan_.year = static_cast<int>(*y);
    plan_.id = root_.at("id").nonempty_string().value_or("plan-" + std::to_string(plan_.year));
    shop(root_.need("shop"));
    vision(root_.need("vision"));
    objectives(root_.at("objectives"));
    competitors(root_.at("competitors"));
    if (auto m = root_.need("margin_rate").number(0.0, 1.0)) plan_.margin_rate = *m;
    capacity(root_.need("capacity"));
    working_capital(root_.at("working_capital"));
    priorities(root_.need("priorities"));
    financing(root_.at("financing"));
    actions(root_.need("actions"));
    dashboard(root_.at("dashboard"));
    if (out_.size() != before) return std::nullopt;
    return std::move(plan_);
  }

 private:
  [[nodiscard]] bool year_known() const { return plan_.year != 0; }
  [[nodiscard]] bool in_plan_year(sys_days d) const {
    return !year_known() || (d >= plan_.year_start() && d <= plan_.year_end());
  }
  [[nodiscard]] std::string plan_year_text() const {
    return time::format_date(plan_.year_start()) + " to " + time::format_date(plan_.year_end());
  }

  void shop(const Node& n) {
    if (!n.object({"name", "currency", "timezone", "fiscal_year_start"})) return;
    plan_.shop.name = n.need("name").nonempty_string().value_or("");
    Node currency = n.need("currency");
    if (auto code = currency.string()) {
      if (auto c = find_currency(*code)) {
        plan_.shop.currency = *code;
        plan_.shop.exponent = c->exponent;
      } else {
        currency.fail("\"" + *code + "\" is not an ISO 4217 currency code (such as EUR, USD, JPY)");
      }
    }
    Node zone = n.need("timezone");
    if (auto name = zone.string()) {
      if (auto z = time::Zone::locate(*name)) plan_.shop.timezone = *name;
      else zone.fail(z.error().message);
    }
    Node start = n.at("fiscal_year_start");
    if (auto s = start.string()) {
      auto day = time::parse_date("2001-" + *s);
      if (!day || s->size() != 5 || !s->ends_with("-01")) {
        start.fail("\"" + *s + "\" is not a fiscal year start: expected the first of a month, MM-01, such as 01-01 or 04-01");
      } else {
        year_month_day ymd{*day};
        plan_.shop.fiscal_year_start = ymd.month() / ymd.day();
      }
    }
  }

  void vision(const Node& n) {
    if (!n.object({"statement", "metric", "target", "by", "baseline"})) return;
    plan_.vision.statement = n.need("statement").nonempty_string().value_or("");
    auto metric = read_metric_id(n.need("metric"));
    if (metric) {
      plan_.vision.metric = std::string(metric->id);
      if (!metric->additive)
        n.at("metric").fail("the vision needs a metric that adds up over a year (such as revenue_excl_tax or "
                            "orders), not " + std::string(metric->id));
      if (auto t = read_kpi_value(n.need("target"), metric->unit, plan_.shop.exponent)) plan_.vision.target = *t;
      if (n.at("baseline").present())
        plan_.vision.baseline = read_kpi_value(n.at("baseline"), metric->unit, plan_.shop.exponent);
    }
    Node by = n.need("by");
    if (auto d = by.date()) {
      plan_.vision.by = *d;
      if (year_known() && *d <= plan_.year_start())
        by.fail("the vision's date " + time::format_date(*d) + " must come after the plan year starts (" +
                time::format_date(plan_.year_start()) + ")");
    }
  }

  void objectives(const Node& n) {
    for (auto& [year_text, kpis] : n.members()) {
      auto year = time::parse_month(year_text + "-01");
      if (year_text.size() != 4 || !year) {
        kpis.fail_at_key("\"" + year_text + "\" is not a year: expected YYYY, such as \"2025\"");
        continue;
      }
      auto& targets = plan_.objectives[static_cast<int>(year->year())];
      for (auto& [kpi, value] : kpis.members()) {
        auto metric = metrics::find_metric(kpi);
        if (!metric) {
          value.fail_at_key(text::with_suggestion("\"" + kpi + "\" is not a metric of the dictionary",
                                                  text::closest(kpi, metrics::metric_ids())));
          continue;
        }
        if (auto v = read_kpi_value(value, metric->unit, plan_.shop.exponent)) targets[kpi] = *v;
      }
    }
  }

  void competitors(const Node& n) {
    for (const Node& c : n.elements()) {
      if (!c.object({"name", "url", "notes"})) continue;
      plan_.competitors.push_back({c.need("name").nonempty_string().value_or(""), c.at("url").string().value_or(""),
                                   c.at("notes").string().value_or("")});
    }
  }

  void capacity(const Node& n) {
    if (!n.object({"hours_per_month", "per_person"})) return;
    plan_.capacity.hours_per_month = n.need("hours_per_month").number(1, 100000).value_or(0);
    for (auto& [who, hours] : n.at("per_person").members())
      if (auto h = hours.number(0, 744)) plan_.capacity.per_person[who] = *h;
  }

  void working_capital(const Node& n) {
    if (!n.object({"customer_days", "stock_days", "supplier_days"})) return;
    plan_.working_capital.customer_days = n.at("customer_days").number(0, 365).value_or(0);
    plan_.working_capital.stock_days = n.at("stock_days").number(0, 365).value_or(0);
    plan_.working_capital.supplier_days = n.at("supplier_days").number(0, 365).value_or(0);
  }

  std::optional<year_month> month_in_plan_year(const Node& n) {
    auto m = n.month();
    if (m && !in_plan_year(sys_days{*m / 1})) {
      n.fail("\"" + time::format_month(*m) + "\" is outside the plan year (" + plan_year_text() + ")");
      return std::nullopt;
    }
    return m;
  }

  void priorities(const Node& n) {
    auto list = n.elements();
    std::map<std::string, std::string> quadrant_owner;  // quadrant → the id of the priority in it
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Node& p = list[i];
      if (!p.object({"id", "quadrant", "title", "lever", "costs", "workload_hours", "working_capital"})) continue;
      Priority priority;
      Node id = p.need("id");
      priority.id = id.nonempty_string().value_or("");
      if (!priority.id.empty() && !ids.insert(priority.id).second)
        id.fail("priority id \"" + priority.id + "\" is used twice");
      priority.title = p.need("title").nonempty_string().value_or("");
      Node quadrant = p.need("quadrant");
      if (auto q = quadrant.one_of(kQuadrants)) {
        priority.quadrant = *q;
        auto [it, fresh] = quadrant_owner.emplace(*q, priority.id.empty() ? std::to_string(i) : priority.id);
        if (!fresh)
          quadrant.fail(*q + " is taken by priority " + it->second +
                        ": the method asks for one priority in each quadrant");
      }
      lever(p.need("lever"), priority.lever);
      for (const Node& c : p.at("costs").elements()) priority.costs.push_back(cost(c));
      priority.workload_hours = p.at("workload_hours").number(0, 100000).value_or(0);
      if (p.at("working_capital").present())
        priority.working_capital = p.at("working_capital").amount(plan_.shop.exponent, true);
      plan_.priorities.push_back(std::move(priority));
      priority_nodes_.push_back(p);
    }
    if (!n.present() || !n.raw()->is_array()) return;
    for (auto q : kQuadrants)
      if (!quadrant_owner.contains(std::string(q)))
        n.fail("no priority in quadrant " + std::string(q) + ": the method asks for exactly four, one per quadrant");
    if (list.size() > 4) n.fail(std::to_string(list.size()) + " priorities: the method asks for exactly four");
  }

  void lever(const Node& n, Lever& out) {
    if (!n.object({"kpi", "change_pct", "from"})) return;
    Node kpi = n.need("kpi");
    if (auto m = read_metric_id(kpi)) {
      if (metrics::find_lever(m->id)) out.kpi = std::string(m->id);
      else kpi.fail(std::string(m->id) + " cannot be a lever: it is not part of revenue excl. tax");
    }
    out.change_pct = n.need("change_pct").number(-100, 1000).value_or(0);
    if (auto m = month_in_plan_year(n.need("from"))) out.from = *m;
  }

  Cost cost(const Node& n) {
    Cost c;
    if (!n.object({"label", "monthly", "one_off", "month", "external"})) return c;
    c.label = n.need("label").nonempty_string().value_or("");
    c.monthly = n.at("monthly").amount(plan_.shop.exponent).value_or(0);
    c.one_off = n.at("one_off").amount(plan_.shop.exponent).value_or(0);
    c.external = n.at("external").boolean().value_or(false);
    if (!n.at("monthly").present() && !n.at("one_off").present())
      n.fail("a cost needs \"monthly\" or \"one_off\"");
    Node month = n.at("month");
    if (n.at("one_off").present() && !month.present()) n.fail("a one-off cost needs the \"month\" it is paid");
    if (month.present()) c.month = month_in_plan_year(month);
    return c;
  }

  void financing(const Node& n) {
    int margin_shares = 0;
    for (const Node& f : n.elements()) {
      if (!f.object({"kind", "label", "monthly", "share", "amount", "month", "repayment_months", "annual_rate"}))
        continue;
      Financing item;
      item.kind = f.need("kind").one_of(kFinancingKinds).value_or("");
      item.label = f.at("label").string().value_or(item.kind);
      int exponent = plan_.shop.exponent;
      if (item.kind == "savings") {
        item.monthly = f.need("monthly").amount(exponent).value_or(0);
        if (f.at("month").present()) item.month = month_in_plan_year(f.at("month"));
      } else if (item.kind == "margin_share") {
        ++margin_shares;
        Node share = f.need("share");
        if (share.present() && share.raw()->is_number() && share.raw()->to_number<double>() > 1.0)
          share.fail(json::shown(*share.raw()) +
                     " is above 100 %: a share of the extra margin is a fraction from 0 to 1");
        else item.share = share.number(0.0, 1.0).value_or(0);
      } else if (item.kind == "capital" || item.kind == "loan") {
        item.amount = f.need("amount").amount(exponent).value_or(0);
        item.month = month_in_plan_year(f.need("month"));
        if (item.kind == "loan") {
          item.repayment_months = static_cast<int>(f.need("repayment_months").integer(1, 360).value_or(0));
          item.annual_rate = f.at("annual_rate").number(0.0, 1.0).value_or(0);
        }
      }
      plan_.financing.push_back(std::move(item));
    }
    if (margin_shares > 1) n.fail("more than one margin_share: give one share of the extra margin");
  }

  void actions(const Node& n) {
    std::set<std::string> ids;
    std::set<std::string> priority_ids;
    for (const auto& p : plan_.priorities) priority_ids.insert(p.id);
    std::vector<std::string> priority_list(priority_ids.begin(), priority_ids.end());
    std::set<std::string> with_action;
    for (const Node& a : n.elements()) {
      if (!a.object({"id", "priority", "what", "who", "for_whom", "when", "days", "how", "hours"})) continue;
      Action action;
      Node id = a.need("id");
      action.id = id.nonempty_string().value_or("");
      if (!action.id.empty() && !ids.insert(action.id).second) id.fail("action id \"" + action.id + "\" is used twice");
      Node priority = a.need("priority");
      if (auto p = priority.string()) {
        if (priority_ids.contains(*p)) {
          action.priority = *p;
          with_action.insert(*p);
        } else {
          priority.fail(text::with_suggestion("no priority has the id \"" + *p + "\"", text::closest(*p, priority_list)));
        }
      }
      action.what = a.need("what").nonempty_string().value_or("");
      action.who = a.need("who").nonempty_string().value_or("");
      action.for_whom = a.need("for_whom").nonempty_string().value_or("");
      action.how = a.need("how").nonempty_string().value_or("");
      action.days = static_cast<int>(a.need("days").integer(1, 366).value_or(1));
      action.hours = a.at("hours").number(0, 10000).value_or(0);
      Node when = a.need("when");
      if (auto d = when.date()) {
        action.when = *d;
        sys_days end = *d + days{action.days - 1};
        if (!in_plan_year(*d))
          when.fail("starts on " + time::format_date(*d) + ", outside the plan year (" + plan_year_text() + ")");
        else if (!in_plan_year(end))
          a.at("days").fail("ends on " + time::format_date(end) + ", after the plan year ends (" +
                            time::format_date(plan_.year_end()) + ")");
      }
      plan_.actions.push_back(std::move(action));
    }
    for (std::size_t i = 0; i < plan_.priorities.size(); ++i) {
      const auto& p = plan_.priorities[i];
      if (!p.id.empty() && !with_action.contains(p.id))
        priority_nodes_[i].fail("priority " + p.id + " has no action: every priority needs at least one");
    }
  }

  void dashboard(const Node& n) {
    if (!n.object({"kpis", "alert_gap_pct", "on_track_pct", "at_risk_pct"})) return;
    if (n.at("kpis").present()) {
      plan_.dashboard.kpis.clear();
      for (const Node& k : n.at("kpis").elements())
        if (auto m = read_metric_id(k)) plan_.dashboard.kpis.emplace_back(m->id);
    }
    auto& d = plan_.dashboard;
    d.alert_gap_pct = n.at("alert_gap_pct").number(0, 100).value_or(d.alert_gap_pct);
    d.on_track_pct = n.at("on_track_pct").number(0, 200).value_or(d.on_track_pct);
    d.at_risk_pct = n.at("at_risk_pct").number(0, 200).value_or(d.at_risk_pct);
    if (d.at_risk_pct > d.on_track_pct)
      n.at("at_risk_pct").fail("must not be above on_track_pct (" + std::to_string(static_cast<int>(d.on_track_pct)) + ")");
  }

  json::Diagnostics& out_;
  Node root_;
  Plan plan_;
  std::vector<Node> priority_nodes_;  // aligned with plan_.priorities, for messages
};

}  // namespace

std::optional<Plan> read_plan(const json::Document& document, json::Diagnostics& out) {
  return PlanReader(document, out).read();
}

std::optional<Plan> load_plan(const std::filesystem::path& path, json::Diagnostics& out) {
  auto doc = json::load_document(path, out);
  if (!doc) return std::nullopt;
  return read_plan(*doc, out);
}

}  // namespace sextant::plan
