// A report whose figures would not fit in 64 bits fails with an error naming the figure and the
// plan field to blame, never a wrapped value (before: `total resources -92233720368442958.09`,
// and signed overflow under UBSan). The plan reader keeps amounts within ±10^13 minor units, so
// these plans are built by hand, as only a huge plan or history can reach the limit.
#include <sextant/plugin/money.hpp>
#include <sextant/report/build_report.hpp>

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace sextant::report {
namespace {

using namespace std::chrono;

constexpr std::int64_t kTwoTo62 = INT64_C(1) << 62;  // 4611686018427387904: two of them are 2^63

plan::Plan one_priority_plan() {
  plan::Plan p;
  p.id = "overflow";
  p.year = 2026;
  p.shop = {"Overflow", "EUR", 2, "UTC", January / 1};
  p.vision = {"grow", "revenue_excl_tax", {metrics::Unit::money, 100, 0.0}, sys_days{2027y / December / 31}, std::nullopt};
  p.margin_rate = 0.5;
  p.capacity.hours_per_month = 100;
  plan::Priority priority;
  priority.id = "p1";
  priority.quadrant = "attack/sell";
  priority.title = "p1";
  priority.lever = {"gross_sales", 1000, 2026y / January};
  p.priorities.push_back(priority);
  return p;
}

// Nothing held: the shop opens on `today`.
History empty_history(sys_days today) {
  History h;
  h.first = today;
  h.last = today - days{1};
  return h;
}

// The whole of 2025 held, all zero but for one day's sales of `gross_sales` in January.
History year_with_one_big_day(std::int64_t gross_sales) {
  History h;
  h.first = sys_days{2025y / January / 1};
  h.last = sys_days{2025y / December / 31};
  for (sys_days d = h.first; d <= h.last; d += days{1}) h.days.push_back(metrics::DayFigures{d});
  h.days[9].gross_sales = gross_sales;  // 2025-01-10
  h.days[9].orders = 1;
  h.years[2025] = h.sum(h.first, h.last);
  return h;
}

const std::string kLimit =
    " would go beyond 92233720368547758.07 EUR, the most Sextant can count; amounts are at most "
    "100000000000.00 each";

TEST(ReportOverflow, TwoCapitalsBeyond64BitsBlameTheSecond) {
  auto plan = one_priority_plan();
  plan.financing.push_back({"capital", "seed", 0, 0, kTwoTo62, 2026y / January, 0, 0});
  plan.financing.push_back({"capital", "more", 0, 0, kTwoTo62, 2026y / January, 0, 0});
  const sys_days today{2026y / February / 1};
  auto built = build_report(plan, empty_history(today), today, {}, "UTC");
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, Errc::invalid_input);
  EXPECT_EQ(built.error().field, "/financing/1");  // 2^62 + 2^62 = 2^63 = INT64_MAX + 1
  EXPECT_EQ(built.error().message, "the total of the resources" + kLimit);
}

TEST(ReportOverflow, AmountsAtTheBoundAddUpExactly) {
  auto plan = one_priority_plan();
  plan.financing.push_back({"capital", "seed", 0, 0, kAmountBound, 2026y / January, 0, 0});
  plan.financing.push_back({"savings", "savings", kAmountBound, 0, 0, 2026y / January, 0, 0});
  const sys_days today{2026y / February / 1};
  auto built = build_report(plan, empty_history(today), today, {}, "UTC");
  ASSERT_TRUE(built) << built.error().message;
  // 10^13 of capital + 12 months × 10^13 of savings = 13 × 10^13, and no use of it.
  EXPECT_EQ(built->financing.total_resources, INT64_C(130'000'000'000'000));
  EXPECT_EQ(built->financing.total_uses, 0);
  EXPECT_EQ(built->financing.cumulative.front(), INT64_C(20'000'000'000'000));
  EXPECT_EQ(built->financing.cumulative.back(), INT64_C(130'000'000'000'000));
}

TEST(ReportOverflow, ALeverOnAHugeHistoryBlamesItsPriority) {
  // January 2025 sold 2^60 = 1152921504606846976; +1000 % is ×10: 1.15 × 10^19 > INT64_MAX.
  auto plan = one_priority_plan();
  const sys_days today{2026y / February / 1};
  auto built = build_report(plan, year_with_one_big_day(INT64_C(1) << 60), today, {}, "UTC");
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().field, "/priorities/0");
  EXPECT_EQ(built.error().message, "the extra revenue of the lever" + kLimit);
}

TEST(ReportOverflow, ALeverJustUnderTheLimitIsComputed) {
  // 2^59 × 10 = 5764607523034234880 fits: January's extra revenue, margin half of it.
  auto plan = one_priority_plan();
  const sys_days today{2026y / February / 1};
  auto built = build_report(plan, year_with_one_big_day(INT64_C(1) << 59), today, {}, "UTC");
  ASSERT_TRUE(built) << built.error().message;
  const auto& v = built->valuation.priorities.at(0);
  EXPECT_EQ(v.extra_revenue.at(0), INT64_C(5764607523034234880));
  EXPECT_EQ(v.extra_margin.at(0), INT64_C(2882303761517117440));
  EXPECT_EQ(v.total_extra_revenue, INT64_C(5764607523034234880));  // the other months sold nothing
}

TEST(ReportOverflow, AHistoryBeyond64BitsIsAnErrorOfTheLedger) {
  // Two days of 2^62 gross sales: 2^63 over the year, one beyond INT64_MAX.
  auto plan = one_priority_plan();
  History h;
  h.first = sys_days{2025y / January / 1};
  h.last = sys_days{2025y / December / 31};
  for (sys_days d = h.first; d <= h.last; d += days{1}) h.days.push_back(metrics::DayFigures{d});
  h.days[0].gross_sales = h.days[1].gross_sales = kTwoTo62;
  const sys_days today{2026y / February / 1};
  auto built = build_report(plan, h, today, {}, "UTC");
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().code, Errc::io);
  EXPECT_EQ(built.error().message, "the ledger's history cannot be added up: gross sales add up beyond 64 bits");
}

TEST(DayFiguresOverflow, SumsAndDerivedFiguresRefuseToWrap) {
  metrics::DayFigures a, b;
  a.gross_sales = std::numeric_limits<std::int64_t>::max() - 1;
  b.gross_sales = 1;
  a += b;
  EXPECT_EQ(a.gross_sales, std::numeric_limits<std::int64_t>::max());  // INT64_MAX itself still fits
  EXPECT_THROW(a += b, std::overflow_error);
  metrics::DayFigures c;
  c.gross_sales = 0;
  c.discounts = std::numeric_limits<std::int64_t>::max();
  c.returns = 2;  // 0 - INT64_MAX - 2 = INT64_MIN - 1
  EXPECT_THROW((void)c.net_sales(), std::overflow_error);
  c.returns = 1;  // 0 - INT64_MAX - 1 = INT64_MIN exactly
  EXPECT_EQ(c.net_sales(), std::numeric_limits<std::int64_t>::min());
}

}  // namespace
}  // namespace sextant::report
