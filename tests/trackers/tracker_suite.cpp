#include "trackers/tracker_suite.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <random>

namespace sextant::test {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kPlan = "maison-dupont/";

void TrackerSuite::SetUp() {
  rig_ = GetParam().make();
  write_file(dir_ / "plan.json", read_file(source_dir() / "examples/plan.json"));
  write_config(rig_->tracker_config());
}

void TrackerSuite::write_config(const json::object& tracker) {
  json::object config{{"plan", "plan.json"},
                      {"ledger", "sextant.db"},
                      {"sources", json::array{json::object{{"name", "shop"}, {"plugin", "demo"}}}},
                      {"tracker", tracker}};
  write_file(dir_ / "sextant.json", json::serialize(config));
}

ProcessResult TrackerSuite::sextant(std::vector<std::string> args) {
  std::vector<std::string> argv{sextant_program(), "--today", "2026-03-01"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {dir_.path(), rig_->env()});
}

std::map<std::string, TrackerItem> TrackerSuite::items() {
  std::map<std::string, TrackerItem> out;
  for (auto& item : rig_->items()) {
    EXPECT_NE(item.key, "") << "item " << item.remote_id << " (" << item.title << ") carries no task key";
    EXPECT_FALSE(out.contains(item.key)) << item.key << " is in the tracker twice";
    out[item.key] = std::move(item);
  }
  return out;
}

void TrackerSuite::edit_plan(const std::string& from, const std::string& to) {
  std::string plan = read_file(dir_ / "plan.json");
  auto at = plan.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  write_file(dir_ / "plan.json", plan.replace(at, from.size(), to));
}

std::string rig_name(const ::testing::TestParamInfo<RigFactory>& info) { return info.param.name; }

namespace {

std::string owner(const TrackerRig& rig, const char* who) {
  return std::string(rig.tracker_config().at("owners").at(who).as_string());
}

// Everything a person sees of an item, to tell which items a push touched.
std::string shown(const TrackerItem& i) {
  std::string labels;
  for (const auto& l : i.labels) labels += l + ",";
  return i.title + "|" + i.parent_key + "|" + labels + "|" + i.start + "|" + i.due + "|" +
         (i.estimate_hours ? std::to_string(*i.estimate_hours) : "") + "|" + i.assignee + "|" + std::string(to_string(i.state));
}

std::map<std::string, std::string> snapshot(const std::map<std::string, TrackerItem>& items) {
  std::map<std::string, std::string> out;
  for (const auto& [key, item] : items) out[key] = shown(item);
  return out;
}

}  // namespace

TEST_P(TrackerSuite, WritesAParentPerPriorityAndAChildPerAction) {
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("16 to create, 0 adopted, 0 to update, 0 unchanged, 0 orphaned"), std::string::npos) << r.out;
  auto all = items();
  ASSERT_EQ(all.size(), 16u);
  // The plan's actions and their priorities, as examples/plan.json lists them.
  const std::map<std::string, std::string> priority_of{
      {"a1", "p1"}, {"a2", "p1"}, {"a3", "p1"},  {"a4", "p2"},  {"a5", "p2"},  {"a6", "p2"},
      {"a7", "p3"}, {"a8", "p3"}, {"a9", "p3"}, {"a10", "p4"}, {"a11", "p4"}, {"a12", "p4"}};
  for (const auto& [action, priority] : priority_of) {
    ASSERT_TRUE(all.contains(kPlan + action)) << action;
    EXPECT_EQ(all[kPlan + action].parent_key, kPlan + priority) << action;
    EXPECT_EQ(all[kPlan + priority].parent_key, "") << priority;
  }
  EXPECT_EQ(all[kPlan + std::string("p1")].title, "[attack/sell] Raise the average basket");

  // a1: claire (→ alice), from 2026-03-02 for 10 days; p1's 120 hours shared by its 3 actions.
  const auto& a1 = all[kPlan + std::string("a1")];
  EXPECT_EQ(a1.title, "Launch bundles on the 20 best sellers");
  EXPECT_TRUE(a1.labels.contains("quadrant:attack/sell")) << shown(a1);
  EXPECT_EQ(a1.assignee, owner(*rig_, "claire"));
  EXPECT_EQ(a1.start, "2026-03-02");
  EXPECT_EQ(a1.due, "2026-03-12");
  ASSERT_TRUE(a1.estimate_hours);
  EXPECT_NEAR(*a1.estimate_hours, 40.0, 0.01);
  EXPECT_EQ(a1.state, TaskState::open);
  // a4: malik (→ bob), from 2026-03-09 for 30 days; 160 hours / 3.
  const auto& a4 = all[kPlan + std::string("a4")];
  EXPECT_TRUE(a4.labels.contains("quadrant:attack/manage")) << shown(a4);
  EXPECT_EQ(a4.assignee, owner(*rig_, "malik"));
  EXPECT_EQ(a4.start, "2026-03-09");
  EXPECT_EQ(a4.due, "2026-04-08");
  ASSERT_TRUE(a4.estimate_hours);
  EXPECT_NEAR(*a4.estimate_hours, 53.33, 0.01);
  // a12: claire, from 2026-07-01 for 2 days; 40 hours / 3.
  const auto& a12 = all[kPlan + std::string("a12")];
  EXPECT_TRUE(a12.labels.contains("quadrant:defend/manage")) << shown(a12);
  EXPECT_EQ(a12.due, "2026-07-03");
  ASSERT_TRUE(a12.estimate_hours);
  EXPECT_NEAR(*a12.estimate_hours, 13.33, 0.01);
}

TEST_P(TrackerSuite, PushingTwiceWritesNothingTheSecondTime) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  auto before = snapshot(items());
  auto writes = rig_->writes();
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0 to create, 0 adopted, 0 to update, 16 unchanged, 0 orphaned\n");
  EXPECT_EQ(rig_->writes(), writes);
  EXPECT_EQ(snapshot(items()), before);
}

TEST_P(TrackerSuite, EditingTwoActionsUpdatesExactlyThoseTwo) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  auto before = snapshot(items());
  edit_plan("Launch bundles on the 20 best sellers", "Launch bundles on the 30 best sellers");
  edit_plan("\"when\": \"2026-06-01\", \"days\": 5", "\"when\": \"2026-06-01\", \"days\": 7");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "update  maison-dupont/a1  Launch bundles on the 30 best sellers\n"
            "update  maison-dupont/a8  Win-back e-mails after 6 months\n"
            "0 to create, 0 adopted, 2 to update, 14 unchanged, 0 orphaned\n");
  auto after = items();
  std::vector<std::string> changed;
  for (const auto& [key, item] : after)
    if (before[key] != shown(item)) changed.push_back(key);
  EXPECT_EQ(changed, (std::vector<std::string>{"maison-dupont/a1", "maison-dupont/a8"}));
  EXPECT_EQ(after[kPlan + std::string("a1")].title, "Launch bundles on the 30 best sellers");
  EXPECT_EQ(after[kPlan + std::string("a8")].due, "2026-06-08");
}

TEST_P(TrackerSuite, ADryRunSendsNoWrite) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  edit_plan("Launch bundles on the 20 best sellers", "Launch bundles on the 30 best sellers");
  auto before = snapshot(items());
  auto writes = rig_->writes();
  auto r = sextant({"push", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "would update  maison-dupont/a1  Launch bundles on the 30 best sellers\n"
            "dry run: 0 to create, 0 adopted, 1 to update, 15 unchanged, 0 orphaned\n");
  EXPECT_EQ(rig_->writes(), writes);
  EXPECT_EQ(snapshot(items()), before);
}

TEST_P(TrackerSuite, StatesMovedInTheTrackerComeBack) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  auto all = items();
  rig_->move(all[kPlan + std::string("a1")], TaskState::done);
  rig_->move(all[kPlan + std::string("a4")], TaskState::in_progress);
  ASSERT_EQ(sextant({"-q", "sync"}).exit_code, 0);
  auto r = sextant({"task", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("done\tmaison-dupont/a1\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in-progress\tmaison-dupont/a4\t"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("open\tmaison-dupont/a2\t"), std::string::npos) << r.out;
  // The dashboard counts them: on 2026-03-15, a1 is done; a2 (due 2026-03-21) is not late yet.
  r = run({sextant_program(), "--today", "2026-03-15", "report", "--step", "7"}, {dir_.path(), rig_->env()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Action plan: 1 done, 1 in progress, 10 open, 0 not pushed; 0 overdue."), std::string::npos)
      << r.out;
}

TEST_P(TrackerSuite, TaskSetMovesTheItemInTheTracker) {
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  auto r = sextant({"task", "set", "maison-dupont/a3", "done"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = sextant({"task", "set", "maison-dupont/a5", "in-progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto all = items();
  EXPECT_EQ(all[kPlan + std::string("a3")].state, TaskState::done);
  EXPECT_EQ(all[kPlan + std::string("a5")].state, TaskState::in_progress);
  EXPECT_EQ(all[kPlan + std::string("a6")].state, TaskState::open);
  r = sextant({"task", "set", "maison-dupont/a5", "open"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(items()[kPlan + std::string("a5")].state, TaskState::open);
}

TEST_P(TrackerSuite, AnActionLeavingThePlanIsClosedWhenConfigured) {
  auto tracker = rig_->tracker_config();
  tracker["orphans"] = "close";
  write_config(tracker);
  ASSERT_EQ(sextant({"push"}).exit_code, 0);
  edit_plan(",\n    { \"id\": \"a12\", \"priority\": \"p4\", \"what\": \"Monthly shipping cost review\", \"who\": \"claire\",\n"
            "      \"for_whom\": \"the business\", \"when\": \"2026-07-01\", \"days\": 2, \"how\": \"dashboard + carrier invoices\" }",
            "");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // a10 and a11 now share p4's 40 hours between two: 20 h each.
  EXPECT_NE(r.out.find("orphan  maison-dupont/a12  Monthly shipping cost review\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 to create, 0 adopted, 2 to update, 13 unchanged, 1 orphaned"), std::string::npos) << r.out;
  auto all = items();
  ASSERT_TRUE(all.contains(kPlan + std::string("a12")));  // marked, never deleted
  EXPECT_EQ(all[kPlan + std::string("a12")].state, TaskState::done);
  EXPECT_NEAR(all[kPlan + std::string("a10")].estimate_hours.value_or(0), 20.0, 0.01);
  EXPECT_EQ(sextant({"push"}).out, "0 to create, 0 adopted, 0 to update, 15 unchanged, 0 orphaned\n");
}

TEST_P(TrackerSuite, KilledAtTwentyRandomMomentsLeavesNoDuplicate) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  // Short enough that most kills land while there is work left (a push that finds nothing to
  // do ends in a few hundred milliseconds).
  std::uniform_int_distribution<long> delay_ms(10, 300);
  int kills = 0;
  for (int attempt = 0; kills < 20 && attempt < 200; ++attempt) {
    auto push = kill_after({sextant_program(), "--today", "2026-03-01", "-q", "push"}, {dir_.path(), rig_->env()},
                           milliseconds{delay_ms(random)});
    if (push.killed) ++kills;
    else ASSERT_EQ(push.ended.exit_code, 0) << push.ended.err;
  }
  ASSERT_GE(kills, 20);
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Every item the tracker holds, keyed or not: a create the crash cut off before its key was
  // written would be a 17th.
  EXPECT_EQ(rig_->items().size(), 16u);
  auto all = items();  // fails on any key carried twice, or an item without one
  EXPECT_EQ(all.size(), 16u);
  EXPECT_EQ(all[kPlan + std::string("a7")].parent_key, kPlan + std::string("p3"));
  EXPECT_EQ(sextant({"push"}).out, "0 to create, 0 adopted, 0 to update, 16 unchanged, 0 orphaned\n");
}

}  // namespace sextant::test
