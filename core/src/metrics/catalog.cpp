#include "sextant/metrics/catalog.hpp"

#include <algorithm>
#include <array>

namespace sextant::metrics {

namespace {
constexpr std::array<MetricDefinition, 16> kCatalog{{
    {"orders", Unit::count, true, "counted orders placed that day",
     "Orders placed that day whose status counts as a sale (no test, draft, failed, cancelled or unpaid orders)."},
    {"items", Unit::count, true, "units in those orders", "Units ordered in the counted orders."},
    {"gross_sales", Unit::money, true, "line prices x quantities, before discounts, excl. tax",
     "What the counted orders were worth at list price, without tax."},
    {"discounts", Unit::money, true, "order and line discounts, excl. tax", "Discounts granted on the counted orders, without tax."},
    {"returns", Unit::money, true, "refunded merchandise excl. tax, on the refund day",
     "Merchandise refunded that day, whatever day its order was placed."},
    {"net_sales", Unit::money, true, "gross_sales - discounts - returns", "Sales after discounts and returns, without tax."},
    {"shipping", Unit::money, true, "shipping charged - shipping refunded, excl. tax",
     "Shipping charged on the counted orders, less shipping refunded that day, without tax."},
    {"taxes", Unit::money, true, "taxes charged - taxes refunded", "Taxes charged that day less taxes refunded that day."},
    {"total_sales", Unit::money, true, "net_sales + shipping + taxes", "What customers paid, net of refunds, tax included."},
    {"revenue_excl_tax", Unit::money, true, "net_sales + shipping", "Revenue excluding tax (the plan's CA HT)."},
    {"customers", Unit::count, false, "distinct customers with a counted order",
     "Distinct customers who ordered; guests are told apart by their normalized e-mail."},
    {"new_customers", Unit::count, true, "customers whose first counted order ever is that day",
     "Customers ordering for the first time."},
    {"returning_customers", Unit::count, false, "customers - new_customers", "Customers who had ordered before."},
    {"sessions", Unit::count, true, "visits reported by an analytics source", "Visits to the shop."},
    {"aov", Unit::money, false, "(gross_sales - discounts) / orders", "Average order value, without tax or shipping."},
    {"conversion_rate", Unit::ratio, false, "orders / sessions", "Share of visits that ended in an order."},
}};

constexpr auto kIds = [] {
  std::array<std::string_view, kCatalog.size()> ids{};
  for (std::size_t i = 0; i < kCatalog.size(); ++i) ids[i] = kCatalog[i].id;
  return ids;
}();
}  // namespace

std::span<const MetricDefinition> catalog() { return kCatalog; }

std::span<const std::string_view> metric_ids() { return kIds; }

std::optional<MetricDefinition> find_metric(std::string_view id) {
  auto it = std::find_if(kCatalog.begin(), kCatalog.end(), [&](const auto& m) { return m.id == id; });
  if (it == kCatalog.end()) return std::nullopt;
  return *it;
}

}  // namespace sextant::metrics
