// The demo shop: a seeded, deterministic synthetic linen shop with years of orders. Seasonality
// (a Q4 peak, a summer dip), growth, refunds days after their orders, guest and registered
// customers, three tax rates, shipping, discounts and daily sessions. Every day is generated
// from (seed, day) alone, so any window of history can be regenerated identically.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sextant::demo {

struct Line {
  std::string sku;
  int quantity = 1;
  std::int64_t unit_price = 0;  ///< minor units, excl. tax
  int tax_bp = 0;               ///< tax rate in basis points (2000 = 20 %)
  std::int64_t discount = 0;    ///< minor units, excl. tax
  std::int64_t tax = 0;         ///< on (unit_price × quantity − discount), rounded half up
};

struct Refund {
  std::string id;
  std::chrono::sys_seconds created_at{};
  bool full = false;            ///< the whole order (and its shipping) was refunded
  std::int64_t returns = 0;     ///< merchandise, excl. tax
  std::int64_t shipping = 0;
  std::int64_t taxes = 0;
};

struct Order {
  std::string id;
  std::chrono::sys_seconds placed_at{};
  std::string initial_status;   ///< "completed" (after "processing"), "cancelled", "failed" or "pending"
  std::string customer_id;      ///< "" for a guest
  std::string email;            ///< guests' e-mails come with stray capitals and spaces
  std::vector<Line> lines;
  std::int64_t shipping = 0;    ///< excl. tax
  std::int64_t shipping_tax = 0;
  std::optional<Refund> refund;

  /// A paid order is "processing" for two days, then "completed" (refunds come later still).
  [[nodiscard]] std::chrono::sys_seconds completed_at() const { return placed_at + std::chrono::hours{48}; }
  /// The status as the shop shows it at `now`: "processing" until shipped, "refunded" once a
  /// full refund has happened.
  [[nodiscard]] std::string status(std::chrono::sys_seconds now) const;
  /// The last change visible at `now`: the refund, the completion or the placement.
  [[nodiscard]] std::chrono::sys_seconds updated_at(std::chrono::sys_seconds now) const;
};

struct ShopSettings {
  std::uint64_t seed = 42;
  std::chrono::sys_days opening{std::chrono::year{2023} / 1 / 1};
  double daily_orders = 40;     ///< mean orders per day in the opening month, before seasonality
  double yearly_growth = 0.35;
};

/// The statuses the demo shop counts as sales.
inline constexpr const char* kCountedStatuses[] = {"completed", "processing", "refunded"};

class DemoShop {
 public:
  explicit DemoShop(ShopSettings settings) : settings_(settings) {}

  /// The orders placed during this UTC day (none before the opening day), in time order.
  [[nodiscard]] std::vector<Order> orders_placed_on(std::chrono::sys_days day) const;
  /// Visits on this calendar day (none before the opening day).
  [[nodiscard]] std::int64_t sessions_on(std::chrono::sys_days day) const;
  [[nodiscard]] const ShopSettings& settings() const { return settings_; }

 private:
  [[nodiscard]] double expected_orders(std::chrono::sys_days day) const;
  ShopSettings settings_;
};

}  // namespace sextant::demo
