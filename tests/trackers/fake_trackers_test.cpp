// The tracker suite on the fake GitHub, GitLab, Jira and Trello servers, and each tracker's own
// limits: GitHub's writes spaced under its secondary limit, Trello's 100 requests per 10 s per
// token, Jira's 429 with Retry-After, GitHub's 403 rate-limit answer.
#include "support/fake_server.hpp"
#include "trackers/tracker_suite.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

namespace sextant::test {
namespace {

namespace json = boost::json;

// Tests that need a fake server: injected faults.
class FakeTrackerSuite : public TrackerSuite {};

TEST_P(FakeTrackerSuite, RidesOutThrottlingAndServerErrors) {
  rig_->inject(R"([{"status": 429, "retry_after": 1}, {"status": 503}, {"status": 502}])");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(items().size(), 16u);
  // After a first push, the faults land on updates.
  edit_plan("Launch bundles on the 20 best sellers", "Launch bundles on the 30 best sellers");
  rig_->inject(R"([{"status": 429, "retry_after": 1}, {"status": 500}])");
  r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(items()["maison-dupont/a1"].title, "Launch bundles on the 30 best sellers");
}

INSTANTIATE_TEST_SUITE_P(Fakes, TrackerSuite,
                         ::testing::Values(RigFactory{"github", github_rig}, RigFactory{"gitlab", gitlab_rig},
                                           RigFactory{"jira", jira_rig}, RigFactory{"trello", trello_rig}),
                         rig_name);
INSTANTIATE_TEST_SUITE_P(Fakes, FakeTrackerSuite,
                         ::testing::Values(RigFactory{"github", github_rig}, RigFactory{"gitlab", gitlab_rig},
                                           RigFactory{"jira", jira_rig}, RigFactory{"trello", trello_rig}),
                         rig_name);

// A workspace on one fake, for the tests of a single tracker.
struct Workspace {
  ScratchDir dir;
  std::map<std::string, std::string> env;

  Workspace(const json::object& tracker, std::map<std::string, std::string> secrets, const std::string& plan_text)
      : env(std::move(secrets)) {
    write_file(dir / "plan.json", plan_text);
    json::object config{{"plan", "plan.json"},
                        {"sources", json::array{json::object{{"name", "shop"}, {"plugin", "demo"}}}},
                        {"tracker", tracker}};
    write_file(dir / "sextant.json", json::serialize(config));
  }
  ProcessResult sextant(std::vector<std::string> args) {
    std::vector<std::string> argv{sextant_program(), "--today", "2026-03-01"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, {dir.path(), env});
  }
};

std::string example_plan() { return read_file(source_dir() / "examples/plan.json"); }

// The GitHub tracker on `github`, writing at most 80 times a minute.
json::object github_tracker(FakeServer& github) {
  return {{"plugin", "github"},
          {"settings", {{"url", github.url()}, {"allow_insecure_http", true}, {"owner", "acme"}, {"repo", "shop"},
                        {"token", {{"env", "GITHUB_TOKEN"}}}, {"writes_per_minute", 80}}},
          {"owners", rig_owners("alice", "bob")}};
}

TEST(GithubLimits, WritesGoOneAtATimeSpacedUnderTheSecondaryLimit) {
  FakeServer github("fake_github.py", {"--write-limit-per-minute", "80"});
  Workspace w(github_tracker(github), {{"GITHUB_TOKEN", "ghp_test"}}, example_plan());
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto s = github.stats();
  EXPECT_EQ(s.at("throttled").to_number<int>(), 0);
  // 16 issues and 12 sub-issue links; at 80 a minute, 0.75 s apart (the clock's slack aside).
  const auto& times = s.at("write_times").as_array();
  ASSERT_EQ(times.size(), 28u);
  for (std::size_t i = 1; i < times.size(); ++i)
    EXPECT_GE(times[i].to_number<double>() - times[i - 1].to_number<double>(), 0.70) << "write " << i;
}

TEST(GithubLimits, WaitsOutA403RateLimitAnswerAndCreatesNothingTwice) {
  FakeServer github("fake_github.py", {});
  github.control("POST", "/__control/faults",
                 R"([{}, {"status": 403, "retry_after": 1, "body": {"message": "You have exceeded a secondary rate limit."}}])");
  Workspace w(github_tracker(github), {{"GITHUB_TOKEN", "ghp_test"}}, example_plan());
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto items = json::parse(github.control("GET", "/__control/items"));
  EXPECT_EQ(items.at("issues").as_array().size(), 17u);  // 16 and the pull request the fake starts with
}

TEST(TrelloLimits, StaysUnderAHundredRequestsInTenSecondsPerToken) {
  FakeServer trello("fake_trello.py", {"--token-limit", "100"});
  // 4 priorities and 120 actions: some 130 requests, more than a hundred in ten seconds unpaced.
  std::string plan = example_plan();
  std::string more;
  for (int i = 13; i <= 120; ++i)
    more += ",\n    { \"id\": \"a" + std::to_string(i) + "\", \"priority\": \"p" + std::to_string(1 + i % 4) +
            "\", \"what\": \"Action " + std::to_string(i) +
            "\", \"who\": \"claire\", \"for_whom\": \"everyone\", \"when\": \"2026-04-01\", \"days\": 1, \"how\": \"somehow\" }";
  plan.insert(plan.find("\"dashboard + carrier invoices\" }") + 32, more);
  json::object tracker{{"plugin", "trello"},
                       {"settings", {{"url", trello.url()}, {"allow_insecure_http", true}, {"board", "5f0b0a0a0a0a0a0a0a0a0a0a"},
                                     {"key", {{"env", "TRELLO_KEY"}}}, {"token", {{"env", "TRELLO_TOKEN"}}}}},
                       {"owners", rig_owners("alice", "bob")}};
  Workspace w(tracker, {{"TRELLO_KEY", "trello-key"}, {"TRELLO_TOKEN", "trello-token"}}, plan);
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("124 to create"), std::string::npos) << r.out;
  auto s = trello.stats();
  EXPECT_GT(s.at("requests").to_number<int>(), 120);
  EXPECT_EQ(s.at("throttled").to_number<int>(), 0);
}

TEST(JiraLimits, HonoursRetryAfterOnItsBurstLimit) {
  FakeServer jira("fake_jira.py", {"--burst-per-second", "4"});
  json::object tracker{{"plugin", "jira"},
                       {"settings", {{"url", jira.url()}, {"allow_insecure_http", true}, {"project", "SHOP"}, {"email", "pm@example.com"},
                                     {"api_token", {{"env", "JIRA_API_TOKEN"}}}, {"search_lag_seconds", 0}}},
                       {"owners", rig_owners("5b10a2844c20165700ede21g", "5b10ac8d82e05b22cc7d4ef5")}};
  Workspace w(tracker, {{"JIRA_API_TOKEN", "jira-test-token"}}, example_plan());
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto s = jira.stats();
  EXPECT_GT(s.at("throttled").to_number<int>(), 0);  // the limit was hit, and waited out
  auto items = json::parse(jira.control("GET", "/__control/items"));
  EXPECT_EQ(items.at("issues").as_array().size(), 16u);
}

TEST(JiraDataCenter, WritesThroughRestV2WithAPersonalAccessToken) {
  FakeServer jira("fake_jira.py", {});
  json::object tracker{{"plugin", "jira"},
                       {"settings", {{"url", jira.url()}, {"allow_insecure_http", true}, {"project", "SHOP"}, {"pat", {{"env", "JIRA_PAT"}}}}},
                       {"owners", rig_owners("alice", "bob")}};  // Data Center names users, Cloud gives account ids
  Workspace w(tracker, {{"JIRA_PAT", "jira-dc-pat"}}, example_plan());
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto items = json::parse(jira.control("GET", "/__control/items"));
  ASSERT_EQ(items.at("issues").as_array().size(), 16u);
  for (const auto& issue : items.at("issues").as_array()) {
    const auto& f = issue.at("fields").as_object();
    if (f.at("summary") != "Launch bundles on the 20 best sellers") continue;
    // Plain text, not ADF; alice is the account the name "alice" stands for.
    ASSERT_TRUE(f.at("description").is_string()) << json::serialize(f.at("description"));
    EXPECT_NE(std::string(f.at("description").as_string()).find("What: Launch bundles on the 20 best sellers\n"),
              std::string::npos);
    EXPECT_EQ(f.at("assignee").at("accountId"), "5b10a2844c20165700ede21g");
    EXPECT_EQ(f.at("duedate"), "2026-03-12");
  }
  {
    // What a crash right after the creates leaves: intents without the issues' keys. Data
    // Center's search is consistent, so they are found (and adopted) at once.
    SQLite::Database db(w.dir / "sextant.db", SQLite::OPEN_READWRITE);
    db.exec("UPDATE tasks SET remote_id = '', content_hash = ''");
  }
  r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 to create, 16 adopted"), std::string::npos) << r.out;
  EXPECT_EQ(json::parse(jira.control("GET", "/__control/items")).at("issues").as_array().size(), 16u);
}

}  // namespace
}  // namespace sextant::test
