// Every command answers --help; exit codes are 0, 1 and 2 as documented; results go to stdout
// and nothing else does.
#include "support/process.hpp"

#include <gtest/gtest.h>

namespace sextant::test {
namespace {

TEST(Commands, EveryCommandAnswersHelp) {
  for (std::vector<std::string> command :
       {std::vector<std::string>{}, {"init"}, {"validate"}, {"plugins"}, {"check"}, {"sync"}, {"metrics"}, {"push"},
        {"task"}, {"task", "set"}, {"task", "list"}, {"demo"}}) {
    std::vector<std::string> argv{sextant_program()};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.push_back("--help");
    auto r = run(argv);
    EXPECT_EQ(r.exit_code, 0) << argv.size();
    EXPECT_NE(r.out.find("Usage:"), std::string::npos) << r.out;
  }
}

TEST(Commands, BadArgumentsExitWithTwo) {
  EXPECT_EQ(run({sextant_program()}).exit_code, 2);
  EXPECT_EQ(run({sextant_program(), "frobnicate"}).exit_code, 2);
  auto r = run({sextant_program(), "--today", "2025-02-30", "init", "--dir", "/nonexistent-dir-for-sure"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sextant: --today \"2025-02-30\" is not a date (expected YYYY-MM-DD)\n");
  ScratchDir dir;
  r = run({sextant_program(), "metrics", "--from", "2025-13-01"}, {dir.path(), {}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sextant: --from \"2025-13-01\" is not a date (expected YYYY-MM-DD)\n");
  r = run({sextant_program(), "validate"}, {dir.path(), {}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sextant.json:1:1: /: cannot read the file (missing or not readable)\n1 problem found\n");
}

TEST(Commands, InitWritesAPlanThatValidatesAndKeepsEdits) {
  ScratchDir dir;
  auto r = run({sextant_program(), "--today", "2027-05-04", "init", "--dir", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string plan = read_file(dir / "plan.json");
  EXPECT_NE(plan.find("\"year\": 2027"), std::string::npos);            // moved to this year
  EXPECT_NE(plan.find("\"when\": \"2027-03-02\""), std::string::npos);  // and its dates with it
  EXPECT_NE(plan.find("\"2026\": {"), std::string::npos);               // last year's objectives
  r = run({sextant_program(), "--today", "2027-05-04", "validate"}, {dir.path(), {}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "sextant.json and plan.json are valid: 4 priorities, 12 actions, 1 source(s), tracker local\n");
  write_file(dir / "plan.json", "{}");
  r = run({sextant_program(), "init", "--dir", dir.path().string()});
  EXPECT_EQ(read_file(dir / "plan.json"), "{}");  // kept
}

TEST(Commands, MetricsComeAsTextJsonOrCsv) {
  ScratchDir dir;
  write_file(dir / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  write_file(dir / "sextant.json", read_file(source_dir() / "tests/data/valid/sextant.json"));
  ProcessOptions here{dir.path(), {}};
  ASSERT_EQ(run({sextant_program(), "--today", "2025-01-10", "-q", "sync"}, here).exit_code, 0);
  auto csv = run({sextant_program(), "--today", "2025-01-10", "--format", "csv", "metrics", "--from", "2025-01-01",
                  "--to", "2025-01-03"},
                 here);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "day,orders,items,gross_sales,discounts,returns,net_sales,shipping,taxes,total_sales,revenue_excl_tax,"
            "customers,new_customers,returning_customers,sessions,aov,conversion_rate");
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 5);  // header, 3 days, total
  EXPECT_NE(csv.out.find("\ntotal,"), std::string::npos);
  auto text = run({sextant_program(), "--today", "2025-01-10", "metrics"}, here);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind("Metrics 2024-12-11 to 2025-01-09 — amounts in EUR", 0), 0u);  // the last 30 days
  auto md = run({sextant_program(), "--format", "md", "metrics"}, here);
  EXPECT_EQ(md.exit_code, 2);
  EXPECT_EQ(md.err, "sextant: --format md is not available here; use one of text, json, csv\n");
}

}  // namespace
}  // namespace sextant::test
