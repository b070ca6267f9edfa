// Every bad input gets a pinned, located message, exit code 2, and leaves the ledger untouched.
// Each case breaks the valid fixture (tests/data/valid) in one way.
#include "support/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

struct BadInput {
  const char* name;
  const char* file;      // which fixture file is broken
  const char* from;      // text replaced ...
  const char* to;        // ... by this
  const char* expected;  // the whole of stderr
};

std::ostream& operator<<(std::ostream& os, const BadInput& c) { return os << c.name; }

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  // One valid sync, done once: each case starts from a copy of its ledger.
  static void SetUpTestSuite() {
    base_ = new ScratchDir();
    for (const char* f : {"plan.json", "sextant.json"})
      fs::copy_file(source_dir() / "tests/data/valid" / f, *base_ / f);
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
  text.replace(at, std::string(c.from).size(), c.to);
  write_file(dir / c.file, text);
  const std::string ledger_before = file_digest(dir / "sextant.db");

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
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadInputTest,
    ::testing::Values(
        BadInput{"missing_comma", "plan.json", "\"year\": 2025,", "\"year\": 2025", 
                 "plan.json:5:3: /: syntax error: unexpected '\"': is a comma missing before it?\n"},
        BadInput{"unterminated_string", "plan.json", "\"Test Shop\",", "\"Test Shop,", 
                 "plan.json:6:24: /shop/name: syntax error: unexpected end of line inside a string: is a closing quote missing?\n"},
        BadInput{"truncated_file", "plan.json", "  ]\n}\n", "  ]\n",
                 "plan.json:51:1: /: syntax error: the file ends before the JSON is complete\n"},
        BadInput{"trailing_text", "sextant.json", "\"board.md\" } }\n}\n", "\"board.md\" } }\n}\n}\n",
                 "sextant.json:9:1: /: syntax error: unexpected text after the end of the document\n"},
        BadInput{"wrong_type", "plan.json", "\"year\": 2025", "\"year\": \"2025\"", 
                 "plan.json:4:11: /year: expected a whole number, got a string\n"},
        BadInput{"unknown_field", "plan.json", "\"currency\": \"EUR\"", "\"curency\": \"EUR\"", 
                 "plan.json:5:11: /shop: missing required field \"currency\"\nplan.json:7:5: /shop/curency: unknown field \"curency\"; did you mean \"currency\"?\n"},
        BadInput{"missing_field", "plan.json", "\"statement\": \"Grow\",", "", 
                 "plan.json:11:13: /vision: missing required field \"statement\"\n"},
        BadInput{"out_of_range", "plan.json", "\"margin_rate\": 0.4", "\"margin_rate\": 1.4", 
                 "plan.json:20:18: /margin_rate: 1.4 is out of range: expected a number from 0 to 1\n"},
        BadInput{"bad_date", "plan.json", "\"by\": \"2029-12-31\"", "\"by\": \"2029-13-31\"", 
                 "plan.json:15:11: /vision/by: \"2029-13-31\" is not a date: expected YYYY-MM-DD, a day that exists\n"},
        BadInput{"unknown_currency", "plan.json", "\"EUR\"", "\"EUX\"", 
                 "plan.json:7:17: /shop/currency: \"EUX\" is not an ISO 4217 currency code (such as EUR, USD, JPY)\n"},
        BadInput{"unknown_time_zone", "plan.json", "Europe/Paris", "Europe/Pariss", 
                 "plan.json:8:17: /shop/timezone: \"Europe/Pariss\" is not an IANA time zone; did you mean \"Europe/Paris\"?\n"},
        BadInput{"quadrant_taken", "plan.json", "\"quadrant\": \"defend/sell\"", "\"quadrant\": \"attack/manage\"",
                 
                 "plan.json:23:17: /priorities: no priority in quadrant defend/sell: the method asks for exactly four, one per quadrant\nplan.json:30:31: /priorities/2/quadrant: attack/manage is taken by priority p2: the method asks for one priority in each quadrant\n"},
        BadInput{"unknown_priority", "plan.json", "\"priority\": \"p4\"", "\"priority\": \"p5\"", 
                 "plan.json:33:5: /priorities/3: priority p4 has no action: every priority needs at least one\nplan.json:48:31: /actions/3/priority: no priority has the id \"p5\"\n"},
        BadInput{"unknown_lever_kpi", "plan.json", "\"kpi\": \"aov\"", "\"kpi\": \"aow\"", 
                 "plan.json:25:25: /priorities/0/lever/kpi: \"aow\" is not a metric of the dictionary; did you mean \"aov\"?\n"},
        BadInput{"margin_share_above_100", "plan.json", "\"share\": 0.5", "\"share\": 1.5", 
                 "plan.json:38:40: /financing/0/share: 1.5 is above 100 %: a share of the extra margin is a fraction from 0 to 1\n"},
        BadInput{"action_outside_year", "plan.json", "\"when\": \"2025-06-02\"", "\"when\": \"2026-06-02\"",
                 
                 "plan.json:49:15: /actions/3/when: starts on 2026-06-02, outside the plan year (2025-01-01 to 2025-12-31)\n"},
        BadInput{"action_without_owner", "plan.json", "\"who\": \"ann\", ", "", 
                 "plan.json:42:5: /actions/0: missing required field \"who\"\n"},
        BadInput{"unknown_plugin", "sextant.json", "\"plugin\": \"demo\"", "\"plugin\": \"demoo\"", 
                 "sextant.json:5:33: /sources/0/plugin: no source plugin \"demoo\"; did you mean \"demo\"? (looked for sextant-source-demoo.so in <plugins>)\n"},
        BadInput{"plugin_rejects_settings", "sextant.json", "\"daily_orders\": 5", "\"daily_orders\": -5",
                 
                 "sextant.json:5:107: /sources/0/settings/daily_orders: plugin \"demo\" rejected its settings: must be from 1 to 10000\n"},
        BadInput{"missing_secret", "sextant.json", "\"seed\": 7", "\"seed\": {\"env\": \"SEXTANT_TEST_UNSET\"}",
                 "sextant.json:5:63: /sources/0/settings/seed: the secret's environment variable SEXTANT_TEST_UNSET is not set\n"},
        BadInput{"unknown_config_field", "sextant.json", "\"ledger\":", "\"ledgr\":", 
                 "sextant.json:3:3: /ledgr: unknown field \"ledgr\"; did you mean \"ledger\"?\n"}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace sextant::test
