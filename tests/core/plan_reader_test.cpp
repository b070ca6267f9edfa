// The example plan reads into the typed model with every value where it belongs.
#include "support/process.hpp"

#include <sextant/plan/plan_reader.hpp>
#include <sextant/time/calendar.hpp>

#include <gtest/gtest.h>

namespace sextant::plan {
namespace {

TEST(PlanReader, ReadsTheExamplePlan) {
  json::Diagnostics out;
  auto plan = load_plan(test::source_dir() / "examples/plan.json", out);
  ASSERT_TRUE(plan) << json::to_string(out);
  EXPECT_EQ(plan->id, "maison-dupont");
  EXPECT_EQ(plan->shop.currency, "EUR");
  EXPECT_EQ(plan->shop.exponent, 2);
  EXPECT_EQ(plan->vision.target.units, 1'000'000'000);  // 10 000 000.00 EUR in cents
  EXPECT_EQ(time::format_date(plan->vision.by), "2030-12-31");
  EXPECT_EQ(plan->objectives.at(2025).at("revenue_excl_tax").units, 390'000'000);
  EXPECT_EQ(plan->objectives.at(2025).at("orders").units, 30'000);
  EXPECT_EQ(plan->objectives.at(2025).at("aov").units, 13'000);
  EXPECT_DOUBLE_EQ(plan->objectives.at(2025).at("conversion_rate").ratio, 0.021);
  ASSERT_EQ(plan->priorities.size(), 4u);
  EXPECT_EQ(plan->priorities[0].costs[1].one_off, 1'500'000);
  EXPECT_EQ(time::format_month(plan->priorities[0].costs[1].month.value()), "2026-02");
  EXPECT_EQ(plan->priorities[3].working_capital, 0);
  ASSERT_EQ(plan->financing.size(), 4u);
  EXPECT_EQ(plan->financing[3].repayment_months, 24);
  EXPECT_EQ(plan->actions.size(), 12u);
  EXPECT_EQ(time::format_date(plan->year_start()), "2026-01-01");
  EXPECT_EQ(time::format_date(plan->year_end()), "2026-12-31");
  EXPECT_EQ(plan->dashboard.kpis.size(), 4u);
}

TEST(PlanReader, AFiscalYearCanStartInAnyMonth) {
  std::string text = test::read_file(test::source_dir() / "tests/data/valid/plan.json");
  text.replace(text.find("\"01-01\""), 7, "\"04-01\"");
  json::Diagnostics out;
  auto doc = json::parse_document("plan.json", text, out);
  ASSERT_TRUE(doc);
  auto plan = read_plan(*doc, out);
  // The levers start in March, before an April fiscal year: now outside it.
  ASSERT_FALSE(plan);
  EXPECT_EQ(out.front().to_string(),
            "plan.json:25:57: /priorities/0/lever/from: \"2025-03\" is outside the plan year (2025-04-01 to "
            "2026-03-31)");
}

}  // namespace
}  // namespace sextant::plan
