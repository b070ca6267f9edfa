// Properties of the report over generated plans and histories: the bridge's effects add up to
// the revenue change and each is within one minor unit of its exact value; sources and uses add
// up line by line and month by month; targets add up to their objective; the same inputs give
// the same report, byte for byte.
#include <sextant/metrics/levers.hpp>
#include <sextant/report/build_report.hpp>
#include <sextant/report/report_document.hpp>
#include <sextant/report/report_json.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <random>

namespace sextant::report {
namespace {

using namespace std::chrono;

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::int64_t amount(std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_); }
  double fraction() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

  plan::Plan plan() {
    plan::Plan p;
    p.id = "generated";
    p.year = 2026;
    p.shop = {"Generated", "EUR", 2, "UTC", month{static_cast<unsigned>(between(1, 12))} / 1};
    p.vision = {"grow", "revenue_excl_tax", {metrics::Unit::money, amount(1'000'000, 100'000'000), 0.0},
                sys_days{year{2026 + between(1, 5)} / 12 / 31}, std::nullopt};
    p.margin_rate = fraction();
    p.capacity.hours_per_month = between(10, 400);
    p.working_capital = {fraction() * 30, fraction() * 120, fraction() * 60};
    const char* quadrants[] = {"attack/sell", "attack/manage", "defend/sell", "defend/manage"};
    auto months = fiscal_months(p, p.year);
    auto levers = metrics::lever_kpis();
    for (int i = 0; i < 4; ++i) {
      plan::Priority pr;
      pr.id = "p" + std::to_string(i + 1);
      pr.quadrant = quadrants[i];
      pr.title = pr.id;
      pr.lever = {std::string(levers[static_cast<std::size_t>(between(0, static_cast<int>(levers.size()) - 1))]),
                  between(-30, 50) + fraction(), months[static_cast<std::size_t>(between(0, 11))]};
      for (int c = between(0, 3); c > 0; --c) {
        plan::Cost cost;
        cost.label = "cost" + std::to_string(c);
        if (between(0, 1)) cost.monthly = amount(0, 50'000);
        else cost.one_off = amount(0, 500'000);
        cost.month = months[static_cast<std::size_t>(between(0, 11))];
        cost.external = between(0, 1) == 1;
        pr.costs.push_back(cost);
      }
      pr.workload_hours = between(0, 300);
      if (between(0, 3) == 0) pr.working_capital = amount(-100'000, 100'000);
      p.priorities.push_back(pr);
      for (int a = between(1, 3); a > 0; --a) {
        plan::Action action;
        action.id = pr.id + "a" + std::to_string(a);
        action.priority = pr.id;
        action.what = action.who = action.for_whom = action.how = "x";
        action.who = "owner" + std::to_string(between(1, 3));
        action.when = sys_days{months[static_cast<std::size_t>(between(0, 10))] / 1} + days{between(0, 20)};
        action.days = between(1, 30);
        p.actions.push_back(action);
      }
    }
    p.financing.push_back({"savings", "s", amount(0, 20'000), 0, 0, months[0], 0, 0});
    p.financing.push_back({"margin_share", "m", 0, fraction(), 0, std::nullopt, 0, 0});
    p.financing.push_back({"capital", "c", 0, 0, amount(0, 1'000'000), months[static_cast<std::size_t>(between(0, 11))], 0, 0});
    p.financing.push_back({"loan", "l", 0, 0, amount(1, 1'000'000), months[static_cast<std::size_t>(between(0, 11))],
                           between(1, 36), fraction() * 0.2});
    return p;
  }

  /// Days from `first` (by default, a day early in 2023 or 2024) to the day before `today`.
  History history(const plan::Plan& p, sys_days today, std::optional<sys_days> first = std::nullopt) {
    History h;
    h.first = first.value_or(sys_days{year{2023} / 1 / 1} + days{between(0, 400)});
    h.last = today - days{1};
    for (sys_days d = h.first; d <= h.last; d += days{1}) {
      metrics::DayFigures f{d};
      f.orders = between(0, 40);
      f.items = f.orders * between(1, 3);
      f.gross_sales = f.orders * amount(1'000, 20'000);
      f.discounts = f.gross_sales / between(5, 50);
      f.returns = between(0, 4) == 0 ? f.gross_sales / between(2, 20) : 0;
      f.shipping = f.orders * amount(0, 800);
      f.taxes = f.gross_sales / 5;
      f.customers = f.orders - between(0, static_cast<int>(f.orders) / 2);
      f.new_customers = f.customers / between(1, 4);
      f.sessions = f.orders * between(20, 80) + between(0, 100);
      h.days.push_back(f);
    }
    for (int y = p.year - 2; y <= p.year; ++y) {
      sys_days from = std::max(fiscal_start(p, y), h.first), to = std::min(fiscal_end(p, y), h.last);
      if (from > to) continue;
      auto total = h.sum(from, to);
      total.customers = total.customers / 3;  // distinct over the year: fewer than summed per day
      total.new_customers = std::min(total.new_customers, total.customers);
      h.years[y] = total;
    }
    return h;
  }

 private:
  std::mt19937_64 rng_;
};

TEST(ReportProperties, HoldOverGeneratedPlansAndHistories) {
  const std::uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  Generator g(seed);
  int bridges = 0;
  for (int trial = 0; trial < 150; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    auto plan = g.plan();
    sys_days today = plan.year_start() + days{g.between(0, 364)};
    auto history = g.history(plan, today);
    auto built = build_report(plan, history, today, {}, "UTC");
    ASSERT_TRUE(built) << built.error().message;
    const auto& report = *built;

    const auto& b = report.review.bridge;
    if (b.available) {
      ++bridges;
      EXPECT_EQ(b.sessions_effect + b.conversion_effect + b.value_effect, b.revenue_to - b.revenue_from);
      double r0 = static_cast<double>(b.revenue_from), r1 = static_cast<double>(b.revenue_to);
      double weight = r0 == r1 ? r0 : (r1 - r0) / (std::log(r1) - std::log(r0));
      double value_exact = weight * std::log((r1 / static_cast<double>(b.orders_to)) / (r0 / static_cast<double>(b.orders_from)));
      double sessions_exact = weight * std::log(static_cast<double>(b.sessions_to) / static_cast<double>(b.sessions_from));
      EXPECT_LE(std::abs(static_cast<double>(b.sessions_effect) - sessions_exact), 0.5 + 1e-6);
      EXPECT_LE(std::abs(static_cast<double>(b.value_effect) - value_exact), 1.0 + 1e-6);
    }

    const auto& f = report.financing;
    auto check_lines = [&](const std::vector<CashLine>& lines, const std::vector<std::int64_t>& by_month,
                           std::int64_t total) {
      std::int64_t sum_of_totals = 0;
      for (const auto& l : lines) {
        std::int64_t months_sum = 0;
        for (auto v : l.months) months_sum += v;
        EXPECT_EQ(months_sum, l.total) << l.label;
        sum_of_totals += l.total;
      }
      EXPECT_EQ(sum_of_totals, total);
      for (std::size_t i = 0; i < by_month.size(); ++i) {
        std::int64_t column = 0;
        for (const auto& l : lines) column += l.months[i];
        EXPECT_EQ(column, by_month[i]);
      }
    };
    check_lines(f.uses, f.uses_by_month, f.total_uses);
    check_lines(f.resources, f.resources_by_month, f.total_resources);
    EXPECT_EQ(f.cumulative.back(), f.total_resources - f.total_uses);

    std::int64_t months = 0, days_total = 0;
    for (auto v : report.vision.month_targets) months += v;
    for (const auto& [day, v] : report.vision.day_targets) days_total += v;
    EXPECT_EQ(months, report.vision.objective);
    EXPECT_EQ(days_total, report.vision.objective);

    auto again = build_report(plan, history, today, {}, "UTC").value();
    EXPECT_EQ(boost::json::serialize(to_json(report)), boost::json::serialize(to_json(again)));
    EXPECT_EQ(to_text(to_document(report)), to_text(to_document(again)));
    EXPECT_EQ(to_markdown(to_document(report)), to_markdown(to_document(again)));
  }
  EXPECT_GT(bridges, 100);
}

TEST(ReportProperties, EveryDayGetsTheSameTargetWithoutAWholeYearBefore) {
  const std::uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  Generator g(seed);
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    auto plan = g.plan();
    // Every fiscal year 2026 (whichever month it starts) has 365 days: 36 500 000 / 365 = 100 000 a day.
    plan.objectives[plan.year]["revenue_excl_tax"] = {metrics::Unit::money, 36'500'000, 0.0};
    sys_days today = plan.year_start() + days{g.between(0, 364)};
    // The shop opened during the year before, or this year, or (after today) has no day yet.
    auto history = g.history(plan, today, fiscal_start(plan, plan.year - 1) + days{g.between(1, 800)});
    auto built = build_report(plan, history, today, {}, "UTC");
    ASSERT_TRUE(built) << built.error().message;
    const auto& report = *built;
    const auto& v = report.vision;
    EXPECT_FALSE(v.seasonal);
    EXPECT_EQ(v.objective, 36'500'000);
    ASSERT_EQ(v.day_targets.size(), 365u);
    for (std::size_t d = 0; d < v.day_targets.size(); ++d) EXPECT_EQ(v.day_targets[d].second, 100'000) << "day " << d;
    auto months = fiscal_months(plan, plan.year);
    ASSERT_EQ(v.month_targets.size(), months.size());
    for (std::size_t i = 0; i < months.size(); ++i) {
      auto length = (sys_days{(months[i] + std::chrono::months{1}) / 1} - sys_days{months[i] / 1}).count();
      EXPECT_EQ(v.month_targets[i], 100'000 * length) << "month " << i;
    }
    EXPECT_FALSE(to_text(to_document(report)).empty());
  }
}

}  // namespace
}  // namespace sextant::report
