// Every bad input gets a pinned, located message, exit code 2, and leaves the ledger untouched.
// The cases (tests/data/bad_inputs.json) each break the valid fixture (tests/data/valid) in one
// way; tests/schemas/check_schemas.py runs the same cases through the JSON Schemas.
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  std::string name;
  std::string file;      // which fixture file is broken
  std::string from;      // text replaced ...
  std::string to;        // ... by this
  std::string expected;  // the whole of stderr
};

std::ostream& operator<<(std::ostream& os, const BadInput& c) { return os << c.name; }

std::vector<BadInput> load_cases() {
  auto doc = boost::json::parse(read_file(source_dir() / "tests/data/bad_inputs.json"));
  std::vector<BadInput> cases;
  for (const auto& c : doc.at("cases").as_array()) {
    auto text = [&](const char* k) { return std::string(c.at(k).as_string()); };
    cases.push_back({text("name"), text("file"), text("from"), text("to"), text("expected")});
  }
  return cases;
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  // One valid sync, done once: each case starts from a copy of its ledger.
  static void SetUpTestSuite() {
    base_ = new ScratchDir();
    for (const char* f : {"plan.json", "sextant.json"}) fs::copy_file(source_dir() / "tests/data/valid" / f, *base_ / f);
    auto r = run({sextant_program(), "--config", (*base_ / "sextant.json").string(), "--today", "2025-02-01", "-q", "sync"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_TRUE(fs::exists(*base_ / "sextant.db"));
  }
  static void TearDownTestSuite() {
    delete base_;
    base_ = nullptr;
  }
  static ScratchDir* base_;
};
ScratchDir* BadInputTest::base_ = nullptr;

TEST_P(BadInputTest, IsReportedWithItsLocationAndNothingIsWritten) {
  const BadInput& c = GetParam();
  ScratchDir dir;
  for (const char* f : {"plan.json", "sextant.json", "sextant.db"}) fs::copy_file(*base_ / f, dir / f);
  std::string text = read_file(dir / c.file);
  auto at = text.find(c.from);
  ASSERT_NE(at, std::string::npos) << "the fixture no longer contains: " << c.from;
  text.replace(at, c.from.size(), c.to);
  write_file(dir / c.file, text);
  const std::string ledger_before = file_digest(dir / "sextant.db");
  auto names = [&] {  // not even a lock file may appear
    std::set<std::string> found;
    for (const auto& e : fs::directory_iterator(dir.path())) found.insert(e.path().filename().string());
    return found;
  };
  const auto names_before = names();

  ProcessOptions options{dir.path(), {}};
  for (const char* command : {"validate", "sync", "push"}) {
    auto r = run({sextant_program(), "--config", "sextant.json", "--today", "2025-02-02", command}, options);
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_EQ(r.out, "") << command;
    std::string expected = c.expected;
    if (std::string(command) == "validate") {
      auto problems = std::count(expected.begin(), expected.end(), '\n');
      expected += std::to_string(problems) + (problems == 1 ? " problem found\n" : " problems found\n");
    }
    std::string err = r.err;  // the plugin folder depends on the build: shown as <plugins>
    for (auto p = err.find(SEXTANT_TEST_PLUGIN_DIR); p != std::string::npos; p = err.find(SEXTANT_TEST_PLUGIN_DIR))
      err.replace(p, std::string(SEXTANT_TEST_PLUGIN_DIR).size(), "<plugins>");
    EXPECT_EQ(err, expected) << command;
    EXPECT_EQ(file_digest(dir / "sextant.db"), ledger_before) << command << " changed the ledger";
    EXPECT_FALSE(fs::exists(dir / "board.md")) << command << " wrote the board";
    EXPECT_EQ(names(), names_before) << command << " wrote a file";
  }
}

TEST(BadInputs, AtLeastFifteenDifferentCasesArePinned) { EXPECT_GE(load_cases().size(), 15u); }

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTest, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

}  // namespace
}  // namespace sextant::test
