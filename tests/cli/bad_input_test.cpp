// Every bad input gets a pinned, located message, exit code 2, and leaves the ledger untouched.
// The cases (tests/data/bad_inputs.json) each break the valid fixture (tests/data/valid) in one
// way; tests/schemas/check_schemas.py runs the same cases through the JSON Schemas.
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include <sys/stat.h>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  std::string name;
  std::string file;      // which fixture file is broken
  std::string from;      // text replaced ...
  std::string to;        // ... by this
  std::string expected;  // the whole of stderr
  bool whole_file = false;      // `to` replaces the whole file
  std::string repeat_text;      // "<repeat>" in `to` stands for this text ...
  std::size_t repeat_times = 0;  // ... this many times
  bool latin1 = false;          // the file is written one byte per character: bytes that are not UTF-8
  std::string make;             // "fifo" or "directory": the file is replaced by one
};

std::ostream& operator<<(std::ostream& os, const BadInput& c) { return os << c.name; }

std::vector<BadInput> load_cases() {
  auto doc = boost::json::parse(read_file(source_dir() / "tests/data/bad_inputs.json"));
  std::vector<BadInput> cases;
  for (const auto& value : doc.at("cases").as_array()) {
    const auto& c = value.as_object();
    auto text = [&](const char* k) { return c.contains(k) ? std::string(c.at(k).as_string()) : std::string(); };
    BadInput bad;
    bad.name = text("name");
    bad.file = text("file");
    bad.from = text("from");
    bad.to = text("to");
    bad.expected = text("expected");
    bad.whole_file = c.contains("whole_file") && c.at("whole_file").as_bool();
    if (const auto* repeat = c.if_contains("repeat")) {
      bad.repeat_text = std::string(repeat->at("text").as_string());
      bad.repeat_times = repeat->at("times").to_number<std::size_t>();
    }
    bad.latin1 = text("encoding") == "latin1";
    bad.make = text("make");
    cases.push_back(std::move(bad));
  }
  return cases;
}

// Each character below U+0100 as one byte: how a test writes bytes that are not UTF-8.
std::string to_latin1(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      EXPECT_TRUE(byte == 0xC2 || byte == 0xC3) << "not a Latin-1 character in the case";
      out += static_cast<char>(((byte & 0x03) << 6) | (static_cast<unsigned char>(utf8[++i]) & 0x3F));
    }
  }
  return out;
}

// The fixture `path` broken as the case says.
void break_file(const BadInput& c, const fs::path& path) {
  if (c.make == "fifo" || c.make == "directory") {
    fs::remove(path);
    if (c.make == "fifo") ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
    else fs::create_directory(path);
    return;
  }
  ASSERT_TRUE(c.make.empty()) << "unknown \"make\": " << c.make;
  std::string to = c.to;
  if (auto marker = to.find("<repeat>"); marker != std::string::npos) {
    std::string repeated;
    repeated.reserve(c.repeat_text.size() * c.repeat_times);
    for (std::size_t i = 0; i < c.repeat_times; ++i) repeated += c.repeat_text;
    to.replace(marker, std::string("<repeat>").size(), repeated);
  }
  std::string text = read_file(path);
  if (c.whole_file) {
    text = to;
  } else {
    auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << "the fixture no longer contains: " << c.from;
    text.replace(at, c.from.size(), to);
  }
  write_file(path, c.latin1 ? to_latin1(text) : text);
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
  break_file(c, dir / c.file);
  if (HasFatalFailure()) return;
  const std::string ledger_before = file_digest(dir / "sextant.db");
  auto names = [&] {  // not even a lock file may appear
    std::set<std::string> found;
    for (const auto& e : fs::directory_iterator(dir.path())) found.insert(e.path().filename().string());
    return found;
  };
  const auto names_before = names();

  ProcessOptions options{dir.path(), {}};
  for (const char* command : {"validate", "sync", "push"}) {
    // A guard, not a timing: a hang (a FIFO read, a loop) fails the case instead of blocking ctest.
    auto r = run({"timeout", "--signal=KILL", "60", sextant_program(), "--config", "sextant.json", "--today",
                  "2025-02-02", command},
                 options);
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

TEST(BadInputs, AtLeastSixtyDifferentCasesArePinned) {
  auto cases = load_cases();
  EXPECT_GE(cases.size(), 60u);
  std::set<std::string> names;
  for (const auto& c : cases) EXPECT_TRUE(names.insert(c.name).second) << "two cases are named " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, BadInputTest, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<BadInput>& p) { return p.param.name; });

}  // namespace
}  // namespace sextant::test
