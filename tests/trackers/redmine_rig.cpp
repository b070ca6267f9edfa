// The real Redmine (tests/redmine: started once per test program by RedmineServer) as a rig: a
// new private project per test, with alice (Manager) and bob (Developer) as members; Sextant
// writes as alice, a non-administrator, so owners are given as user ids.
#include "trackers/redmine_rig.hpp"

#include "support/http_call.hpp"
#include "trackers/rig_support.hpp"

#include <boost/json.hpp>

#include <unistd.h>

#include <atomic>
#include <stdexcept>

namespace sextant::test {
namespace {

namespace json = boost::json;

const json::object& server() {
  static const json::object info = json::parse(read_file(RedmineServer::dir() / "redmine.json")).as_object();
  return info;
}
std::string text(const json::value& v) { return std::string(v.as_string()); }

class RedmineRig final : public TrackerRig {
 public:
  RedmineRig() {
    static std::atomic<int> counter{0};
    identifier_ = "plan-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    const auto cf = server().at("custom_field_id").to_number<int>();
    json::object project{{"name", identifier_}, {"identifier", identifier_}, {"is_public", false},
                         {"tracker_ids", {1, 2, 3}}, {"issue_custom_field_ids", {cf}},
                         {"enabled_module_names", {"issue_tracking"}}};
    auto created = admin("POST", "/projects.json", json::serialize(json::object{{"project", project}}));
    project_id_ = created.at("project").at("id").to_number<int>();
    for (auto [user, role] : {std::pair{"alice", 3}, std::pair{"bob", 4}}) {
      json::object membership{{"user_id", server().at("users").at(user)}, {"role_ids", {role}}};
      admin("POST", "/projects/" + identifier_ + "/memberships.json",
            json::serialize(json::object{{"membership", membership}}));
    }
    auto statuses = admin("GET", "/issue_statuses.json");
    for (const auto& s : statuses.at("issue_statuses").as_array())
      closed_[s.at("id").to_number<int>()] = s.at("is_closed").as_bool();
  }

  [[nodiscard]] json::object tracker_config() const override {
    const auto& users = server().at("users");
    return {{"plugin", "redmine"},
            {"settings", {{"url", server().at("url")}, {"allow_insecure_http", true}, {"api_key", {{"env", "REDMINE_API_KEY"}}}, {"project", identifier_}}},
            {"owners", rig_owners(std::to_string(users.at("alice").to_number<int>()),
                                  std::to_string(users.at("bob").to_number<int>()))}};
  }
  [[nodiscard]] std::map<std::string, std::string> env() const override {
    return {{"REDMINE_API_KEY", text(server().at("alice_key"))}};
  }

  std::vector<TrackerItem> items() override {
    // Every issue of the test's project, open or closed, keyed or not, in one page.
    auto answer = admin("GET", "/issues.json?project_id=" + std::to_string(project_id_) + "&status_id=*&limit=100");
    if (answer.at("total_count").to_number<int>() > static_cast<int>(answer.at("issues").as_array().size()))
      throw std::runtime_error("more issues in the project than one page of 100");
    std::vector<TrackerItem> out;
    std::map<std::string, std::string> parents;
    for (const auto& v : answer.at("issues").as_array()) {
      const auto& o = v.as_object();
      TrackerItem item;
      for (const auto& f : o.at("custom_fields").as_array())
        if (f.at("name") == "External ID" && f.at("value").is_string()) item.key = text(f.at("value"));
      item.remote_id = std::to_string(o.at("id").to_number<int>());
      item.title = text(o.at("subject"));
      if (auto c = o.find("category"); c != o.end()) item.labels.insert("quadrant:" + text(c->value().at("name")));
      if (auto a = o.find("assigned_to"); a != o.end()) item.assignee = std::to_string(a->value().at("id").to_number<int>());
      if (auto s = o.find("start_date"); s != o.end() && s->value().is_string()) item.start = text(s->value());
      if (auto d = o.find("due_date"); d != o.end() && d->value().is_string()) item.due = text(d->value());
      if (auto e = o.find("estimated_hours"); e != o.end() && e->value().is_number())
        item.estimate_hours = e->value().to_number<double>();
      const int status = o.at("status").at("id").to_number<int>();
      item.state = closed_[status] ? TaskState::done : status == 1 ? TaskState::open : TaskState::in_progress;
      if (auto p = o.find("parent"); p != o.end()) parents[item.remote_id] = std::to_string(p->value().at("id").to_number<int>());
      out.push_back(std::move(item));
    }
    resolve_parents(out, parents);
    return out;
  }

  std::optional<int> writes() override { return std::nullopt; }

  void move(const TrackerItem& item, TaskState state) override {
    const int status = state == TaskState::done ? 5 : state == TaskState::in_progress ? 2 : 1;  // Closed, In Progress, New
    auto answer = http_call("PUT", url("/issues/" + item.remote_id + ".json"), auth(),
                            json::serialize(json::object{{"issue", {{"status_id", status}}}}));
    if (answer.status != 204) throw std::runtime_error("moving #" + item.remote_id + ": " + answer.body);
  }

  void inject(const std::string&) override { throw std::logic_error("a real Redmine takes no injected faults"); }

 private:
  static std::string url(const std::string& path) { return text(server().at("url")) + path; }
  static std::vector<plugin::HttpHeader> auth() { return {{"X-Redmine-API-Key", text(server().at("admin_key"))}}; }
  static json::value admin(const std::string& method, const std::string& path, const std::string& body = "") {
    return http_json(method, url(path), auth(), body);
  }

  std::string identifier_;
  int project_id_ = 0;
  std::map<int, bool> closed_;
};

}  // namespace

std::unique_ptr<TrackerRig> redmine_rig() { return std::make_unique<RedmineRig>(); }

}  // namespace sextant::test
