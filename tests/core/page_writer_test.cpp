// The writer half of a sync: pages grouped into transactions by weight, in order, the queue
// holding the source back, and the first failed transaction ending the writing.
#include <sextant/sync/page_writer.hpp>

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <vector>

namespace sextant::sync {
namespace {

using namespace std::chrono_literals;

// Pages of equal weight: one order each, ids and cursors of one character.
Page page(char name) {
  Page p;
  p.orders.push_back(OrderFact{std::string(1, name), {}, {}, "completed", "", "", 1, 100, 0, 0, 0});
  p.cursor = std::string(1, name);
  return p;
}

// Each transaction as the writer asked for it: the cursors of its pages.
struct Recorded {
  std::vector<std::string> transactions;
  Result<ledger::PageStats> operator()(std::span<const Page> pages) {
    std::string cursors;
    for (const auto& p : pages) cursors += p.cursor;
    transactions.push_back(cursors);
    return ledger::PageStats{static_cast<std::int64_t>(pages.size()), 0, 0};
  }
};

TEST(CommitDue, WhenTheHeldPagesWeighEnoughOrWaitedLongEnoughOrTheSourceIsDone) {
  const BatchLimits limits{1000, 500ms, 1000};
  EXPECT_FALSE(commit_due(limits, 999, 499ms, false));
  EXPECT_TRUE(commit_due(limits, 1000, 0ms, false));
  EXPECT_TRUE(commit_due(limits, 1, 500ms, false));
  EXPECT_TRUE(commit_due(limits, 1, 0ms, true));
}

TEST(PageWeight, CountsEveryFactAndItsText) {
  Page p = page('a');
  const std::size_t one = page_bytes(p);
  EXPECT_EQ(one, sizeof(Page) + 1 + sizeof(OrderFact) + 1 + 9);  // cursor "a"; order "a", "completed"
  p.refunds.push_back(RefundFact{"r1", "a", {}, 5, 0, 0});
  EXPECT_EQ(page_bytes(p), one + sizeof(RefundFact) + 2 + 1);
}

TEST(PageWriter, GroupsPagesIntoTransactionsOfTheirWeightInOrder) {
  Recorded recorded;
  std::vector<std::int64_t> stored_pages;
  {
    // Three pages make a transaction; no age limit within the test's lifetime.
    PageWriter writer({3 * page_bytes(page('a')), 1h, 100 * page_bytes(page('a'))}, std::ref(recorded),
                      [&](std::span<const Page> pages, const ledger::PageStats& stats) {
                        stored_pages.push_back(stats.orders);
                        EXPECT_EQ(static_cast<std::int64_t>(pages.size()), stats.orders);
                      });
    for (char c : std::string("abcdefg")) ASSERT_TRUE(writer.push(page(c)));
    ASSERT_TRUE(writer.finish());
  }
  EXPECT_EQ(recorded.transactions, (std::vector<std::string>{"abc", "def", "g"}));
  EXPECT_EQ(stored_pages, (std::vector<std::int64_t>{3, 3, 1}));
}

TEST(PageWriter, StopsAtTheFirstFailedTransactionAndReturnsItsError) {
  int calls = 0;
  PageWriter writer({2 * page_bytes(page('a')), 1h, 100 * page_bytes(page('a'))},
                    [&](std::span<const Page>) -> Result<ledger::PageStats> {
                      if (++calls == 2) return make_error(Errc::io, "ledger x.db: disk I/O error");
                      return ledger::PageStats{};
                    },
                    {});
  for (char c : std::string("abcdefgh")) (void)writer.push(page(c));  // later pushes may see the failure
  auto done = writer.finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().message, "ledger x.db: disk I/O error");
  EXPECT_EQ(calls, 2);  // the pages after the failed transaction are never stored
  auto late = writer.push(page('i'));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::io);
}

TEST(PageWriter, AFullQueueHoldsTheSourceBackUntilTheWriterTakesFromIt) {
  std::promise<void> inside, release;
  auto released = release.get_future().share();
  Recorded recorded;
  const std::size_t one = page_bytes(page('a'));
  PageWriter writer({one, 1h, 2 * one},
                    [&](std::span<const Page> pages) {
                      if (recorded.transactions.empty()) {
                        inside.set_value();
                        released.wait();
                      }
                      return recorded(pages);
                    },
                    {});
  ASSERT_TRUE(writer.push(page('a')));
  inside.get_future().wait();  // the writer holds page a, stuck in its transaction
  ASSERT_TRUE(writer.push(page('b')));
  ASSERT_TRUE(writer.push(page('c')));  // the queue now weighs its limit
  auto fourth = std::async(std::launch::async, [&] { return writer.push(page('d')); });
  EXPECT_EQ(fourth.wait_for(100ms), std::future_status::timeout);  // still held back
  release.set_value();
  ASSERT_TRUE(fourth.get());
  ASSERT_TRUE(writer.finish());
  EXPECT_EQ(recorded.transactions, (std::vector<std::string>{"a", "b", "c", "d"}));
}

}  // namespace
}  // namespace sextant::sync
