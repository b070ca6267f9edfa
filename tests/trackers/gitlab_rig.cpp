// The fake GitLab (tests/fakes/fake_gitlab.py) as a rig: issues, labels, links to the priority.
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "trackers/rig_support.hpp"

#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

namespace sextant::test {
namespace {

namespace json = boost::json;

class GitlabRig final : public TrackerRig {
 public:
  GitlabRig() : server_("fake_gitlab.py", {"--token", "glpat-test", "--users", "alice,bob"}) {}

  [[nodiscard]] json::object tracker_config() const override {
    return {{"plugin", "gitlab"},
            {"settings", {{"url", server_.url()}, {"allow_insecure_http", true}, {"project", "acme/shop"}, {"token", {{"env", "GITLAB_TOKEN"}}}}},
            {"owners", rig_owners("alice", "bob")}};
  }
  [[nodiscard]] std::map<std::string, std::string> env() const override { return {{"GITLAB_TOKEN", "glpat-test"}}; }

  std::vector<TrackerItem> items() override {
    auto store = json::parse(server_.control("GET", "/__control/items")).as_object();
    std::vector<TrackerItem> out;
    std::map<std::string, std::string> parents;
    std::map<std::string, std::vector<std::string>> links;
    for (const auto& v : store.at("issues").as_array()) {
      const auto& o = v.as_object();
      std::string body = o.at("description").is_string() ? std::string(o.at("description").as_string()) : "";
      TrackerItem item;
      item.key = plugin::marked_key(body);
      item.remote_id = std::to_string(o.at("iid").to_number<std::int64_t>());
      item.title = std::string(o.at("title").as_string());
      for (const auto& l : o.at("labels").as_array()) item.labels.insert(std::string(l.as_string()));
      for (const auto& a : o.at("assignees").as_array()) item.assignee = std::string(a.at("username").as_string());
      item.start = text_detail(body, "Start");
      if (o.at("due_date").is_string()) item.due = std::string(o.at("due_date").as_string());
      auto seconds = o.at("time_stats").at("time_estimate").to_number<std::int64_t>();
      if (seconds > 0) item.estimate_hours = static_cast<double>(seconds) / 3600.0;
      bool closed = o.at("state").as_string() == "closed";
      bool working = item.labels.contains(std::string(plugin::kInProgressLabel));
      item.state = closed ? TaskState::done : working ? TaskState::in_progress : TaskState::open;
      for (const auto& l : o.at("links").as_array())
        links[item.remote_id].push_back(std::to_string(l.at("iid").to_number<std::int64_t>()));
      out.push_back(std::move(item));
    }
    // A priority wears its own label ("plan/p1" wears "priority:p1"); an action links to one.
    std::set<std::string> priorities;
    for (const auto& i : out)
      if (i.labels.contains("priority:" + i.key.substr(i.key.rfind('/') + 1))) priorities.insert(i.remote_id);
    for (const auto& i : out)
      if (!priorities.contains(i.remote_id))
        for (const auto& linked : links[i.remote_id])
          if (priorities.contains(linked)) parents[i.remote_id] = linked;
    resolve_parents(out, parents);
    return out;
  }

  std::optional<int> writes() override {
    return static_cast<int>(server_.stats().at("writes").to_number<std::int64_t>());
  }

  void move(const TrackerItem& item, TaskState state) override {
    const std::string issue = server_.url() + "/api/v4/projects/acme%2Fshop/issues/" + item.remote_id;
    std::vector<plugin::HttpHeader> auth{{"PRIVATE-TOKEN", "glpat-test"}};
    if (state == TaskState::done) http_json("PUT", issue, auth, R"({"state_event":"close"})");
    if (state == TaskState::in_progress) http_json("PUT", issue, auth, R"({"add_labels":"status:in-progress"})");
  }

  void inject(const std::string& faults) override { server_.control("POST", "/__control/faults", faults); }

 private:
  FakeServer server_;
};

}  // namespace

std::unique_ptr<TrackerRig> gitlab_rig() { return std::make_unique<GitlabRig>(); }

}  // namespace sextant::test
