// Sync is crash-safe and incremental syncs are exact: a sync killed with SIGKILL at 20 random
// moments and resumed, an incremental sync after changes, and a full re-sync all give the
// daily metrics of one uninterrupted run.
#include "support/process.hpp"
#include "support/ledger_rows.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <sys/stat.h>
#include <random>
#include <thread>

namespace sextant::test {
namespace {

using namespace std::chrono;

// A demo shop with a year and a half of history, about 50 000 orders.
void write_workspace(const ScratchDir& dir) {
  write_file(dir / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  write_file(dir / "sextant.json",
             R"({"sources": [{"plugin": "demo", "settings": {"seed": 11, "opening": "2024-07-01"}}]})");
}

ProcessResult sextant(const ScratchDir& dir, const std::string& today, std::vector<std::string> args) {
  std::vector<std::string> argv{sextant_program(), "--today", today, "-q"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {dir.path(), {}});
}

std::string all_metrics(const ScratchDir& dir, const std::string& today) {
  auto r = sextant(dir, today, {"metrics", "--from", "2024-06-30", "--to", today, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(Sync, KilledAtTwentyRandomMomentsAndResumedGivesTheSameMetrics) {
  const std::string today = "2026-01-10";
  ScratchDir reference;
  write_workspace(reference);
  auto started = steady_clock::now();
  auto r = sextant(reference, today, {"sync"});
  auto full_run = steady_clock::now() - started;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expected = all_metrics(reference, today);

  ScratchDir crashed;
  write_workspace(crashed);
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  // Each kill lands within a fifteenth of a full run: there is always work left to interrupt.
  std::uniform_int_distribution<long> delay_us(0, duration_cast<microseconds>(full_run).count() / 15);
  int kills = 0;
  for (int attempt = 0; kills < 20 && attempt < 200; ++attempt) {
    auto sync = kill_after({sextant_program(), "--today", today, "-q", "sync"}, {crashed.path(), {}},
                           microseconds{delay_us(random)});
    if (sync.killed) ++kills;
    else ASSERT_EQ(sync.ended.exit_code, 0) << sync.ended.err;
  }
  ASSERT_GE(kills, 20);
  r = sextant(crashed, today, {"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(all_metrics(crashed, today), expected);
}

bool a_run_is_marked_running(const ScratchDir& dir) {
  try {
    SQLite::Database db(dir / "sextant.db", SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT count(*) FROM runs WHERE status = 'running'");
    return q.executeStep() && q.getColumn(0).getInt() > 0;
  } catch (const SQLite::Exception&) {
    return false;  // not created yet
  }
}

TEST(Sync, ARunKilledMidwayIsClosedAsInterruptedByTheNext) {
  ScratchDir dir;
  write_workspace(dir);
  bool killed_running = false;
  // The kill must land while the run's row says "running"; a short sync may end first: retry.
  for (int attempt = 0; !killed_running && attempt < 20; ++attempt) {
    Background sync({sextant_program(), "--today", "2026-01-10", "-q", "sync", "--full"}, dir.path(), {dir.path(), {}});
    auto give_up = steady_clock::now() + seconds{30};  // guards against a hang only
    while (!a_run_is_marked_running(dir) && steady_clock::now() < give_up) std::this_thread::sleep_for(milliseconds{2});
    sync.kill(SIGKILL);
    killed_running = sync.wait().signal == SIGKILL && a_run_is_marked_running(dir);
    if (!killed_running)
      for (const char* file : {"sextant.db", "sextant.db-wal", "sextant.db-shm"}) std::filesystem::remove(dir / file);
  }
  ASSERT_TRUE(killed_running);
  EXPECT_EQ(runs_table(dir / "sextant.db"), (std::vector<std::string>{"sync demo running open"}));

  auto r = sextant(dir, "2026-01-10", {"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(runs_table(dir / "sextant.db"), (std::vector<std::string>{"sync demo interrupted finished", "sync demo ok finished"}));
}

TEST(Sync, IncrementalAndFullSyncsGiveTheSameDays) {
  // Between the two dates, orders get completed and refunded: the incremental sync must see
  // those changes to orders placed before its cursor.
  ScratchDir incremental, once;
  write_workspace(incremental);
  write_workspace(once);
  ASSERT_EQ(sextant(incremental, "2025-06-01", {"sync"}).exit_code, 0);
  auto r = sextant(incremental, "2025-07-15", {"sync"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(sextant(once, "2025-07-15", {"sync"}).exit_code, 0);
  const std::string expected = all_metrics(once, "2025-07-15");
  EXPECT_EQ(all_metrics(incremental, "2025-07-15"), expected);

  r = sextant(incremental, "2025-07-15", {"sync", "--full"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(all_metrics(incremental, "2025-07-15"), expected);
}

TEST(Sync, StaysQuietInScriptsAndReportsWhatItRead) {
  ScratchDir dir;
  write_workspace(dir);
  auto r = run({sextant_program(), "--today", "2024-07-03", "sync"}, {dir.path(), {}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // not a terminal: no progress line
  EXPECT_EQ(r.out.rfind("demo: ", 0), 0u) << r.out;  // the source is named after its plugin
  EXPECT_NE(r.out.find(" in 3 pages ("), std::string::npos) << r.out;  // July 1st, 2nd and 3rd
}

// The file source reads only a regular file: a FIFO with no writer used to block the sync for ever.
TEST(Sync, AShopFileThatIsAFifoIsRefusedWithoutWaiting) {
  ScratchDir dir;
  write_file(dir / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  write_file(dir / "sextant.json", R"({"sources": [{"plugin": "file", "settings": {"path": "shop.json"}}]})");
  ASSERT_EQ(::mkfifo((dir / "shop.json").c_str(), 0600), 0);
  // `timeout` is a guard against the hang, not a timing.
  auto r = run({"timeout", "--signal=KILL", "60", sextant_program(), "--today", "2025-02-02", "sync"}, {dir.path(), {}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sextant: source file stopped after 0 pages: the shop file " + (dir / "shop.json").string() +
                       ": this is a named pipe (FIFO), not a regular file\n");
}

}  // namespace
}  // namespace sextant::test
