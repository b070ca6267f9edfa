// `sextant push` on the local board: one task per priority and per action, nothing sent twice,
// exactly the changed actions updated, removed ones marked, states read back, and no duplicate
// after losing the ledger's records (as after a crash between "created" and "recorded").
#include "support/process.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>


namespace sextant::test {
namespace {

class PushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(dir_ / "sextant.json", read_file(source_dir() / "tests/data/valid/sextant.json"));
  }
  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2025-03-01"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {}});
  }
  std::string board() { return read_file(dir_ / "board.md"); }
  int markers() {
    std::string b = board();
    int n = 0;
    for (auto at = b.find("<!-- sextant:"); at != std::string::npos; at = b.find("<!-- sextant:", at + 1)) ++n;
    return n;
  }
  void edit_plan(const std::string& from, const std::string& to) {
    std::string plan = read_file(dir_ / "plan.json");
    auto at = plan.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    write_file(dir_ / "plan.json", plan.replace(at, from.size(), to));
  }

  ScratchDir dir_;
};

TEST_F(PushTest, CreatesAParentPerPriorityAndATaskPerAction) {
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("8 to create, 0 adopted, 0 to update, 0 unchanged, 0 orphaned"), std::string::npos) << r.out;
  EXPECT_EQ(markers(), 8);
  // An action: its owner, start, due = start + duration, the quadrant as a label.
  EXPECT_NE(board().find("- [ ] Bundles — ann · 2025-03-03 → 2025-03-08 `sextant` `quadrant:attack/sell` "
                         "<!-- sextant:test-plan/a1 -->"),
            std::string::npos)
      << board();
  // A priority: its whole span in the plan year.
  EXPECT_NE(board().find("- [ ] **[attack/manage] Conversion** · 2025-04-01 → 2025-12-31"), std::string::npos);
}

TEST_F(PushTest, PushingTwiceSendsNothingTheSecondTime) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  std::string before = board();
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0 to create, 0 adopted, 0 to update, 8 unchanged, 0 orphaned\n");
  EXPECT_EQ(board(), before);
}

TEST_F(PushTest, UpdatesExactlyTheChangedActions) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  edit_plan("\"what\": \"Bundles\"", "\"what\": \"Bundles of three\"");
  edit_plan("\"days\": 3", "\"days\": 4");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "update  test-plan/a1  Bundles of three\n"
            "update  test-plan/a3  Win-back e-mails\n"
            "0 to create, 0 adopted, 2 to update, 6 unchanged, 0 orphaned\n");
  EXPECT_NE(board().find("Win-back e-mails — ann · 2025-05-05 → 2025-05-09"), std::string::npos);
  EXPECT_EQ(markers(), 8);
}

TEST_F(PushTest, ADryRunWritesNothingAnywhere) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  edit_plan("\"what\": \"Bundles\"", "\"what\": \"Bundles of three\"");
  std::string board_before = board(), ledger_before = file_digest(dir_ / "sextant.db");
  auto r = sextant({"push", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "would update  test-plan/a1  Bundles of three\n"
                   "dry run: 0 to create, 0 adopted, 1 to update, 7 unchanged, 0 orphaned\n");
  EXPECT_EQ(board(), board_before);
  EXPECT_EQ(file_digest(dir_ / "sextant.db"), ledger_before);
}

TEST_F(PushTest, AnActionLeavingThePlanIsMarkedNotDeleted) {
  edit_plan("  ]\n}", ",\n    { \"id\": \"a5\", \"priority\": \"p1\", \"what\": \"Gift wrap\", \"who\": \"bob\", "
                      "\"for_whom\": \"gift buyers\", \"when\": \"2025-11-03\", \"days\": 2, \"how\": \"option at checkout\" }\n  ]\n}");
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  ASSERT_EQ(markers(), 9);
  write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // a1 shares p1's 40 hours with one action fewer: its estimate goes from 20 h back to 40 h.
  EXPECT_EQ(r.out,
            "update  test-plan/a1  Bundles\norphan  test-plan/a5  Gift wrap\n"
            "0 to create, 0 adopted, 1 to update, 7 unchanged, 1 orphaned\n");
  EXPECT_NE(board().find("Gift wrap — bob · 2025-11-03 → 2025-11-05 `sextant` `quadrant:attack/sell` — removed from the plan"),
            std::string::npos)
      << board();
  EXPECT_EQ(sextant({"push"}).out, "0 to create, 0 adopted, 0 to update, 8 unchanged, 0 orphaned\n");
}

TEST_F(PushTest, ALineDeletedFromTheBoardIsWrittenBackByTheNextPush) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  const std::string line =
      "- [ ] Bundles — ann · 2025-03-03 → 2025-03-08 `sextant` `quadrant:attack/sell` <!-- sextant:test-plan/a1 -->\n";
  std::string b = board();
  ASSERT_NE(b.find(line), std::string::npos) << b;
  write_file(dir_ / "board.md", b.erase(b.find(line), line.size()));
  ASSERT_EQ(markers(), 7);
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "update  test-plan/a1  Bundles\n0 to create, 0 adopted, 1 to update, 7 unchanged, 0 orphaned\n");
  EXPECT_NE(board().find(line), std::string::npos) << board();
  EXPECT_EQ(markers(), 8);
  EXPECT_EQ(sextant({"push"}).out, "0 to create, 0 adopted, 0 to update, 8 unchanged, 0 orphaned\n");
}

TEST_F(PushTest, StatesComeBackFromTheBoardAndFromTaskSet) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  auto r = sextant({"task", "set", "test-plan/a2", "done"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "test-plan/a2: done\n");
  EXPECT_NE(board().find("## Done\n\n- [x] One-page checkout"), std::string::npos) << board();
  // Someone moves a3 to "In progress" by hand.
  std::string b = board();
  std::string line = b.substr(b.find("- [ ] Win-back"), b.find('\n', b.find("- [ ] Win-back")) - b.find("- [ ] Win-back") + 1);
  b.erase(b.find(line), line.size());
  b.insert(b.find("## In progress\n\n") + 16, line);
  write_file(dir_ / "board.md", b);
  r = sextant({"task", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("done\ttest-plan/a2\tOne-page checkout\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in-progress\ttest-plan/a3\tWin-back e-mails\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("open\ttest-plan/a1\tBundles\n"), std::string::npos) << r.out;

  EXPECT_EQ(sextant({"task", "set", "test-plan/a9", "done"}).exit_code, 2);
  EXPECT_EQ(sextant({"task", "set", "test-plan/a2", "finished"}).err,
            "sextant: \"finished\" is not a state: use open, in-progress or done\n");
}

TEST_F(PushTest, LostRecordsAreAdoptedNeverDuplicated) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  {
    // What a crash right after the tracker created the tasks leaves: no record of them.
    SQLite::Database db(dir_ / "sextant.db", SQLite::OPEN_READWRITE);
    db.exec("UPDATE tasks SET remote_id = '', content_hash = ''");
  }
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 to create, 8 adopted, 0 to update, 0 unchanged, 0 orphaned"), std::string::npos) << r.out;
  EXPECT_EQ(markers(), 8);
  EXPECT_EQ(sextant({"push"}).out, "0 to create, 0 adopted, 0 to update, 8 unchanged, 0 orphaned\n");
}

}  // namespace
}  // namespace sextant::test
