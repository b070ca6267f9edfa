// The ledger's pre-aggregated days against an independent computation: random batches of pages
// (fixed seed) insert, update, replay and refund orders of two sources, re-flag counted statuses
// and change the time zone; or a backfill, in date order, with its orders' refunds; after each,
// days(), period() and order_span() must equal what this test computes directly from the facts
// it sent, with plain maps.
#include "support/process.hpp"

#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/time/calendar.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace sextant::ledger {
namespace {

using namespace std::chrono;

const sys_days kFirst = *time::parse_date("2026-03-01");  // the window the facts fall in (a DST change in it)
constexpr int kWindow = 45;

struct Model {
  std::map<std::pair<std::string, std::string>, OrderFact> orders;   // (source, id)
  std::map<std::pair<std::string, std::string>, RefundFact> refunds;
  std::map<std::pair<std::string, sys_days>, std::int64_t> sessions;
  std::map<std::string, std::set<std::string>> counted;              // source → statuses
  std::string zone = "Europe/Paris";

  void store(const std::string& source, const Page& page) {
    for (const auto& o : page.orders) {
      auto [it, fresh] = orders.emplace(std::pair{source, o.id}, o);
      if (!fresh && o.updated_at >= it->second.updated_at) it->second = o;  // an older version never wins
    }
    for (const auto& r : page.refunds) refunds[{source, r.id}] = r;
    for (const auto& d : page.daily) sessions[{source, d.day}] = d.value;
  }

  [[nodiscard]] bool counts(const std::pair<std::string, std::string>& key, const OrderFact& o) const {
    auto it = counted.find(key.first);
    return it != counted.end() && it->second.contains(o.status);
  }

  // Every figure of each day of [from, to], and the customers once over the span.
  [[nodiscard]] std::pair<std::vector<metrics::DayFigures>, std::int64_t> figures(sys_days from, sys_days to) const {
    const auto z = *time::Zone::locate(zone);
    std::vector<metrics::DayFigures> out;
    // A day is without sessions until a sessions fact of it is seen.
    for (sys_days d = from; d <= to; d += days{1}) out.push_back(metrics::DayFigures{.day = d, .days_without_sessions = 1});
    auto in = [&](sys_days d) { return d >= from && d <= to; };
    auto at = [&](sys_days d) -> metrics::DayFigures& { return out[static_cast<std::size_t>((d - from).count())]; };
    std::map<std::string, sys_days> first;                 // customer → first counted day, over all time
    std::map<sys_days, std::set<std::string>> customers;   // day → its customers
    std::set<std::string> span_customers;
    for (const auto& [key, o] : orders) {
      if (!counts(key, o)) continue;
      const sys_days d = z.local_day(o.placed_at);
      auto [f, fresh] = first.emplace(o.customer_id, d);
      if (!fresh && d < f->second) f->second = d;
      if (!in(d)) continue;
      auto& day = at(d);
      day.orders += 1;
      day.items += o.items;
      day.gross_sales += o.gross_sales;
      day.discounts += o.discounts;
      day.shipping += o.shipping;
      day.taxes += o.taxes;
      customers[d].insert(o.customer_id);
      span_customers.insert(o.customer_id);
    }
    for (const auto& [d, who] : customers) at(d).customers = static_cast<std::int64_t>(who.size());
    for (const auto& [customer, d] : first)
      if (in(d)) at(d).new_customers += 1;
    for (const auto& [key, r] : refunds) {
      auto o = orders.find({key.first, r.order_id});
      const sys_days d = z.local_day(r.created_at);
      if (o == orders.end() || !counts(o->first, o->second) || !in(d)) continue;
      at(d).returns += r.returns;
      at(d).shipping -= r.shipping;
      at(d).taxes -= r.taxes;
    }
    for (const auto& [key, value] : sessions)
      if (in(key.second)) {
        at(key.second).sessions += value;
        at(key.second).days_without_sessions = 0;
      }
    return {out, static_cast<std::int64_t>(span_customers.size())};
  }
};

void expect_same(const metrics::DayFigures& got, const metrics::DayFigures& want, const std::string& where) {
  SCOPED_TRACE(where + " " + time::format_date(want.day));
  EXPECT_EQ(got.day, want.day);
  EXPECT_EQ(got.orders, want.orders);
  EXPECT_EQ(got.items, want.items);
  EXPECT_EQ(got.gross_sales, want.gross_sales);
  EXPECT_EQ(got.discounts, want.discounts);
  EXPECT_EQ(got.returns, want.returns);
  EXPECT_EQ(got.shipping, want.shipping);
  EXPECT_EQ(got.taxes, want.taxes);
  EXPECT_EQ(got.customers, want.customers);
  EXPECT_EQ(got.new_customers, want.new_customers);
  EXPECT_EQ(got.sessions, want.sessions);
  EXPECT_EQ(got.days_without_sessions, want.days_without_sessions);
}

class RandomFacts {
 public:
  explicit RandomFacts(Model& model) : model_(model) {}

  // A page of a source: new orders, new versions of stored ones (status, day, customer), stale
  // replays, refunds (some of orders not yet sent) and sessions. One page in four is a backfill's:
  // 25 to 60 new orders (the ledger inserts 25 at a time), one of them sometimes twice.
  Page page(const std::string& source) {
    if (pick(0, 3) == 0) return backfill_page(source);
    Page p;
    const int n = pick(1, 8);
    for (int i = 0; i < n; ++i) {
      const int what = pick(0, 9);
      if (what <= 3 || ids_[source].empty()) {
        p.orders.push_back(new_order(source));
      } else if (what <= 6) {
        auto o = stored(source, p);
        o.updated_at += seconds{pick(0, 1) * 3600};  // equal time: the newer write still wins
        switch (pick(0, 2)) {
          case 0: o.status = status(); break;
          case 1: o.placed_at = instant(); break;
          default: o.customer_id = customer(); break;
        }
        p.orders.push_back(o);
      } else if (what == 7) {
        auto o = stored(source, p);  // as an overlapping re-read saw it before: ignored
        o.updated_at -= seconds{60};
        o.status = status();
        o.gross_sales += 999;
        p.orders.push_back(o);
      } else if (what == 8) {
        const bool again = !refund_ids_[source].empty() && pick(0, 2) == 0;
        RefundFact r;
        r.id = again ? refund_ids_[source][static_cast<std::size_t>(pick(0, static_cast<int>(refund_ids_[source].size()) - 1))]
                     : source + "-r" + std::to_string(next_++);
        if (!again) refund_ids_[source].push_back(r.id);
        // Mostly a stored order; sometimes one the source has not sent yet.
        r.order_id = pick(0, 4) == 0 ? source + "-o" + std::to_string(next_ + 3) : stored(source, p).id;
        r.created_at = instant();
        r.returns = pick(0, 5000);
        r.shipping = pick(0, 500);
        r.taxes = pick(0, 900);
        p.refunds.push_back(r);
      } else {
        p.daily.push_back({kFirst + days{pick(0, kWindow - 1)}, "sessions", pick(0, 300)});
      }
    }
    p.cursor = source + "-" + std::to_string(next_++);
    return p;
  }

  int pick(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng_); }

  Page backfill_page(const std::string& source) {
    Page p;
    const int n = pick(25, 60);
    for (int i = 0; i < n; ++i) p.orders.push_back(new_order(source));
    if (pick(0, 1) == 0) {  // a newer version of one of them further on: its chunk is stored order by order
      const int first = pick(0, n - 2);
      auto o = p.orders[static_cast<std::size_t>(first)];
      o.updated_at += seconds{60};
      o.status = status();
      p.orders.insert(p.orders.begin() + pick(first + 1, n), o);
    }
    p.cursor = source + "-" + std::to_string(next_++);
    return p;
  }

 private:
  OrderFact new_order(const std::string& source) {
    OrderFact o;
    o.id = source + "-o" + std::to_string(next_++);
    o.placed_at = instant();
    o.updated_at = kFirst + days{kWindow + 1} + seconds{next_};
    o.status = status();
    o.customer_id = customer();
    o.items = pick(1, 5);
    o.gross_sales = pick(100, 20000);
    o.discounts = pick(0, 100);
    o.shipping = pick(0, 700);
    o.taxes = pick(0, 4000);
    ids_[source].push_back(o.id);
    return o;
  }
  // The latest version of an order sent before (by the model, or earlier in this page).
  OrderFact stored(const std::string& source, const Page& p) {
    const auto& ids = ids_[source];
    const auto& id = ids[static_cast<std::size_t>(pick(0, static_cast<int>(ids.size()) - 1))];
    for (auto it = p.orders.rbegin(); it != p.orders.rend(); ++it)
      if (it->id == id) return *it;
    return model_.orders.at({source, id});
  }
  sys_seconds instant() { return sys_seconds{kFirst} + seconds{pick(0, kWindow * 86400 - 1)}; }
  std::string status() {
    static const char* statuses[] = {"completed", "processing", "refunded", "cancelled", "pending"};
    return statuses[pick(0, 4)];
  }
  std::string customer() { return "c" + std::to_string(pick(1, 25)); }

  Model& model_;
  std::mt19937 rng_{13};
  int next_ = 0;
  std::map<std::string, std::vector<std::string>> ids_;
  std::map<std::string, std::vector<std::string>> refund_ids_;
};

TEST(LedgerAggregates, EqualAnIndependentComputationThroughRandomWrites) {
  test::ScratchDir dir;
  Model model;
  RandomFacts random(model);
  auto open = [&] {
    auto opened = open_sqlite_ledger(dir / "ledger.db", *time::Zone::locate(model.zone), "EUR");
    EXPECT_TRUE(opened) << opened.error().message;
    return std::move(*opened);
  };
  auto ledger = open();
  auto set_counted = [&](const std::string& source, std::set<std::string> statuses) {
    ASSERT_TRUE(ledger->set_counted_statuses(source, {statuses.begin(), statuses.end()}));
    model.counted[source] = std::move(statuses);
  };
  set_counted("shop", {"completed", "refunded"});
  set_counted("pos", {"completed"});

  const sys_days last = kFirst + days{kWindow - 1};
  int checked_spans = 0;
  for (int batch = 0; batch < 60; ++batch) {
    const std::string source = random.pick(0, 3) == 0 ? "pos" : "shop";
    std::vector<Page> pages;
    const int n = random.pick(1, 4);
    for (int i = 0; i < n; ++i) {
      pages.push_back(random.page(source));
      model.store(source, pages.back());
    }
    auto stored = ledger->store_pages(source, pages);
    ASSERT_TRUE(stored) << stored.error().message;
    ASSERT_EQ(*ledger->cursor(source), pages.back().cursor);
    // Now and then, the counted statuses or the shop's time zone change.
    if (batch % 11 == 5) {
      set_counted("shop", batch % 2 == 0 ? std::set<std::string>{"completed", "processing"}
                                         : std::set<std::string>{"completed", "refunded"});
    }
    if (batch % 17 == 8) {
      ledger.reset();
      model.zone = model.zone == "Europe/Paris" ? "America/New_York" : "Europe/Paris";
      ledger = open();
    }

    const std::string where = "after batch " + std::to_string(batch);
    const auto want = model.figures(kFirst, last).first;
    auto got = ledger->days(kFirst, last);
    ASSERT_TRUE(got) << got.error().message;
    ASSERT_EQ(got->size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) expect_same((*got)[i], want[i], where);

    // Spans from the window's start (every customer new in it) and from within it (some
    // customers returning from before), plus one ending outside it.
    for (auto [from, to] : {std::pair{kFirst, last}, std::pair{kFirst + days{random.pick(1, 30)}, last},
                            std::pair{kFirst + days{random.pick(0, 20)}, kFirst + days{random.pick(21, 40)}},
                            std::pair{kFirst + days{30}, last + days{10}}}) {
      auto [span_days, customers] = model.figures(from, to);
      metrics::DayFigures total{from};
      for (const auto& d : span_days) total += d;
      total.customers = customers;
      auto period = ledger->period(from, to);
      ASSERT_TRUE(period) << period.error().message;
      expect_same(*period, total, where + " period from " + time::format_date(from) + " to");
      ++checked_spans;
    }
    // The window's instants in UTC fall a local day before it in New York, a day after in Paris.
    std::optional<std::pair<sys_days, sys_days>> span;
    for (const auto& d : model.figures(kFirst - days{1}, last + days{1}).first)
      if (d.orders > 0) span = std::pair{span ? span->first : d.day, d.day};
    EXPECT_EQ(*ledger->order_span(), span) << where;
  }
  EXPECT_EQ(checked_spans, 240);  // 60 batches × 4 spans
}

// A backfill as a shop sends it: pages of new orders in date order, each with the refunds of its own
// orders (made up to two weeks later, so that a day often has refunds before its orders), now and
// then an order placed weeks before (a day that had orders, a customer new earlier) or a refund of
// an order of an earlier page. The ledger adds most days' facts to their totals instead of
// recomputing them: this checks both ways against the facts.
class DateOrderFacts {
 public:
  Page page() {
    Page p;
    const int n = pick(25, 60);
    for (int i = 0; i < n; ++i) {
      OrderFact o;
      o.id = "o" + std::to_string(next_++);
      at_ += seconds{pick(0, 4 * 3600)};
      o.placed_at = pick(0, 9) == 0 ? at_ - days{pick(1, 30)} : at_;
      o.updated_at = o.placed_at;
      o.status = pick(0, 3) == 0 ? "cancelled" : "completed";
      o.customer_id = "c" + std::to_string(pick(1, 60));
      o.items = pick(1, 5);
      o.gross_sales = pick(100, 20000);
      o.discounts = pick(0, 100);
      o.shipping = pick(0, 700);
      o.taxes = pick(0, 4000);
      if (pick(0, 4) == 0) p.refunds.push_back(refund(o.id, o.placed_at));
      p.orders.push_back(std::move(o));
    }
    if (!sent_.empty() && pick(0, 2) == 0)
      p.refunds.push_back(refund(sent_[static_cast<std::size_t>(pick(0, static_cast<int>(sent_.size()) - 1))], at_));
    for (const auto& o : p.orders) sent_.push_back(o.id);
    p.cursor = "page-" + std::to_string(next_++);
    return p;
  }

  [[nodiscard]] sys_seconds now() const { return at_; }

  int pick(int a, int b) { return std::uniform_int_distribution<int>(a, b)(rng_); }

 private:
  RefundFact refund(const std::string& order, sys_seconds after) {
    RefundFact r;
    r.id = "r" + std::to_string(next_++);
    r.order_id = order;
    r.created_at = after + seconds{pick(0, 14 * 86400)};
    r.returns = pick(0, 5000);
    r.shipping = pick(0, 500);
    r.taxes = pick(0, 900);
    return r;
  }

  std::mt19937 rng_{29};
  int next_ = 0;
  sys_seconds at_ = sys_seconds{kFirst};
  std::vector<std::string> sent_;
};

TEST(LedgerAggregates, EqualAnIndependentComputationThroughABackfillInDateOrder) {
  test::ScratchDir dir;
  Model model;
  DateOrderFacts facts;
  auto ledger = open_sqlite_ledger(dir / "ledger.db", *time::Zone::locate(model.zone), "EUR");
  ASSERT_TRUE(ledger) << ledger.error().message;
  ASSERT_TRUE((*ledger)->set_counted_statuses("shop", {"completed"}));
  model.counted["shop"] = {"completed"};
  const sys_days from = kFirst - days{31};
  int days_with_orders = 0;
  for (int batch = 0; batch < 40; ++batch) {
    std::vector<Page> pages;
    for (int i = facts.pick(1, 3); i > 0; --i) {
      pages.push_back(facts.page());
      model.store("shop", pages.back());
    }
    auto stored = (*ledger)->store_pages("shop", pages);
    ASSERT_TRUE(stored) << stored.error().message;
    const sys_days to = floor<days>(facts.now()) + days{16};
    const std::string where = "after batch " + std::to_string(batch);
    const auto [want, customers] = model.figures(from, to);
    auto got = (*ledger)->days(from, to);
    ASSERT_TRUE(got) << got.error().message;
    ASSERT_EQ(got->size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) expect_same((*got)[i], want[i], where);
    metrics::DayFigures total{from};
    for (const auto& d : want) total += d;
    total.customers = customers;
    auto period = (*ledger)->period(from, to);
    ASSERT_TRUE(period) << period.error().message;
    expect_same(*period, total, where + " period to");
    days_with_orders = static_cast<int>(std::count_if(want.begin(), want.end(), [](const auto& d) { return d.orders > 0; }));
  }
  EXPECT_GT(days_with_orders, 60);  // the backfill spans months, not a few days
}

}  // namespace
}  // namespace sextant::ledger
