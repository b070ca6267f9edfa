// What a source emits: orders, refunds and daily figures, normalized to integer minor units of
// the shop currency and UTC instants. The core turns them into days of the shop's time zone.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sextant {

/// The kinds of facts a source can bring: "orders" (orders and their refunds) and "sessions"
/// (daily visits). A shop takes each kind from one source only (the config's `facts`).
struct FactKinds {
  bool orders = false;
  bool sessions = false;
};

/// One order as the platform knows it, whatever its status; the core decides whether it counts
/// (from the source's counted statuses or the config's override).
struct OrderFact {
  std::string id;                          ///< platform order id, unique within the source
  std::chrono::sys_seconds placed_at{};    ///< when the order was placed (UTC)
  std::chrono::sys_seconds updated_at{};   ///< last modification (UTC), for cursors
  std::string status;                      ///< platform status as spelled by the platform ("test" for test orders)
  std::string customer_id;                 ///< platform customer id; empty for a guest
  std::string email;                       ///< as given; the core normalizes it to key guests
  std::int64_t items = 0;                  ///< units ordered
  std::int64_t gross_sales = 0;            ///< Σ line price × quantity, before discounts, excl. tax
  std::int64_t discounts = 0;              ///< order and line discounts, excl. tax (positive)
  std::int64_t shipping = 0;               ///< shipping charged, excl. tax
  std::int64_t taxes = 0;                  ///< all taxes charged (lines and shipping)
};

/// Money given back, dated by the refund itself, not by its order.
struct RefundFact {
  std::string id;                          ///< platform refund id, unique within the source
  std::string order_id;                    ///< the OrderFact::id it belongs to
  std::chrono::sys_seconds created_at{};   ///< when the refund was made (UTC)
  std::int64_t returns = 0;                ///< merchandise refunded, excl. tax (positive)
  std::int64_t shipping = 0;               ///< shipping refunded, excl. tax (positive)
  std::int64_t taxes = 0;                  ///< taxes refunded (positive)
};

/// A figure the platform reports per day, such as sessions.
struct DailyFact {
  std::chrono::sys_days day{};             ///< a calendar day of the shop's reporting time zone
  std::string metric;                      ///< "sessions"
  std::int64_t value = 0;
};

/// One unit of progress: facts and the cursor that follows them. The core stores the facts and
/// then the cursor in one transaction, so a crash never leaves a cursor ahead of its data.
struct Page {
  std::vector<OrderFact> orders;
  std::vector<RefundFact> refunds;
  std::vector<DailyFact> daily;
  std::string cursor;                      ///< opaque to the core; handed back on the next read
  std::string currency;                    ///< ISO 4217 code of the amounts, when the source knows it: the
                                           ///< core refuses a page in another currency than the shop's
  std::int64_t total_hint = -1;            ///< pages the whole read will take, if known (progress)
};

}  // namespace sextant
