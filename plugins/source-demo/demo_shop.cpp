#include "demo_shop.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sextant::demo {

namespace {

using namespace std::chrono;

// SplitMix64: tiny, fast and identical on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }
  int poisson(double mean) {
    if (mean > 30) {  // normal approximation, Box-Muller
      double u1 = uniform(), u2 = uniform();
      double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
      return std::max(0, static_cast<int>(std::lround(mean + z * std::sqrt(mean))));
    }
    double limit = std::exp(-mean), product = uniform();
    int n = 0;
    while (product > limit) {
      ++n;
      product *= uniform();
    }
    return n;
  }

 private:
  std::uint64_t state_;
};

std::uint64_t day_seed(std::uint64_t seed, sys_days day, std::uint64_t stream) {
  Rng mix(seed ^ (static_cast<std::uint64_t>(day.time_since_epoch().count()) * 0x9E3779B97F4A7C15ULL) ^ (stream << 56));
  return mix.next();
}

struct Product {
  const char* sku;
  std::int64_t price;  // minor units, excl. tax
  int tax_bp;
};

// A linen shop: household linen at 20 %, soap at 10 %, books and tea at 5.5 %.
constexpr std::array<Product, 8> kProducts{{
    {"LIN-SHEET", 8900, 2000}, {"LIN-DUVET", 12900, 2000}, {"LIN-PILLOW", 2500, 2000}, {"LIN-TOWEL", 1990, 2000},
    {"LIN-NAPKIN", 1250, 2000}, {"SOAP-FLAX", 650, 1000}, {"BOOK-LINEN", 2400, 550}, {"TEA-HERBAL", 840, 550},
}};

// Q4 peak, summer dip.
constexpr std::array<double, 12> kMonthFactor{0.85, 0.80, 0.90, 0.95, 1.00, 0.90, 0.75, 0.70, 0.95, 1.05, 1.45, 1.65};
constexpr std::array<double, 7> kWeekdayFactor{1.15, 1.05, 0.95, 0.95, 0.95, 1.00, 0.95};  // Sunday first
// Share of the day's orders placed in each UTC hour: quiet nights, busy evenings.
constexpr std::array<int, 24> kHourWeight{2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 7, 6, 6, 6, 7, 8, 9, 10, 9, 6, 3};

std::int64_t percent_of(std::int64_t amount, int basis_points) {  // rounded half up, amounts ≥ 0
  return (amount * basis_points + 5000) / 10000;
}

int pick_hour(Rng& rng) {
  int total = 0;
  for (int w : kHourWeight) total += w;
  int r = rng.between(0, total - 1);
  for (int h = 0; h < 24; ++h) {
    if (r < kHourWeight[static_cast<std::size_t>(h)]) return h;
    r -= kHourWeight[static_cast<std::size_t>(h)];
  }
  return 23;
}

std::string pad(long value, int width) {
  std::string s = std::to_string(value);
  return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

std::string guest_email(Rng& rng, int number) {
  std::string local = "guest" + std::to_string(number);
  // The same guest types their address differently from one order to the next.
  switch (rng.between(0, 5)) {
    case 0: return "Guest" + std::to_string(number) + "@Example.org";
    case 1: return " " + local + "@example.org ";
    default: return local + "@example.org";
  }
}

}  // namespace

std::string Order::status(sys_seconds now) const {
  if (refund && refund->full && refund->created_at <= now) return "refunded";
  if (initial_status == "completed" && now < completed_at()) return "processing";
  return initial_status;
}

sys_seconds Order::updated_at(sys_seconds now) const {
  if (refund && refund->created_at <= now) return refund->created_at;
  if (initial_status == "completed" && completed_at() <= now) return completed_at();
  return placed_at;
}

double DemoShop::expected_orders(sys_days day) const {
  double years = static_cast<double>((day - settings_.opening).count()) / 365.25;
  year_month_day ymd{day};
  weekday wd{day};
  return settings_.daily_orders * std::pow(1.0 + settings_.yearly_growth, years) *
         kMonthFactor[static_cast<unsigned>(ymd.month()) - 1] * kWeekdayFactor[wd.c_encoding()];
}

std::vector<Order> DemoShop::orders_placed_on(sys_days day) const {
  std::vector<Order> orders;
  if (day < settings_.opening) return orders;
  Rng rng(day_seed(settings_.seed, day, 1));
  int count = rng.poisson(expected_orders(day));
  long age = (day - settings_.opening).count();
  year_month_day ymd{day};
  std::string prefix = "D" + pad(static_cast<int>(ymd.year()), 4) + pad(static_cast<unsigned>(ymd.month()), 2) +
                       pad(static_cast<unsigned>(ymd.day()), 2) + "-";
  std::vector<sys_seconds> times;
  for (int i = 0; i < count; ++i)
    times.push_back(day + hours{pick_hour(rng)} + minutes{rng.between(0, 59)} + seconds{rng.between(0, 59)});
  std::sort(times.begin(), times.end());

  for (int i = 0; i < count; ++i) {
    Order o;
    o.id = prefix + pad(i + 1, 4);
    o.placed_at = times[static_cast<std::size_t>(i)];
    double r = rng.uniform();
    o.initial_status = r < 0.02 ? "failed" : r < 0.04 ? "pending" : r < 0.07 ? "cancelled" : "completed";
    if (rng.chance(0.35)) o.email = guest_email(rng, rng.between(1, static_cast<int>(100 + 15 * age)));
    else o.customer_id = "C" + std::to_string(rng.between(1, static_cast<int>(200 + 25 * age)));
    if (!o.customer_id.empty()) o.email = "customer" + o.customer_id.substr(1) + "@example.org";

    bool coupon = rng.chance(0.15);
    int lines = rng.between(1, 4);
    std::int64_t net = 0;
    for (int l = 0; l < lines; ++l) {
      const Product& p = kProducts[static_cast<std::size_t>(rng.between(0, kProducts.size() - 1))];
      Line line{p.sku, rng.chance(0.75) ? 1 : rng.between(2, 3), p.price, p.tax_bp, 0, 0};
      std::int64_t gross = line.unit_price * line.quantity;
      line.discount = coupon ? percent_of(gross, 1000) : 0;
      line.tax = percent_of(gross - line.discount, line.tax_bp);
      net += gross - line.discount;
      o.lines.push_back(std::move(line));
    }
    o.shipping = net >= 8000 ? 0 : 590;
    o.shipping_tax = percent_of(o.shipping, 2000);

    if (o.initial_status == "completed" && rng.chance(0.05)) {
      Refund refund;
      refund.id = "R" + o.id.substr(1);
      refund.created_at = o.placed_at + days{rng.between(2, 25)} + hours{rng.between(0, 8)};
      refund.full = rng.chance(0.6);
      for (std::size_t l = 0; l < (refund.full ? o.lines.size() : 1); ++l) {
        refund.returns += o.lines[l].unit_price * o.lines[l].quantity - o.lines[l].discount;
        refund.taxes += o.lines[l].tax;
      }
      if (refund.full) {
        refund.shipping = o.shipping;
        refund.taxes += o.shipping_tax;
      }
      o.refund = std::move(refund);
    }
    orders.push_back(std::move(o));
  }
  return orders;
}

std::int64_t DemoShop::sessions_on(sys_days day) const {
  if (day < settings_.opening) return 0;
  Rng rng(day_seed(settings_.seed, day, 2));
  double years = static_cast<double>((day - settings_.opening).count()) / 365.25;
  double conversion = 0.016 + 0.002 * years;
  double noise = 0.9 + 0.2 * rng.uniform();
  return std::llround(expected_orders(day) / conversion * noise);
}

}  // namespace sextant::demo
