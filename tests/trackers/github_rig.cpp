// The fake GitHub (tests/fakes/fake_github.py) as a rig: issues, sub-issue links, labels.
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "trackers/rig_support.hpp"

#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

namespace sextant::test {
namespace {

namespace json = boost::json;

std::vector<std::string> with_limits(std::vector<std::string> args, std::vector<std::string> limits) {
  args.insert(args.end(), limits.begin(), limits.end());
  return args;
}

class GithubRig final : public TrackerRig {
 public:
  explicit GithubRig(std::vector<std::string> limits = {})
      : server_("fake_github.py", with_limits({"--token", "ghp_test", "--users", "alice,bob"}, std::move(limits))) {}

  [[nodiscard]] json::object tracker_config() const override {
    return {{"plugin", "github"},
            {"settings", {{"url", server_.url()}, {"allow_insecure_http", true}, {"owner", "acme"}, {"repo", "shop"},
                          {"token", {{"env", "GITHUB_TOKEN"}}}, {"writes_per_minute", 80}}},
            {"owners", rig_owners("alice", "bob")}};
  }
  [[nodiscard]] std::map<std::string, std::string> env() const override { return {{"GITHUB_TOKEN", "ghp_test"}}; }

  std::vector<TrackerItem> items() override {
    auto store = json::parse(server_.control("GET", "/__control/items")).as_object();
    std::vector<TrackerItem> out;
    std::map<std::string, std::string> parents;
    for (const auto& v : store.at("issues").as_array()) {
      const auto& o = v.as_object();
      if (o.contains("pull_request")) continue;  // GitHub lists pull requests among issues; Sextant never writes one
      std::string body = o.at("body").is_string() ? std::string(o.at("body").as_string()) : "";
      TrackerItem item;
      item.key = plugin::marked_key(body);
      item.remote_id = std::to_string(o.at("number").to_number<std::int64_t>());
      item.title = std::string(o.at("title").as_string());
      for (const auto& l : o.at("labels").as_array()) item.labels.insert(std::string(l.at("name").as_string()));
      for (const auto& a : o.at("assignees").as_array()) item.assignee = std::string(a.at("login").as_string());
      item.start = text_detail(body, "Start");
      item.due = text_detail(body, "Due");
      item.estimate_hours = hours_of(text_detail(body, "Estimate"));
      bool closed = o.at("state").as_string() == "closed";
      bool working = item.labels.contains(std::string(plugin::kInProgressLabel));
      item.state = closed ? TaskState::done : working ? TaskState::in_progress : TaskState::open;
      if (!o.at("parent").is_null()) parents[item.remote_id] = std::to_string(o.at("parent").to_number<std::int64_t>());
      out.push_back(std::move(item));
    }
    resolve_parents(out, parents);
    return out;
  }

  std::optional<int> writes() override {
    return static_cast<int>(server_.stats().at("writes").to_number<std::int64_t>());
  }

  void move(const TrackerItem& item, TaskState state) override {
    const std::string issue = server_.url() + "/repos/acme/shop/issues/" + item.remote_id;
    std::vector<plugin::HttpHeader> auth{{"Authorization", "Bearer ghp_test"}, {"User-Agent", "a-person"}};
    if (state == TaskState::done) http_json("PATCH", issue, auth, R"({"state":"closed","state_reason":"completed"})");
    if (state == TaskState::in_progress) http_json("POST", issue + "/labels", auth, R"({"labels":["status:in-progress"]})");
  }

  void inject(const std::string& faults) override { server_.control("POST", "/__control/faults", faults); }

 private:
  FakeServer server_;
};

}  // namespace

std::unique_ptr<TrackerRig> github_rig() { return std::make_unique<GithubRig>(); }
std::unique_ptr<TrackerRig> github_rig_for_soak() {
  return std::make_unique<GithubRig>(
      std::vector<std::string>{"--write-limit-per-minute", "1000000", "--write-limit-per-hour", "1000000"});
}

}  // namespace sextant::test
