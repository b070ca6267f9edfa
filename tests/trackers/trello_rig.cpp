// The fake Trello (tests/fakes/fake_trello.py) as a rig: cards, their lists and labels.
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "trackers/rig_support.hpp"

#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

namespace sextant::test {
namespace {

namespace json = boost::json;

constexpr const char* kBoard = "5f0b0a0a0a0a0a0a0a0a0a0a";
constexpr const char* kAuth = R"(OAuth oauth_consumer_key="trello-key", oauth_token="trello-token")";

class TrelloRig final : public TrackerRig {
 public:
  TrelloRig() : server_("fake_trello.py", {"--board", kBoard, "--members", "alice,bob"}) {
    // Read once, before Sextant's requests count against the token's 100 in 10 s: the members
    // never change, and a rig that asked again could be refused in the middle of a test.
    auto members = http_json("GET", server_.url() + "/1/boards/" + kBoard + "/members", auth());
    for (const auto& m : members.as_array())
      usernames_[std::string(m.at("id").as_string())] = std::string(m.at("username").as_string());
  }

  [[nodiscard]] json::object tracker_config() const override {
    return {{"plugin", "trello"},
            {"settings", {{"url", server_.url()}, {"allow_insecure_http", true}, {"board", kBoard}, {"key", {{"env", "TRELLO_KEY"}}},
                          {"token", {{"env", "TRELLO_TOKEN"}}}}},
            {"owners", rig_owners("alice", "bob")}};
  }
  [[nodiscard]] std::map<std::string, std::string> env() const override {
    return {{"TRELLO_KEY", "trello-key"}, {"TRELLO_TOKEN", "trello-token"}};
  }

  std::vector<TrackerItem> items() override {
    auto store = json::parse(server_.control("GET", "/__control/items")).as_object();
    std::map<std::string, std::string> list_names;
    for (const auto& l : store.at("lists").as_array())
      list_names[std::string(l.at("id").as_string())] = std::string(l.at("name").as_string());
    std::vector<TrackerItem> out;
    for (const auto& v : store.at("cards").as_array()) {
      const auto& o = v.as_object();
      std::string desc(o.at("desc").as_string());
      TrackerItem item;
      item.key = plugin::marked_key(desc);
      item.remote_id = std::string(o.at("id").as_string());
      item.title = std::string(o.at("name").as_string());
      for (const auto& l : o.at("labels").as_array()) item.labels.insert(std::string(l.at("name").as_string()));
      for (const auto& m : o.at("idMembers").as_array()) item.assignee = usernames_[std::string(m.as_string())];
      if (o.at("start").is_string()) item.start = std::string(o.at("start").as_string()).substr(0, 10);
      if (o.at("due").is_string()) item.due = std::string(o.at("due").as_string()).substr(0, 10);
      item.estimate_hours = hours_of(text_detail(desc, "Estimate"));
      const auto& list = list_names[std::string(o.at("idList").as_string())];
      const bool archived = o.at("closed").as_bool();
      item.state = list == "Done" || archived ? TaskState::done : list == "Doing" ? TaskState::in_progress : TaskState::open;
      // Trello has no parent cards: an action belongs to the priority whose label it wears.
      out.push_back(std::move(item));
    }
    std::map<std::string, std::string> priority_of_label;
    for (const auto& i : out) {
      const std::string own = "priority:" + i.key.substr(i.key.rfind('/') + 1);
      if (i.labels.contains(own)) priority_of_label[own] = i.key;
    }
    for (auto& i : out)
      for (const auto& l : i.labels)
        if (auto p = priority_of_label.find(l); p != priority_of_label.end() && p->second != i.key) i.parent_key = p->second;
    return out;
  }

  std::optional<int> writes() override {
    return static_cast<int>(server_.stats().at("writes").to_number<std::int64_t>());
  }

  void move(const TrackerItem& item, TaskState state) override {
    const char* list_name = state == TaskState::done ? "Done" : state == TaskState::in_progress ? "Doing" : "To Do";
    auto lists = http_json("GET", server_.url() + "/1/boards/" + kBoard + "/lists", auth());
    for (const auto& l : lists.as_array())
      if (l.at("name") == list_name) {
        json::object body{{"idList", l.at("id")}};
        http_json("PUT", server_.url() + "/1/cards/" + item.remote_id, auth(), json::serialize(body));
        return;
      }
    throw std::runtime_error(std::string("no list ") + list_name);
  }

  void inject(const std::string& faults) override { server_.control("POST", "/__control/faults", faults); }

 private:
  static std::vector<plugin::HttpHeader> auth() { return {{"Authorization", kAuth}}; }
  FakeServer server_;
  std::map<std::string, std::string> usernames_;  ///< member id → username
};

}  // namespace

std::unique_ptr<TrackerRig> trello_rig() { return std::make_unique<TrelloRig>(); }

}  // namespace sextant::test
