// source-demo: serves the synthetic demo shop through the source contract, page by page (one
// UTC day a page), as a real shop API would: orders modified since the cursor, refunds on their
// own dates, sessions per day.
#include "demo_shop.hpp"
#include "source_demo_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <array>
#include <charconv>
#include <map>

namespace {

using namespace std::chrono;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;

constexpr std::array<std::string_view, 3> kCounted{"completed", "processing", "refunded"};
constexpr days kRefundHorizon{30};  // a refund comes at most this long after its order

sextant::OrderFact to_fact(const sextant::demo::Order& o, sys_seconds now) {
  sextant::OrderFact f;
  f.id = o.id;
  f.placed_at = o.placed_at;
  f.updated_at = o.updated_at(now);
  f.status = o.status(now);
  f.customer_id = o.customer_id;
  f.email = o.email;
  for (const auto& line : o.lines) {
    f.items += line.quantity;
    f.gross_sales += line.unit_price * line.quantity;
    f.discounts += line.discount;
    f.taxes += line.tax;
  }
  f.shipping = o.shipping;
  f.taxes += o.shipping_tax;
  return f;
}

class DemoSource final : public sextant::plugin::Source {
 public:
  DemoSource(sextant::demo::ShopSettings settings, sextant::plugin::Host& host) : shop_(settings), host_(host) {}

  Result<> check() override { return {}; }  // nothing to reach: the shop lives in this process

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    const sys_seconds now = host_.now();
    sys_seconds from = sys_seconds{shop_.settings().opening};
    if (!request.cursor.empty()) {
      long long at = 0;
      const auto& c = request.cursor;
      if (std::from_chars(c.data(), c.data() + c.size(), at).ec != std::errc{})
        return make_error(Errc::invalid_input, "the stored cursor \"" + c + "\" is not one of source-demo's");
      from = std::max(from, sys_seconds{seconds{at}} - request.overlap);
    }
    if (from > now) return {};
    const sys_days first = floor<days>(from), last = floor<days>(now);
    const auto total = (last - first).count() + 1;
    std::map<sys_days, std::vector<sextant::demo::Order>> placed;  // a sliding window of generated days

    for (sys_days day = first; day <= last; day += days{1}) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      for (sys_days d = day - kRefundHorizon; d <= day; d += days{1})
        if (!placed.contains(d)) placed.emplace(d, shop_.orders_placed_on(d));
      while (!placed.empty() && placed.begin()->first < day - kRefundHorizon) placed.erase(placed.begin());

      const sys_seconds begin = std::max(from, sys_seconds{day});
      const sys_seconds end = std::min(now, sys_seconds{day + days{1}} - seconds{1});
      sextant::Page page;
      for (const auto& [d, orders] : placed) {
        for (const auto& o : orders) {
          if (o.placed_at > now) continue;
          sys_seconds updated = o.updated_at(now);
          if (updated >= begin && updated <= end) page.orders.push_back(to_fact(o, now));
          if (o.refund && o.refund->created_at >= begin && o.refund->created_at <= end)
            page.refunds.push_back({o.refund->id, o.id, o.refund->created_at, o.refund->returns, o.refund->shipping,
                                    o.refund->taxes});
        }
      }
      std::int64_t sessions = shop_.sessions_on(day);
      if (day == last)  // today is not over: only the visits so far
        sessions = sessions * (now - sys_seconds{day}).count() / 86400;
      page.daily.push_back({day, "sessions", sessions});
      page.cursor = std::to_string((end + seconds{1}).time_since_epoch().count());
      page.total_hint = total;
      if (auto ok = out.emit(std::move(page)); !ok) return ok;
    }
    return {};
  }

 private:
  sextant::demo::DemoShop shop_;
  sextant::plugin::Host& host_;
};

class DemoFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{
        "A synthetic linen shop with years of seasonal, growing sales: try Sextant with no account anywhere",
        sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, {}, kCounted, {.orders = true, .sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"seed", "opening", "daily_orders", "yearly_growth"}); !ok) return ok.error();
    sextant::demo::ShopSettings shop;
    auto seed = s.integer("seed", 0, INT64_MAX, 42);
    if (!seed) return seed.error();
    shop.seed = static_cast<std::uint64_t>(*seed);
    auto opening = s.string("opening", "2023-01-01");
    if (!opening) return opening.error();
    auto day = sextant::parse_date(*opening);
    if (!day) return sextant::plugin::Settings::fail("opening", "\"" + *opening + "\" is not a date (YYYY-MM-DD)");
    shop.opening = *day;
    auto daily = s.number("daily_orders", 1, 10000, 40);
    if (!daily) return daily.error();
    shop.daily_orders = *daily;
    auto growth = s.number("yearly_growth", -0.9, 10, 0.35);
    if (!growth) return growth.error();
    shop.yearly_growth = *growth;
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<DemoSource>(shop, host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(DemoFactory, "demo", "1.0.0")
