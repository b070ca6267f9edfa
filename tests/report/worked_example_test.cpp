// The worked example (examples/worked): a shop file small enough to compute the whole report by
// hand, checked figure by figure with the arithmetic beside each value, and golden files that pin
// the text and Markdown renderings.
//
// The shop, in EUR, one order at 10:00 UTC on the 15th of the month, 20 % tax, no discount or
// shipping; sessions on the same day:
//   2024: 12 orders of 100.00 (customer c1); 100 sessions a month: revenue 1200.00, 1200 sessions.
//   2025: Jan-Jun, Sep, Oct one order of 100.00 and Jul, Aug one of 50.00 (all c1); Nov 100.00 from
//         c1 and c2; Dec 100.00 from c1, c3 and c4. Sessions 100 a month, Nov 200, Dec 300.
//         Revenue 1400.00, 15 orders, 1500 sessions, customers c1-c4 of whom 3 new.
//   2026: Jan-Mar one order of 150.00 (c1) and 100 sessions a month; c3's December order
//         refunded on 2026-01-20 (100.00 of goods): January's revenue is 150.00 - 100.00.
// The report is taken as of 2026-04-01: data to 2026-03-31.
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <charconv>
#include <filesystem>
#include <functional>
#include <set>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

class WorkedExample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    for (const char* f : {"plan.json", "sextant.json", "shop.json"})
      fs::copy_file(source_dir() / "examples/worked" / f, *dir_ / f);
    auto r = sextant({"sync"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = sextant({"--format", "json", "report"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    report_ = new boost::json::value(boost::json::parse(r.out));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete dir_;
  }
  static ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-04-01"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_->path(), {}});
  }
  // The value of the figure at `pointer` (under /steps), as JSON text: "\"1400.00\"", "15", "null".
  static std::string figure(const std::string& pointer) {
    const auto& v = report_->at_pointer("/steps" + pointer);
    const auto& x = v.is_object() && v.as_object().contains("def") ? v.at("value") : v;
    if (!x.is_double()) return boost::json::serialize(x);
    char buf[32];  // numbers as the JSON text has them: shortest round-trip, no exponent
    auto end = std::to_chars(buf, buf + sizeof buf, x.get_double(), std::chars_format::fixed).ptr;
    return std::string(buf, end);
  }
  static ScratchDir* dir_;
  static boost::json::value* report_;
};
ScratchDir* WorkedExample::dir_ = nullptr;
boost::json::value* WorkedExample::report_ = nullptr;

TEST_F(WorkedExample, Step1Vision) {
  EXPECT_EQ(figure("/vision/baseline_year"), "2025");
  EXPECT_EQ(figure("/vision/baseline"), "\"1400.00\"");  // 2025's revenue: 6 x 100 + 2 x 50 + 2 x 100 + 200 + 300
  EXPECT_EQ(figure("/vision/years"), "2");                // 2027 - 2025
  EXPECT_EQ(figure("/vision/cagr"), "0.414214");          // (2800 / 1400)^(1/2) - 1 = sqrt(2) - 1
  EXPECT_EQ(figure("/vision/milestones/0/value"), "\"1979.90\"");  // 1400 x 1.41421356 = 1979.8990 -> 1979.90
  EXPECT_EQ(figure("/vision/milestones/1/value"), "\"2800.00\"");  // the target itself
  EXPECT_EQ(figure("/vision/objective"), "\"1979.90\"");
  EXPECT_EQ(figure("/vision/objective_source"), "\"vision\"");
  // Months shaped like 2025: 197990 cents x 10000 / 140000 = 14142.14 for a 100.00 month,
  // 7071.07 for a 50.00 one, 28284.29 (Nov) and 42426.43 (Dec); the floors add up to 197988 and
  // the 2 cents left go to the largest remainders, December (.43) and November (.29).
  const char* months[] = {"141.42", "141.42", "141.42", "141.42", "141.42", "141.42",
                          "70.71",  "70.71",  "141.42", "141.42", "282.85", "424.27"};
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(figure("/vision/month_targets/" + std::to_string(i)), "\"" + std::string(months[i]) + "\"") << i;
  // January's 14142 cents over 31 days: 456 each and 6 cents left, to the first six days.
  EXPECT_EQ(figure("/vision/day_targets/0/target"), "\"4.57\"");
  EXPECT_EQ(figure("/vision/day_targets/5/target"), "\"4.57\"");
  EXPECT_EQ(figure("/vision/day_targets/6/target"), "\"4.56\"");
  EXPECT_EQ(report_->at_pointer("/steps/vision/day_targets").as_array().size(), 365u);
}

TEST_F(WorkedExample, Step2Review) {
  auto kpi = [&](int i, const char* field) { return figure("/review/kpis/" + std::to_string(i) + "/" + field); };
  // revenue_excl_tax: 1400.00 against 1500.00: -100.00, -6.67 %; 1200.00 in 2024: +16.67 %.
  EXPECT_EQ(kpi(0, "actual"), "\"1400.00\"");
  EXPECT_EQ(kpi(0, "variance"), "\"-100.00\"");
  EXPECT_EQ(kpi(0, "variance_pct"), "-6.67");
  EXPECT_EQ(kpi(0, "yoy_pct"), "16.67");
  // orders: 15 against 16 (-6.25 %), 12 in 2024 (+25 %).
  EXPECT_EQ(kpi(2, "actual"), "15");
  EXPECT_EQ(kpi(2, "variance_pct"), "-6.25");
  EXPECT_EQ(kpi(2, "yoy_pct"), "25");
  // aov: 1400.00 / 15 = 93.33 against 95.00: -1.67, -1.76 %; 100.00 in 2024: -6.67 %.
  EXPECT_EQ(kpi(3, "actual"), "\"93.33\"");
  EXPECT_EQ(kpi(3, "variance"), "\"-1.67\"");
  EXPECT_EQ(kpi(3, "variance_pct"), "-1.76");
  EXPECT_EQ(kpi(3, "yoy_pct"), "-6.67");
  // conversion_rate: 15 / 1500 = 0.01 against 0.012: -0.002, -16.67 %; 12 / 1200 = 0.01 in 2024.
  EXPECT_EQ(kpi(4, "actual"), "0.01");
  EXPECT_EQ(kpi(4, "variance"), "-0.002");
  EXPECT_EQ(kpi(4, "variance_pct"), "-16.67");
  EXPECT_EQ(kpi(4, "yoy_pct"), "0");
  // sessions: 1500 against 1400: +100, +7.14 %.
  EXPECT_EQ(kpi(5, "variance"), "100");
  EXPECT_EQ(kpi(5, "variance_pct"), "7.14");
  // new_customers: c2, c3, c4 (c1 was new in 2024).
  EXPECT_EQ(kpi(7, "actual"), "3");
  // returning customer share: c1 of c1-c4; in 2024 c1 was new: 0, so no year-on-year change.
  EXPECT_EQ(kpi(8, "actual"), "0.25");
  EXPECT_EQ(kpi(8, "yoy_pct"), "null");
  // Bridge 2024 -> 2025, in cents: L = (140000 - 120000) / ln(1400 / 1200) = 129743.18;
  // sessions: L x ln(1500 / 1200) = 28951.35 -> 289.51; conversion: L x ln(0.01 / 0.01) = 0;
  // revenue per order takes the rest: 200.00 - 289.51 - 0 = -89.51.
  EXPECT_EQ(figure("/review/bridge/sessions_effect"), "\"289.51\"");
  EXPECT_EQ(figure("/review/bridge/conversion_effect"), "\"0.00\"");
  EXPECT_EQ(figure("/review/bridge/value_effect"), "\"-89.51\"");
  // Zones: conversion 1400 x (0.012 / 0.01 - 1) = 280.00; AOV 1400 x (95 / 93.333 - 1) = 25.00;
  // sessions beat their objective.
  EXPECT_EQ(figure("/review/progress_zones/0/kpi"), "\"conversion_rate\"");
  EXPECT_EQ(figure("/review/progress_zones/0/cost"), "\"280.00\"");
  EXPECT_EQ(figure("/review/progress_zones/1/kpi"), "\"aov\"");
  EXPECT_EQ(figure("/review/progress_zones/1/cost"), "\"25.00\"");
  EXPECT_EQ(report_->at_pointer("/steps/review/progress_zones").as_array().size(), 2u);
  EXPECT_EQ(figure("/review/competitors/0/notes"), "\"free shipping since March\"");
}

TEST_F(WorkedExample, Step3Priorities) {
  EXPECT_EQ(figure("/priorities/matrix/attack~1sell/id"), "\"p1\"");
  EXPECT_EQ(figure("/priorities/matrix/attack~1manage/id"), "\"p2\"");
  EXPECT_EQ(figure("/priorities/matrix/defend~1sell/id"), "\"p3\"");
  EXPECT_EQ(figure("/priorities/matrix/defend~1manage/id"), "\"p4\"");
}

TEST_F(WorkedExample, Step4Valuation) {
  auto p = [&](int i, const std::string& field) { return figure("/valuation/priorities/" + std::to_string(i) + "/" + field); };
  // p1, AOV +10 % from March: 10 % of 2025's merchandise Mar-Dec (100 x 6 + 50 x 2 + 200 + 300
  // = 1200.00) = 120.00; margin 40 % = 48.00. Costs: 50.00 (Feb, external) + 5.00 x 10 months.
  EXPECT_EQ(p(0, "extra_revenue"), "\"120.00\"");
  EXPECT_EQ(p(0, "extra_revenue_by_month/2"), "\"10.00\"");
  EXPECT_EQ(p(0, "extra_revenue_by_month/6"), "\"5.00\"");
  EXPECT_EQ(p(0, "extra_margin"), "\"48.00\"");
  EXPECT_EQ(p(0, "one_off_costs"), "\"50.00\"");
  EXPECT_EQ(p(0, "recurring_costs"), "\"50.00\"");
  EXPECT_EQ(p(0, "external_costs"), "\"50.00\"");
  EXPECT_EQ(p(0, "working_capital"), "\"1.20\"");  // 120.00 x (3.65 + 0.6 x (0 - 0)) / 365
  EXPECT_EQ(p(0, "roi_pct"), "-52");                // (48 - 100) / 100
  EXPECT_EQ(p(0, "payback_month"), "null");
  EXPECT_EQ(p(0, "workload_hours"), "20");          // a1 and a2, 20 / 2 hours each
  // Past AOV changes, month on the same month a year earlier, over whole months held
  // (Feb 2025 - Mar 2026: 14): 0 % x 9, -50 % (Jul, Aug), +50 % (Jan-Mar 2026).
  // At or below +10 %: 11 of 14 = 78.57 %.
  EXPECT_EQ(p(0, "realism/samples"), "14");
  EXPECT_EQ(p(0, "realism/percentile"), "78.57");
  EXPECT_EQ(p(0, "realism/best_pct"), "50");
  EXPECT_EQ(p(0, "realism/beyond_history"), "false");
  // p2, conversion +20 % from April: 20 % of revenue Apr-Dec (1100.00) = 220.00; margin 88.00;
  // 200.00 of costs: (88 - 200) / 200 = -56 %. Conversion never moved: beyond history.
  EXPECT_EQ(p(1, "extra_revenue"), "\"220.00\"");
  EXPECT_EQ(p(1, "extra_margin"), "\"88.00\"");
  EXPECT_EQ(p(1, "roi_pct"), "-56");
  EXPECT_EQ(p(1, "working_capital"), "\"2.20\"");
  EXPECT_EQ(p(1, "realism/percentile"), "100");
  EXPECT_EQ(p(1, "realism/beyond_history"), "true");
  // p3, orders +5 % from January: 5 % of 1400.00 = 70.00; margin 28.00; 2.00 x 12 = 24.00:
  // (28 - 24) / 24 = +16.67 %. Cash: -0.70 of working capital in January, margin = cost each
  // month but Jul and Aug (1.00 - 2.00), Nov (+2.00) and Dec (+4.00): back above zero in December.
  EXPECT_EQ(p(2, "extra_revenue"), "\"70.00\"");
  EXPECT_EQ(p(2, "roi_pct"), "16.67");
  EXPECT_EQ(p(2, "payback_month"), "\"2026-12\"");
  EXPECT_EQ(p(2, "realism/percentile"), "85.71");  // 12 of 14 months at 0 %, then +100 % and +200 %
  // p4, revenue +2 % from June: 2 % of 900.00 = 18.00; no cost; the plan releases 5.00.
  EXPECT_EQ(p(3, "extra_revenue"), "\"18.00\"");
  EXPECT_EQ(p(3, "extra_margin"), "\"7.20\"");
  EXPECT_EQ(p(3, "roi_pct"), "null");
  EXPECT_EQ(p(3, "working_capital"), "\"-5.00\"");
  EXPECT_EQ(p(3, "working_capital_source"), "\"plan\"");
  // The team: Feb a2 10 h; Mar a1 10 h + 16 of a3's 20 days x 1.5 h = 34 h; Apr a4 12 h + 6 h.
  EXPECT_EQ(figure("/valuation/team_hours_by_month/1"), "10");
  EXPECT_EQ(figure("/valuation/team_hours_by_month/2"), "34");
  EXPECT_EQ(figure("/valuation/team_hours_by_month/3"), "18");
}

TEST_F(WorkedExample, Step5SourcesAndUses) {
  // Uses: Jan 2.00 + 0.70 = 2.70; Feb 2.00 + 50.00 = 52.00; Mar 5.00 + 1.20 + 200.00 + 2.00
  // = 208.20; Apr 5.00 + 2.20 + 2.00 + 10.00 + 1.20 of interest (120.00 x 1 %) = 20.40; ...
  // Resources: 3.00 of savings a month, half the extra margin, 150.00 (Feb), 120.00 (Mar).
  const char* uses[] = {"2.70", "52.00", "208.20", "20.40", "18.10", "13.00",
                        "17.90", "17.80", "17.70", "17.60", "17.50", "17.40"};
  const char* cumulative[] = {"1.30",   "103.30", "21.10",  "10.70",  "2.60",   "0.00",
                              "-11.20", "-22.30", "-29.60", "-36.80", "-36.50", "-28.70"};
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(figure("/financing/uses_by_month/" + std::to_string(i)), "\"" + std::string(uses[i]) + "\"") << i;
    EXPECT_EQ(figure("/financing/cumulative/" + std::to_string(i)), "\"" + std::string(cumulative[i]) + "\"") << i;
  }
  EXPECT_EQ(figure("/financing/total_uses"), "\"420.30\"");
  EXPECT_EQ(figure("/financing/total_resources"), "\"391.60\"");  // 36.00 + 85.60 + 150.00 + 120.00
  EXPECT_EQ(figure("/financing/balanced"), "false");
  EXPECT_EQ(figure("/financing/first_shortfall"), "\"2026-07\"");
  EXPECT_EQ(figure("/financing/shortfall"), "\"-11.20\"");
  // The loan: 10.00 a month from April (9 in the year), interest 1.20 + 1.10 + ... + 0.40 = 7.20.
  bool repayment = false, interest = false;
  for (const auto& line : report_->at_pointer("/steps/financing/uses").as_array()) {
    if (line.at("kind") == "repayment") repayment = line.at("total").at("value") == "90.00";
    if (line.at("kind") == "interest") interest = line.at("total").at("value") == "7.20";
  }
  EXPECT_TRUE(repayment);
  EXPECT_TRUE(interest);
}

TEST_F(WorkedExample, Step6ActionPlan) {
  EXPECT_EQ(figure("/action_plan/actions/0/id"), "\"a2\"");  // by start date
  EXPECT_EQ(figure("/action_plan/actions/0/due"), "\"2026-02-07\"");  // 02-02 + 5 days
  EXPECT_EQ(figure("/action_plan/actions/0/hours"), "10");            // p1's 20 h over its 2 actions
  EXPECT_EQ(figure("/action_plan/actions/2/hours"), "30");            // a3 says 30
  // ann: Feb 10, Mar 10, Apr 12 (over her 10); bob: Mar 24 (over his 20), Apr 6, Jun 6.
  EXPECT_EQ(figure("/action_plan/owners/0/who"), "\"ann\"");
  EXPECT_EQ(figure("/action_plan/owners/0/hours_by_month/3"), "12");
  EXPECT_EQ(figure("/action_plan/owners/0/overloaded_months/0"), "\"2026-04\"");
  EXPECT_EQ(figure("/action_plan/owners/1/hours_by_month/2"), "24");
  EXPECT_EQ(figure("/action_plan/owners/1/overloaded_months/0"), "\"2026-03\"");
  EXPECT_EQ(figure("/action_plan/next_quarter"), "[\"a4\",\"a5\"]");  // start in [04-01, 07-01)
}

TEST_F(WorkedExample, Step7Dashboard) {
  auto k = [&](int i, const char* field) { return figure("/dashboard/kpis/" + std::to_string(i) + "/" + field); };
  // Revenue to 03-31: 150 - 100 (the refund, on its own day) + 150 + 150 = 350.00, against
  // 3 x 141.42 = 424.26: 82.50 %, below 85: off track. Forecast 1979.90 x 82.4966 % = 1633.35.
  EXPECT_EQ(k(0, "actual"), "\"350.00\"");
  EXPECT_EQ(k(0, "target"), "\"424.26\"");
  EXPECT_EQ(k(0, "attainment_pct"), "82.5");
  EXPECT_EQ(k(0, "band"), "\"off track\"");
  EXPECT_EQ(k(0, "forecast"), "\"1633.35\"");
  EXPECT_EQ(k(0, "gap"), "\"-346.55\"");
  EXPECT_EQ(k(0, "gap_pct"), "-17.5");
  EXPECT_EQ(k(0, "month_actuals/0"), "\"50.00\"");
  // Orders: 20 set by the plan, shaped like 2025 (1 a month, 2 in Nov, 3 in Dec): 1.33 a month,
  // remainders to Nov (.67) then Jan, Feb, Mar: 2, 2, 2 so far. 3 of 6: 50 %; forecast 10.
  EXPECT_EQ(k(1, "target"), "6");
  EXPECT_EQ(k(1, "attainment_pct"), "50");
  EXPECT_EQ(k(1, "forecast"), "10");
  EXPECT_EQ(k(1, "objective_source"), "\"plan\"");
  // AOV: 450.00 / 3 = 150.00 against 2025's 93.33 (no objective set): 160.72 %, on track.
  EXPECT_EQ(k(2, "actual"), "\"150.00\"");
  EXPECT_EQ(k(2, "target"), "\"93.33\"");
  EXPECT_EQ(k(2, "objective_source"), "\"baseline\"");
  EXPECT_EQ(k(2, "attainment_pct"), "160.72");
  EXPECT_EQ(k(2, "band"), "\"on track\"");
  // Conversion: 3 / 300 = 0.01 against 0.011: 90.91 %, at risk; gap -9.09 %, within the 10 %.
  EXPECT_EQ(k(3, "attainment_pct"), "90.91");
  EXPECT_EQ(k(3, "band"), "\"at risk\"");
  EXPECT_EQ(k(3, "gap_pct"), "-9.09");
  EXPECT_EQ(figure("/dashboard/execution/not_pushed"), "5");
  EXPECT_EQ(figure("/dashboard/execution/overdue"), "2");  // a2 (due 02-07) and a1 (03-12)
  std::vector<std::string> kinds;
  for (const auto& a : report_->at_pointer("/steps/dashboard/alerts").as_array())
    kinds.emplace_back(a.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"kpi", "kpi", "overdue", "overdue", "capacity", "financing"}));
}

TEST_F(WorkedExample, EveryFigureNamesADefinition) {
  std::set<std::string> known;
  for (const auto& d : report_->at("definitions").as_array()) known.insert(std::string(d.at("id").as_string()));
  std::size_t figures = 0;
  std::function<void(const boost::json::value&)> walk = [&](const boost::json::value& v) {
    if (v.is_object()) {
      if (const auto* def = v.as_object().if_contains("def")) {
        ++figures;
        EXPECT_TRUE(known.contains(std::string(def->as_string()))) << def->as_string();
      }
      for (const auto& m : v.as_object()) walk(m.value());
    } else if (v.is_array()) {
      for (const auto& e : v.as_array()) walk(e);
    }
  };
  walk(report_->at("steps"));
  EXPECT_GT(figures, 500u);
}

TEST_F(WorkedExample, TaskStatesReachTheDashboard) {
  ScratchDir copy;
  for (const char* f : {"plan.json", "sextant.json", "shop.json", "sextant.db"}) fs::copy_file(*dir_ / f, copy / f);
  ProcessOptions here{copy.path(), {}};
  ASSERT_EQ(run({sextant_program(), "--today", "2026-04-01", "-q", "push"}, here).exit_code, 0);
  ASSERT_EQ(run({sextant_program(), "--today", "2026-04-01", "task", "set", "atelier-lin/a2", "done"}, here).exit_code, 0);
  auto r = run({sextant_program(), "--today", "2026-04-01", "--format", "json", "report", "--step", "7"}, here);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out);
  const auto& e = doc.at_pointer("/steps/dashboard/execution");
  EXPECT_EQ(e.at("done"), 1);
  EXPECT_EQ(e.at("open"), 4);
  EXPECT_EQ(e.at("not_pushed"), 0);
  EXPECT_EQ(e.at("overdue"), 1);  // a1 only
}

// Golden files: the renderings people read. SEXTANT_UPDATE_GOLDEN=1 rewrites them.
TEST_F(WorkedExample, TextAndMarkdownMatchTheirGoldenFiles) {
  for (auto [format, file] : {std::pair{"text", "worked-report.txt"}, std::pair{"md", "worked-report.md"}}) {
    auto r = sextant({"--format", format, "report"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    fs::path golden = source_dir() / "tests/data/golden" / file;
    if (std::getenv("SEXTANT_UPDATE_GOLDEN")) write_file(golden, r.out);
    EXPECT_EQ(r.out, read_file(golden)) << file;
    if (std::string(format) == "text") {
      std::size_t widest = 0, start = 0;
      for (auto nl = r.out.find('\n'); nl != std::string::npos; start = nl + 1, nl = r.out.find('\n', start)) {
        std::size_t columns = 0;
        for (std::size_t i = start; i < nl; ++i) columns += (static_cast<unsigned char>(r.out[i]) & 0xC0) != 0x80;
        widest = std::max(widest, columns);
      }
      EXPECT_LE(widest, 100u);
    }
  }
}

}  // namespace
}  // namespace sextant::test
