// tracker-local's board: people move lines or tick boxes; Sextant reads the states back and
// rewrites the lines' text without losing them.
#include "board.hpp"

#include <gtest/gtest.h>

namespace sextant::local {
namespace {

TEST(Board, ReadsStatesFromSectionsAndBoxes) {
  auto board = Board::parse(
      "# Board\n\nsome prose that is not a task\n\n## Open\n\n"
      "- [ ] first <!-- sextant:plan/a1 -->\n"
      "- [x] ticked in Open <!-- sextant:plan/a2 -->\n"
      "## In progress\n"
      "- [ ] moved here <!-- sextant:plan/a3 -->\n"
      "## Done\n"
      "* [ ] moved to Done without ticking <!-- sextant:plan/a4 -->\n"
      "- [ ] a line without a marker\n");
  ASSERT_EQ(board.entries().size(), 4u);
  EXPECT_EQ(board.find("plan/a1")->state, TaskState::open);
  EXPECT_EQ(board.find("plan/a1")->text, "first");
  EXPECT_EQ(board.find("plan/a2")->state, TaskState::done);
  EXPECT_EQ(board.find("plan/a3")->state, TaskState::in_progress);
  EXPECT_EQ(board.find("plan/a4")->state, TaskState::done);
  EXPECT_EQ(board.find("nope"), nullptr);
}

TEST(Board, RewritesTextButKeepsThePeoplesStates) {
  Board board;
  board.upsert("k/a1", "Bundles");
  board.upsert("k/a2", "Checkout");
  ASSERT_TRUE(board.set_state("k/a2", TaskState::in_progress));
  board.upsert("k/a2", "One-page checkout");
  EXPECT_FALSE(board.set_state("k/missing", TaskState::done));
  std::string text = board.render("Plan");
  EXPECT_EQ(text,
            "# Plan\n\n"
            "Tasks written by `sextant push`. Move a line to another section, or tick its box, to change\n"
            "its state; keep the marker at the end of each line. Sextant rewrites the lines' text.\n"
            "\n## Open\n\n- [ ] Bundles <!-- sextant:k/a1 -->\n"
            "\n## In progress\n\n- [ ] One-page checkout <!-- sextant:k/a2 -->\n"
            "\n## Done\n\n");
  auto again = Board::parse(text);
  EXPECT_EQ(again.find("k/a2")->state, TaskState::in_progress);
  EXPECT_EQ(again.render("Plan"), text);
}

TEST(Board, DescribesATaskOnOneLine) {
  TaskSpec spec;
  spec.key = "k/a1";
  spec.parent_key = "k/p1";
  spec.title = "Bundles\non two lines";
  spec.assignee = "ann";
  spec.start = std::chrono::sys_days{std::chrono::year{2025} / 3 / 3};
  spec.due = std::chrono::sys_days{std::chrono::year{2025} / 3 / 8};
  spec.labels = {"quadrant:attack/sell"};
  EXPECT_EQ(describe(spec), "Bundles on two lines — ann · 2025-03-03 → 2025-03-08 `quadrant:attack/sell`");
  spec.parent_key.clear();
  spec.assignee.clear();
  spec.labels.clear();
  EXPECT_EQ(describe(spec), "**Bundles on two lines** · 2025-03-03 → 2025-03-08");
}

}  // namespace
}  // namespace sextant::local
