// The ledger's schema, as an ordered list of migrations. Migration i brings user_version from i
// to i + 1. Never edit a released migration: append a new one.
#pragma once

#include <array>
#include <string_view>

namespace sextant::ledger::detail {

inline constexpr std::array<std::string_view, 5> kMigrations{
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE orders (
  source       TEXT NOT NULL,
  id           TEXT NOT NULL,
  placed_at    INTEGER NOT NULL,   -- Unix seconds, UTC
  updated_at   INTEGER NOT NULL,
  day          TEXT NOT NULL,      -- local day of placed_at, YYYY-MM-DD
  status       TEXT NOT NULL,
  counted      INTEGER NOT NULL,   -- 1 when the status counts as a sale
  customer_key TEXT NOT NULL,
  items        INTEGER NOT NULL,
  gross_sales  INTEGER NOT NULL,   -- minor units
  discounts    INTEGER NOT NULL,
  shipping     INTEGER NOT NULL,
  taxes        INTEGER NOT NULL,
  PRIMARY KEY (source, id)
);
CREATE INDEX orders_by_day ON orders (day) WHERE counted = 1;
CREATE INDEX orders_by_customer ON orders (customer_key, day) WHERE counted = 1;
CREATE TABLE refunds (
  source     TEXT NOT NULL,
  id         TEXT NOT NULL,
  order_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  day        TEXT NOT NULL,        -- local day of created_at
  returns    INTEGER NOT NULL,
  shipping   INTEGER NOT NULL,
  taxes      INTEGER NOT NULL,
  PRIMARY KEY (source, id)
);
CREATE INDEX refunds_by_day ON refunds (day);
CREATE TABLE daily_facts (
  source TEXT NOT NULL,
  day    TEXT NOT NULL,
  metric TEXT NOT NULL,
  value  INTEGER NOT NULL,
  PRIMARY KEY (source, day, metric)
);
CREATE TABLE cursors (
  source     TEXT PRIMARY KEY,
  cursor     TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE counted_statuses (
  source   TEXT PRIMARY KEY,
  statuses TEXT NOT NULL           -- JSON array
);
CREATE TABLE tasks (
  key          TEXT PRIMARY KEY,
  parent_key   TEXT NOT NULL,
  tracker      TEXT NOT NULL,
  remote_id    TEXT NOT NULL,      -- '' while only the intent to create is recorded
  url          TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  state        TEXT NOT NULL,
  percent_done INTEGER NOT NULL,
  due          TEXT,
  title        TEXT NOT NULL,
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  command     TEXT NOT NULL,
  started_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  finished_at TEXT,
  status      TEXT NOT NULL,
  message     TEXT NOT NULL DEFAULT ''
);
)sql",
    // 2: webhook deliveries already taken, so that a replayed one is accepted once only.
    R"sql(
CREATE TABLE webhook_deliveries (
  platform     TEXT NOT NULL,
  delivery_id  TEXT NOT NULL,
  received_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (platform, delivery_id)
);
)sql",
    // 3: a delivery is also known by its body's digest (a replay under a new id is refused), and
    // every delivery is forgotten once the replay window has passed.
    R"sql(
ALTER TABLE webhook_deliveries ADD COLUMN body_digest TEXT NOT NULL DEFAULT '';
CREATE INDEX webhook_deliveries_by_digest ON webhook_deliveries (platform, body_digest);
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries (received_at);
)sql",
    // 4: reads from pre-aggregated days, and no index on customers maintained order by order (its
    // random leaves made a backfill write 50 times the ledger's size). Customers are numbered, so
    // that the index by day carries a small integer; the first days and the days' totals are
    // filled from the facts by detail::rebuild_aggregates in the migration's transaction.
    R"sql(
DROP INDEX orders_by_customer;
DROP INDEX orders_by_day;
-- The refunds whose counting changes with their order's counted flag.
CREATE INDEX refunds_by_order ON refunds (source, order_id);
CREATE TABLE customers (
  no        INTEGER PRIMARY KEY,
  key       TEXT NOT NULL UNIQUE,    -- as orders.customer_key
  first_day TEXT                     -- of the customer's first counted order (new that day); NULL: none
);
CREATE INDEX customers_by_first_day ON customers (first_day);
INSERT INTO customers (key) SELECT DISTINCT customer_key FROM orders;
ALTER TABLE orders ADD COLUMN customer INTEGER NOT NULL DEFAULT 0;  -- customers.no
UPDATE orders SET customer = (SELECT no FROM customers WHERE key = orders.customer_key);
-- By day, as a backfill in date order appends them; with the customer, so that a day's and a
-- period's distinct customers are counted from the index alone.
CREATE INDEX orders_by_day ON orders (day, customer) WHERE counted = 1;
-- The figures of each day holding a counted order, a refund of one or sessions (no row: all 0).
-- An amount is NULL when the day's sum does not fit in 64 bits: reading it is an error.
-- Whether a refund was ever stored while its order was not ('0' or '1'; no row: as '1'). Orders are
-- never deleted, so while it is '0', a new order has no refund stored before it to recount.
INSERT INTO meta (key, value)
SELECT 'refunds_before_orders', EXISTS (SELECT 1 FROM refunds AS r WHERE NOT EXISTS
                                          (SELECT 1 FROM orders AS o WHERE o.source = r.source AND o.id = r.order_id));
CREATE TABLE day_totals (
  day               TEXT PRIMARY KEY,
  orders            INTEGER NOT NULL,  -- counted orders placed that day
  items             INTEGER,
  gross_sales       INTEGER,
  discounts         INTEGER,
  shipping          INTEGER,
  taxes             INTEGER,
  customers         INTEGER NOT NULL,  -- distinct customers of those orders
  new_customers     INTEGER NOT NULL,  -- customers whose first counted order is that day
  returns           INTEGER,           -- refunds made that day, of counted orders
  refunded_shipping INTEGER,
  refunded_taxes    INTEGER,
  sessions          INTEGER            -- the sources' daily 'sessions' facts
) WITHOUT ROWID;
)sql",
    // 5: a day without a sessions fact has unknown sessions, not 0 (its conversion rate is unknown):
    // the number of sessions facts each day holds, filled by detail::rebuild_aggregates (a day
    // whose only fact is 0 sessions now keeps its row).
    R"sql(
ALTER TABLE day_totals ADD COLUMN session_facts INTEGER NOT NULL DEFAULT 0;
)sql",
};

}  // namespace sextant::ledger::detail
