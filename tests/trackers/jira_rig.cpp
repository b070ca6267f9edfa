// The fake Jira Cloud (tests/fakes/fake_jira.py) as a rig: issues, parents, labels, statuses
// moved through the workflow's transitions; its search lags behind writes, as Jira Cloud's does.
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "trackers/rig_support.hpp"

#include <sextant/plugin/encoding.hpp>

#include <boost/json.hpp>

namespace sextant::test {
namespace {

namespace json = boost::json;

constexpr const char* kAlice = "5b10a2844c20165700ede21g";
constexpr const char* kBob = "5b10ac8d82e05b22cc7d4ef5";


class JiraRig final : public TrackerRig {
 public:
  JiraRig() : server_("fake_jira.py", {"--search-lag-ms", "1500"}) {}

  [[nodiscard]] json::object tracker_config() const override {
    return {{"plugin", "jira"},
            {"settings", {{"url", server_.url()}, {"allow_insecure_http", true}, {"project", "SHOP"}, {"email", "pm@example.com"},
                          {"api_token", {{"env", "JIRA_API_TOKEN"}}}, {"start_date_field", "customfield_10015"},
                          {"search_lag_seconds", 2}}},
            {"owners", rig_owners(kAlice, kBob)}};
  }
  [[nodiscard]] std::map<std::string, std::string> env() const override { return {{"JIRA_API_TOKEN", "jira-test-token"}}; }

  std::vector<TrackerItem> items() override {
    auto store = json::parse(server_.control("GET", "/__control/items")).as_object();
    std::vector<TrackerItem> out;
    std::map<std::string, std::string> parents;
    for (const auto& v : store.at("issues").as_array()) {
      const auto& o = v.as_object();
      const auto& f = o.at("fields").as_object();
      TrackerItem item;
      for (const auto& l : f.at("labels").as_array()) {
        std::string label(l.as_string());
        if (label.starts_with("sextant:")) item.key = label.substr(8);
        else if (label != "sextant") item.labels.insert(label);
      }
      item.remote_id = std::string(o.at("key").as_string());
      item.title = std::string(f.at("summary").as_string());
      if (f.at("assignee").is_object()) item.assignee = std::string(f.at("assignee").at("accountId").as_string());
      if (f.at("customfield_10015").is_string()) item.start = std::string(f.at("customfield_10015").as_string());
      if (f.at("duedate").is_string()) item.due = std::string(f.at("duedate").as_string());
      const auto& tracking = f.at("timetracking").as_object();
      if (auto s = tracking.find("originalEstimateSeconds"); s != tracking.end())
        item.estimate_hours = static_cast<double>(s->value().to_number<std::int64_t>()) / 3600.0;
      std::string category(f.at("status").at("statusCategory").at("key").as_string());
      item.state = category == "done" ? TaskState::done : category == "indeterminate" ? TaskState::in_progress : TaskState::open;
      if (auto p = f.find("parent"); p != f.end() && p->value().is_object())
        parents[item.remote_id] = std::string(p->value().at("key").as_string());
      out.push_back(std::move(item));
    }
    resolve_parents(out, parents);
    return out;
  }

  std::optional<int> writes() override {
    return static_cast<int>(server_.stats().at("writes").to_number<std::int64_t>());
  }

  void move(const TrackerItem& item, TaskState state) override {
    const std::string issue = server_.url() + "/rest/api/3/issue/" + item.remote_id;
    std::vector<plugin::HttpHeader> auth{{"Authorization", "Basic " + plugin::base64("pm@example.com:jira-test-token")}};
    const char* wanted = state == TaskState::done ? "done" : state == TaskState::in_progress ? "indeterminate" : "new";
    auto transitions = http_json("GET", issue + "/transitions", auth);
    for (const auto& t : transitions.at("transitions").as_array())
      if (t.at("to").at("statusCategory").at("key") == wanted) {
        json::object body{{"transition", {{"id", t.at("id")}}}};
        auto answer = http_call("POST", issue + "/transitions", auth, json::serialize(body));
        if (answer.status != 204) throw std::runtime_error("transition failed: " + answer.body);
        return;
      }
    throw std::runtime_error("no transition to " + std::string(wanted));
  }

  void inject(const std::string& faults) override { server_.control("POST", "/__control/faults", faults); }

 private:
  FakeServer server_;
};

}  // namespace

std::unique_ptr<TrackerRig> jira_rig() { return std::make_unique<JiraRig>(); }

}  // namespace sextant::test
