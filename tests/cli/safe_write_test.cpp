// Files are written without following links someone planted: a symbolic link at the board's
// temporary name, at the board itself, at the run lock, at `init`'s files or at the dashboard's
// output never lets a write reach the file it points to.
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVictimText = "a file the attacker wants overwritten\n";

class SafeWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(dir_ / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
    write_file(dir_ / "sextant.json", read_file(source_dir() / "tests/data/valid/sextant.json"));
    write_file(victim_, kVictimText);
  }
  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2025-03-01", "-q"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir_.path(), {}});
  }
  void plant_link(const std::string& name) { fs::create_symlink(victim_, dir_ / name); }

  ScratchDir dir_, elsewhere_;
  fs::path victim_ = elsewhere_ / "victim.txt";
};

TEST_F(SafeWriteTest, ALinkAtTheBoardsOldTemporaryNameIsNeverWrittenThrough) {
  plant_link("board.md.tmp");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(victim_), kVictimText);
  EXPECT_FALSE(fs::is_symlink(dir_ / "board.md"));
  EXPECT_NE(read_file(dir_ / "board.md").find("<!-- sextant:test-plan/a1 -->"), std::string::npos);
  EXPECT_TRUE(fs::is_symlink(dir_ / "board.md.tmp"));  // left alone
}

TEST_F(SafeWriteTest, ALinkAtTheBoardIsRefusedWithAMessage) {
  plant_link("board.md");
  auto r = sextant({"push"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("board.md is a symbolic link: refusing to write through it"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(victim_), kVictimText);
  EXPECT_TRUE(fs::is_symlink(dir_ / "board.md"));
}

TEST_F(SafeWriteTest, ALinkAtTheRunLockIsRefusedWithAMessage) {
  plant_link("sextant.db.lock");
  for (const char* command : {"sync", "push"}) {
    auto r = sextant({command});
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_EQ(r.err, "sextant: sextant.db.lock is a symbolic link: refusing to write through it\n") << command;
    EXPECT_EQ(read_file(victim_), kVictimText) << command;
  }
  EXPECT_FALSE(fs::exists(dir_ / "sextant.db"));
}

TEST_F(SafeWriteTest, ALinkAtInitsFilesIsKeptOrRefused) {
  fs::remove(dir_ / "plan.json");
  plant_link("plan.json");
  auto r = sextant({"init"});  // without --force an existing name is kept, a link included
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(victim_), kVictimText);
  r = sextant({"init", "--force"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "sextant: ./plan.json is a symbolic link: refusing to write through it\n");
  EXPECT_EQ(read_file(victim_), kVictimText);
}

TEST_F(SafeWriteTest, ALinkAtTheDashboardsOutputIsRefused) {
  plant_link("dashboard.html");
  auto r = sextant({"dashboard", "--out", "dashboard.html"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "sextant: dashboard.html is a symbolic link: refusing to write through it\n");
  EXPECT_EQ(read_file(victim_), kVictimText);
}

TEST_F(SafeWriteTest, AReplacedFileKeepsItsModeAndANewOneIsPrivateToTheGroup) {
  const mode_t before = ::umask(022);  // the program inherits it
  auto r = sextant({"push"});
  ::umask(before);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(fs::status(dir_ / "board.md").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);  // 0640
  fs::permissions(dir_ / "board.md", fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  std::string plan = read_file(dir_ / "plan.json");
  write_file(dir_ / "plan.json", plan.replace(plan.find("\"what\": \"Bundles\""), 17, "\"what\": \"Bundle\""));
  ASSERT_EQ(sextant({"push"}).exit_code, 0) << "second push";
  EXPECT_EQ(fs::status(dir_ / "board.md").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  EXPECT_NE(read_file(dir_ / "board.md").find("- [ ] Bundle — ann"), std::string::npos);
  for (const auto& e : fs::directory_iterator(dir_.path()))  // no temporary file left beside it
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

// Bad input is found before the run lock is taken: not even the lock file appears.
TEST_F(SafeWriteTest, APushWithoutATrackerWritesNoFile) {
  write_file(dir_ / "sextant.json", R"({"sources": [{"plugin": "demo", "settings": {"seed": 1}}]})");
  auto r = sextant({"push"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sextant: sextant.json: no \"tracker\" is configured, so there is nowhere to push\n");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"plan.json", "sextant.json"}));
}

}  // namespace
}  // namespace sextant::test
