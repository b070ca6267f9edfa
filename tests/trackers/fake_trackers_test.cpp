// The tracker suite on the fake GitHub, GitLab, Jira and Trello servers, and each tracker's own
// limits: GitHub's writes one at a time and spaced by its limiter (on a manual clock), Trello's
// 100 requests per 10 s per token, Jira's 429 with Retry-After, GitHub's 403 rate-limit answer.
#include "support/fake_server.hpp"
#include "trackers/tracker_suite.hpp"

#include <sextant/http/timer.hpp>
#include <sextant/loading/plugin_host.hpp>
#include <sextant/loading/plugin_loader.hpp>
#include <sextant/time/clock.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

#include <sstream>

namespace sextant::test {
namespace {

namespace json = boost::json;

// Tests that need a fake server: injected faults.
class FakeTrackerSuite : public TrackerSuite {};

TEST_P(FakeTrackerSuite, RidesOutThrottlingAndServerErrors) {
  rig_->inject(R"([{"status": 429, "retry_after": 1}, {"status": 503}, {"status": 502}])");
  auto r = sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(rig_->items().size(), 16u);  // every item, keyed or not
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

TEST(GithubLimits, WritesGoOneAtATimeWithinTheSecondaryLimit) {
  FakeServer github("fake_github.py", {"--write-limit-per-minute", "80"});
  Workspace w(github_tracker(github), {{"GITHUB_TOKEN", "ghp_test"}}, example_plan());
  auto r = w.sextant({"push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // What the server sees, whatever the machine's load: 16 issues and 12 sub-issue links, never two
  // at once, none refused by its 80-a-minute window. The spacing itself is the limiter's decision,
  // checked on a manual clock below.
  auto s = github.stats();
  EXPECT_EQ(s.at("writes").to_number<int>(), 28);
  EXPECT_EQ(s.at("most_concurrent_writes").to_number<int>(), 1);
  EXPECT_EQ(s.at("throttled").to_number<int>(), 0);
}

// Every wait the HTTP policy schedules, recorded instead of slept: what the limiter decided.
class RecordingTimer final : public http::Timer {
 public:
  [[nodiscard]] std::chrono::steady_clock::time_point now() const override { return now_; }
  void sleep_for(std::chrono::milliseconds duration) override {
    now_ += duration;
    waits.push_back(duration);
  }
  std::vector<std::chrono::milliseconds> waits;

 private:
  std::chrono::steady_clock::time_point now_{};
};

// The GitHub plugin as the core runs it (PluginHost, PolicyClient), on a clock that only moves when
// the limiter waits: a priority and two actions at `writes_per_minute`; the waits scheduled.
std::vector<std::chrono::milliseconds> github_write_waits(int writes_per_minute, int& writes) {
  FakeServer github("fake_github.py", {});
  loading::PluginLoader loader({SEXTANT_TEST_PLUGIN_DIR});
  auto factory = loader.tracker_factory("github");
  EXPECT_TRUE(factory) << factory.error().message;
  std::ostringstream log_text;
  log::Logger logger(log_text, log::LogLevel::warning);
  time::FixedClock clock(std::chrono::sys_days{std::chrono::year{2026} / 3 / 1});
  RecordingTimer timer;
  ScratchDir dir;
  loading::PluginHost host("github", logger, clock, dir.path(), {}, timer, "Europe/Paris");
  json::object settings{{"url", github.url()}, {"owner", "acme"}, {"repo", "shop"}, {"token", "ghp_test"},
                        {"writes_per_minute", writes_per_minute}, {"allow_insecure_http", true}};
  auto tracker = loading::create_tracker(*factory, "github", settings, host);
  if (!tracker) {
    ADD_FAILURE() << tracker.error().message;
    return {};
  }
  auto task = [](std::string key, std::string parent) {
    TaskSpec spec;
    spec.key = std::move(key);
    spec.parent_key = std::move(parent);
    spec.title = spec.key;
    spec.description = "Paced.";
    return spec;
  };
  auto priority = (*tracker)->upsert(task("plan/p1", ""), "", "");
  EXPECT_TRUE(priority) << priority.error().message;
  for (const char* action : {"plan/a1", "plan/a2"}) {
    auto made = (*tracker)->upsert(task(action, "plan/p1"), "", priority->remote_id);
    EXPECT_TRUE(made) << made.error().message;
  }
  writes = github.stats().at("writes").to_number<int>();
  return timer.waits;
}

TEST(GithubLimits, SpacesWritesAtTheConfiguredPaceOnTheLimitersClock) {
  using std::chrono::milliseconds;
  // Three issues and two sub-issue links: five writes. A bucket of one write, refilled at the
  // configured pace: the first write finds it full, each next one waits 60 s / writes_per_minute
  // (the clock only moves while the limiter waits). Reads are not paced.
  int writes = 0;
  EXPECT_EQ(github_write_waits(80, writes), std::vector<milliseconds>(4, milliseconds{750}));
  EXPECT_EQ(writes, 5);
  EXPECT_EQ(github_write_waits(25, writes), std::vector<milliseconds>(4, milliseconds{2400}));
  EXPECT_EQ(writes, 5);
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
