// The demo shop's figures, recomputed for a whole year straight from the generator's order list
// (not through the plugin, the ledger or the metrics code), equal `sextant metrics --format
// json` to the cent. The demo shop itself must look like a shop: seasonality, growth, refunds
// days after their orders, guests and registered customers, several tax rates.
#include "demo_shop.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <date/tz.h>
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>

namespace sextant::test {
namespace {

using namespace std::chrono;

struct Expected {
  std::int64_t orders = 0, items = 0, gross = 0, discounts = 0, returns = 0, shipping = 0, taxes = 0, sessions = 0;
  std::set<std::string> customers;
  std::int64_t new_customers = 0;
};

std::string cents(std::int64_t v) {  // written here, not with the code under test
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", v < 0 ? "-" : "", static_cast<long long>(std::llabs(v) / 100),
                static_cast<long long>(std::llabs(v) % 100));
  return buf;
}

std::string key_of(const demo::Order& o) {
  if (!o.customer_id.empty()) return "id:" + o.customer_id;
  std::string e;
  for (char c : o.email)
    if (!std::isspace(static_cast<unsigned char>(c))) e += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "email:" + e;
}

const demo::ShopSettings kSettings{42, sys_days{year{2024} / 7 / 1}, 40, 0.35};
const sys_seconds kNow = sys_days{year{2026} / 2 / 15} + hours{12};  // --today 2026-02-15

TEST(DemoShop, AYearOfMetricsEqualsTheGeneratorsOwnOrdersToTheCent) {
  // Independent computation, per local day of Europe/Paris.
  const auto* paris = date::locate_zone("Europe/Paris");
  auto local_day = [&](sys_seconds t) { return floor<days>(paris->to_local(t).time_since_epoch()); };
  const std::set<std::string> counted{"completed", "processing", "refunded"};
  demo::DemoShop shop(kSettings);
  std::map<long, Expected> by_day;  // days since epoch → figures
  std::map<std::string, long> first_day;
  for (sys_days d = kSettings.opening; d <= floor<days>(kNow); d += days{1}) {
    by_day[d.time_since_epoch().count()].sessions = shop.sessions_on(d);
    for (const auto& o : shop.orders_placed_on(d)) {
      if (o.placed_at > kNow || !counted.contains(o.status(kNow))) continue;
      long day = local_day(o.placed_at).count();
      auto& e = by_day[day];
      ++e.orders;
      for (const auto& l : o.lines) {
        e.items += l.quantity;
        e.gross += l.unit_price * l.quantity;
        e.discounts += l.discount;
        e.taxes += l.tax;
      }
      e.shipping += o.shipping;
      e.taxes += o.shipping_tax;
      std::string key = key_of(o);
      e.customers.insert(key);
      auto [it, fresh] = first_day.emplace(key, day);
      if (!fresh) it->second = std::min(it->second, day);
      if (o.refund && o.refund->created_at <= kNow) {
        auto& r = by_day[local_day(o.refund->created_at).count()];
        r.returns += o.refund->returns;
        r.shipping -= o.refund->shipping;
        r.taxes -= o.refund->taxes;
      }
    }
  }
  for (const auto& [key, day] : first_day) ++by_day[day].new_customers;

  // The same year through Sextant.
  ScratchDir dir;
  write_file(dir / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  write_file(dir / "sextant.json",
             R"({"sources": [{"plugin": "demo", "settings": {"seed": 42, "opening": "2024-07-01"}}]})");
  ProcessOptions in_dir{dir.path(), {}};
  auto sync = run({sextant_program(), "--today", "2026-02-15", "-q", "sync"}, in_dir);
  ASSERT_EQ(sync.exit_code, 0) << sync.err;
  auto r = run({sextant_program(), "--today", "2026-02-15", "metrics", "--from", "2025-01-01", "--to", "2025-12-31",
                "--format", "json"},
               in_dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out);
  const auto& days_json = doc.at("days").as_array();
  ASSERT_EQ(days_json.size(), 365u);

  Expected year_total;
  for (const auto& d : days_json) {
    std::string label(d.at("day").as_string());
    long day = (sys_days{year{std::stoi(label.substr(0, 4))} / std::stoi(label.substr(5, 2)) / std::stoi(label.substr(8, 2))})
                   .time_since_epoch()
                   .count();
    const Expected& e = by_day[day];
    SCOPED_TRACE(label);
    EXPECT_EQ(d.at("orders").as_int64(), e.orders);
    EXPECT_EQ(d.at("items").as_int64(), e.items);
    EXPECT_EQ(d.at("gross_sales").as_string(), cents(e.gross));
    EXPECT_EQ(d.at("discounts").as_string(), cents(e.discounts));
    EXPECT_EQ(d.at("returns").as_string(), cents(e.returns));
    EXPECT_EQ(d.at("net_sales").as_string(), cents(e.gross - e.discounts - e.returns));
    EXPECT_EQ(d.at("shipping").as_string(), cents(e.shipping));
    EXPECT_EQ(d.at("taxes").as_string(), cents(e.taxes));
    EXPECT_EQ(d.at("total_sales").as_string(), cents(e.gross - e.discounts - e.returns + e.shipping + e.taxes));
    EXPECT_EQ(d.at("revenue_excl_tax").as_string(), cents(e.gross - e.discounts - e.returns + e.shipping));
    EXPECT_EQ(d.at("customers").as_int64(), static_cast<std::int64_t>(e.customers.size()));
    EXPECT_EQ(d.at("new_customers").as_int64(), e.new_customers);
    EXPECT_EQ(d.at("sessions").as_int64(), e.sessions);
    if (e.orders > 0) {
      std::int64_t sales = e.gross - e.discounts;  // positive: half up is half away from zero
      EXPECT_EQ(d.at("aov").as_string(), cents((2 * sales + e.orders) / (2 * e.orders)));
    }
    EXPECT_NEAR(d.at("conversion_rate").as_double(), static_cast<double>(e.orders) / static_cast<double>(e.sessions), 1e-12);
    year_total.orders += e.orders;
    year_total.gross += e.gross;
    year_total.returns += e.returns;
    year_total.customers.insert(e.customers.begin(), e.customers.end());
  }
  const auto& totals = doc.at("totals");
  EXPECT_EQ(totals.at("orders").as_int64(), year_total.orders);
  EXPECT_EQ(totals.at("gross_sales").as_string(), cents(year_total.gross));
  EXPECT_EQ(totals.at("returns").as_string(), cents(year_total.returns));
  EXPECT_EQ(totals.at("customers").as_int64(), static_cast<std::int64_t>(year_total.customers.size()));
  EXPECT_GT(year_total.orders, 15000);  // a shop of some size, not an empty year
}

TEST(DemoShop, LooksLikeAShop) {
  demo::DemoShop shop(demo::ShopSettings{42, sys_days{year{2023} / 1 / 1}, 40, 0.35});
  auto month_orders = [&](int y, unsigned m) {
    std::size_t n = 0;
    for (sys_days d = sys_days{year{y} / m / 1}; d < sys_days{(year{y} / m / 1) + months{1}}; d += days{1})
      n += shop.orders_placed_on(d).size();
    return n;
  };
  // A Q4 peak, a summer dip, growth from one year to the next.
  EXPECT_GT(month_orders(2024, 12), month_orders(2024, 9) * 14 / 10);
  EXPECT_LT(month_orders(2024, 8), month_orders(2024, 5) * 8 / 10);
  EXPECT_GT(month_orders(2025, 5), month_orders(2024, 5) * 12 / 10);

  std::set<int> tax_rates;
  int guests = 0, registered = 0, refunds = 0, late_refunds = 0, discounted = 0, shipped = 0;
  std::set<std::string> ids;
  for (sys_days d = sys_days{year{2024} / 3 / 1}; d < sys_days{year{2024} / 4 / 1}; d += days{1}) {
    for (const auto& o : shop.orders_placed_on(d)) {
      (o.customer_id.empty() ? guests : registered)++;
      for (const auto& l : o.lines) {
        tax_rates.insert(l.tax_bp);
        if (l.discount > 0) ++discounted;
      }
      if (o.shipping > 0) ++shipped;
      if (o.refund) {
        ++refunds;
        if (o.refund->created_at - o.placed_at >= days{2}) ++late_refunds;
      }
      EXPECT_TRUE(ids.insert(o.id).second) << "two orders share the id " << o.id;
    }
  }
  EXPECT_EQ(tax_rates, (std::set<int>{550, 1000, 2000}));
  EXPECT_GT(guests, 100);
  EXPECT_GT(registered, 200);
  EXPECT_GT(refunds, 20);
  EXPECT_EQ(late_refunds, refunds);  // every refund comes days after its order
  EXPECT_GT(discounted, 50);
  EXPECT_GT(shipped, 100);
}

TEST(DemoShop, IsDeterministicPerSeedAndDay) {
  demo::DemoShop a(kSettings), b(kSettings), other(demo::ShopSettings{43, kSettings.opening, 40, 0.35});
  sys_days d{year{2025} / 6 / 3};
  auto x = a.orders_placed_on(d), y = b.orders_placed_on(d), z = other.orders_placed_on(d);
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].id, y[i].id);
    EXPECT_EQ(x[i].placed_at, y[i].placed_at);
    EXPECT_EQ(x[i].lines.size(), y[i].lines.size());
  }
  EXPECT_NE(x.size() * 1000 + x.front().lines.size(), z.size() * 1000 + z.front().lines.size());
}

}  // namespace
}  // namespace sextant::test
