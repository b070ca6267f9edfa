// tracker-trello: the action plan as cards on a Trello board. A card per priority and one per
// action, grouped by a board label per priority ("priority:p1"), with the quadrant as another
// label; the owner as member, start and due dates on the card, the estimate in the description,
// which also carries the task's key as a hidden marker. A card's list is its state (To Do,
// Doing, Done by default; missing lists are created). Lookups list the whole board, which is
// read from the database. Trello allows 100 requests per 10 s per token: a token bucket keeps
// below it.
#include "trello_card.hpp"
#include "tracker_trello_embedded.hpp"

#include <sextant/plugin/export.hpp>
#include <sextant/plugin/json_api.hpp>
#include <sextant/plugin/settings.hpp>
#include <sextant/plugin/task_listing.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace {

namespace json = boost::json;
using sextant::Errc;
using sextant::make_error;
using sextant::RemoteTask;
using sextant::Result;
using sextant::TaskSpec;
using sextant::TaskState;
using sextant::plugin::json_text;
using sextant::trello::Card;

constexpr std::array<std::string_view, 2> kSecrets{"/key", "/token"};
constexpr const char* kLimiter = "trello-token";

struct TrelloSettings {
  std::string url;
  std::string board;
  std::string key, token;
  std::map<TaskState, std::string> lists;  // state → list name
};

class TrelloTracker final : public sextant::plugin::Tracker {
 public:
  // Credentials in a header, never in the URL (where logs and proxies would keep them).
  TrelloTracker(TrelloSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)),
        host_(host),
        api_(host.http(), {"Trello",
                           s_.url,
                           {{"Authorization", "OAuth oauth_consumer_key=\"" + s_.key + "\", oauth_token=\"" + s_.token + "\""},
                            {"Accept", "application/json"}},
                           kLimiter,
                           ""}) {
    // 100 requests per 10 s per token: a burst of 5, then 9 a second, stays below it in any window.
    host_.http().budget(kLimiter, {5, 5, 9});
  }

  Result<> check() override {
    auto board = api_.get("/1/boards/" + s_.board + "?fields=name,closed");
    if (!board) {
      auto e = board.error();
      if (e.code == Errc::unauthorized) e.message += " — check the API key and the token";
      if (e.code == Errc::not_found) e.message += " — no board \"" + s_.board + "\" that this token can see";
      return e;
    }
    return {};
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override { return listing_.find(std::string(key)); }

  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id, std::string_view) override {
    auto lists = list_ids();
    if (!lists) return lists.error();
    json::object fields{{"name", spec.title},
                        {"desc", sextant::plugin::task_body(spec, {.assignee = true, .start = true, .due = true})}};
    if (spec.start) fields["start"] = sextant::trello::trello_date(*spec.start);
    if (spec.due) fields["due"] = sextant::trello::trello_date(*spec.due);
    std::string members;
    if (!spec.assignee.empty()) {
      auto member = member_id(spec.assignee);
      if (!member) return member.error();
      members = *member;
    }
    fields["idMembers"] = members;
    std::vector<std::string> names = spec.labels;
    names.push_back(sextant::plugin::priority_label(spec));
    std::vector<std::string> labels;
    for (const auto& name : names) {
      auto id = label_id(name);
      if (!id) return id.error();
      labels.push_back(*id);
    }
    auto sent = remote_id.empty() ? create_card(std::move(fields), labels, (**lists).at(TaskState::open))
                                  : update_card(std::move(fields), labels, remote_id);
    if (!sent) return sent.error();
    if (!sent->is_object()) return make_error(Errc::bad_response, "Trello answered without the card");
    Card card = sextant::trello::read_card(sent->as_object(), list_states_);
    listing_.remember(spec.key, card.task);
    return card.task;
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    return listing_.states(remote_ids, [this](const std::string& id) -> Result<RemoteTask> {
      host_.log(sextant::plugin::LogLevel::warning, "Trello card " + id + " is gone from the board (deleted or moved)");
      RemoteTask gone;
      gone.remote_id = id;
      return gone;
    });
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    json::object comment{{"text", "Sextant: " + std::string(note)}};
    if (auto sent = api_.write("POST", "/1/cards/" + std::string(remote_id) + "/actions/comments", comment, false); !sent)
      return sent.error();
    if (!close) return {};
    auto sent = api_.write("PUT", "/1/cards/" + std::string(remote_id), json::object{{"closed", true}}, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override {
    auto lists = list_ids();
    if (!lists) return lists.error();
    json::object fields{{"idList", (**lists).at(state)}, {"dueComplete", state == TaskState::done}};
    auto sent = api_.write("PUT", "/1/cards/" + std::string(remote_id), fields, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

 private:
  // A new card goes to the open list; where it sits after that is the team's call.
  Result<json::value> create_card(json::object fields, const std::vector<std::string>& labels, const std::string& list) {
    fields["idList"] = list;
    fields["idLabels"] = joined(labels);
    return api_.write("POST", "/1/cards", fields, false);
  }

  // Keeps the labels people added and replaces Sextant's.
  Result<json::value> update_card(json::object fields, std::vector<std::string> labels, std::string_view id) {
    auto current = api_.get("/1/cards/" + std::string(id) + "?fields=idLabels");
    if (!current) return current.error();
    if (const auto* ids = current->is_object() ? sextant::plugin::json_array(current->as_object(), "idLabels") : nullptr)
      for (const auto& l : *ids)
        if (l.is_string() && !sextants_label(std::string(l.get_string()))) labels.emplace_back(l.get_string());
    fields["idLabels"] = joined(labels);
    return api_.write("PUT", "/1/cards/" + std::string(id), fields, true);
  }

  // Labels Sextant sets (and replaces): "sextant", "quadrant:…", "priority:…".
  [[nodiscard]] bool sextants_label(const std::string& id) const {
    auto it = label_names_.find(id);
    if (it == label_names_.end()) return false;
    const auto& name = it->second;
    return name == "sextant" || name.starts_with("quadrant:") || name.starts_with("priority:");
  }

  static std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return out;
  }

  // The board's list for each state, created when missing.
  Result<const std::map<TaskState, std::string>*> list_ids() {
    if (!lists_.empty()) return &lists_;
    auto answer = api_.get("/1/boards/" + s_.board + "/lists?fields=name,closed");
    if (!answer) return answer.error();
    std::map<std::string, std::string> by_name;
    if (answer->is_array())
      for (const auto& l : answer->as_array())
        if (l.is_object() && json_text(l.as_object(), "closed") != "true")
          by_name.emplace(json_text(l.as_object(), "name"), json_text(l.as_object(), "id"));
    for (const auto& [state, name] : s_.lists) {
      if (auto it = by_name.find(name); it != by_name.end()) {
        lists_[state] = it->second;
        continue;
      }
      auto created = api_.write("POST", "/1/lists", json::object{{"name", name}, {"idBoard", s_.board}, {"pos", "bottom"}}, false);
      if (!created) return created.error();
      lists_[state] = created->is_object() ? json_text(created->as_object(), "id") : "";
    }
    for (const auto& [state, id] : lists_) list_states_[id] = state;
    return &lists_;
  }

  // A board label by name, created when missing.
  Result<std::string> label_id(const std::string& name) {
    if (labels_.empty()) {
      auto answer = api_.get("/1/boards/" + s_.board + "/labels?fields=name");
      if (!answer) return answer.error();
      if (answer->is_array())
        for (const auto& l : answer->as_array())
          if (l.is_object()) {
            labels_.emplace(json_text(l.as_object(), "name"), json_text(l.as_object(), "id"));
            label_names_[json_text(l.as_object(), "id")] = json_text(l.as_object(), "name");
          }
      labels_.emplace("", "");  // read once, even on a board without labels
    }
    if (auto it = labels_.find(name); it != labels_.end()) return it->second;
    auto created = api_.write("POST", "/1/boards/" + s_.board + "/labels", json::object{{"name", name}, {"color", nullptr}}, false);
    if (!created) return created.error();
    std::string id = created->is_object() ? json_text(created->as_object(), "id") : "";
    labels_[name] = id;
    label_names_[id] = name;
    return id;
  }

  // A board member's id from the owners map: an id, or a username looked up once.
  Result<std::string> member_id(const std::string& who) {
    if (members_.empty()) {
      auto answer = api_.get("/1/boards/" + s_.board + "/members?fields=username");
      if (!answer) return answer.error();
      if (answer->is_array())
        for (const auto& m : answer->as_array())
          if (m.is_object()) {
            members_[json_text(m.as_object(), "username")] = json_text(m.as_object(), "id");
            members_[json_text(m.as_object(), "id")] = json_text(m.as_object(), "id");
          }
    }
    if (auto it = members_.find(who); it != members_.end()) return it->second;
    return make_error(Errc::invalid_input, "Trello board " + s_.board + " has no member \"" + who +
                                               "\": map the plan's \"who\" to a member's username in the tracker's \"owners\"");
  }

  // Every card of the board, archived ones included, with the key in its description.
  Result<std::vector<std::pair<std::string, RemoteTask>>> list_cards() {
    if (auto lists = list_ids(); !lists) return lists.error();
    auto answer = api_.get("/1/boards/" + s_.board + "/cards/all?fields=name,desc,idList,idLabels,closed,dueComplete,badges,url");
    if (!answer) return answer.error();
    if (!answer->is_array()) return make_error(Errc::bad_response, "Trello sent a card listing that is not a list");
    std::vector<std::pair<std::string, RemoteTask>> found;
    for (const auto& item : answer->as_array())
      if (item.is_object()) {
        Card card = sextant::trello::read_card(item.as_object(), list_states_);
        found.emplace_back(card.key, card.task);
      }
    return found;
  }

  TrelloSettings s_;
  sextant::plugin::Host& host_;
  sextant::plugin::JsonApi api_;
  std::map<TaskState, std::string> lists_;         // state → list id
  std::map<std::string, TaskState> list_states_;   // list id → state
  std::map<std::string, std::string> labels_;      // name → id
  std::map<std::string, std::string> label_names_; // id → name
  std::map<std::string, std::string> members_;     // username or id → id
  sextant::plugin::TaskListing listing_{[this] { return list_cards(); }};
};

class TrelloFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{
        "Cards on a Trello board: one per priority and per action, a label per priority, a list per state",
        sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets, {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "board", "key", "token", "lists"}); !ok) return ok.error();
    auto url = s.credential_url("url", "https://api.trello.com");
    auto board = s.string("board");
    auto key = s.string("key");
    auto token = s.string("token");
    for (const auto* r : {&url, &board, &key, &token})
      if (!*r) return r->error();
    TrelloSettings t{*url, *board, *key, *token, {{TaskState::open, "To Do"}, {TaskState::in_progress, "Doing"},
                                                    {TaskState::done, "Done"}}};
    if (const auto* lists = settings.if_contains("lists")) {
      if (!lists->is_object()) return Settings::fail("lists", "expected an object: {\"open\": ..., \"in-progress\": ..., \"done\": ...}");
      Settings l(lists->as_object());
      if (auto ok = l.only({"open", "in-progress", "done"}); !ok) {
        auto e = ok.error();
        e.field = "/lists" + e.field;
        return e;
      }
      for (auto& [state, name] : t.lists) {
        auto given = l.string(sextant::to_string(state), name);
        if (!given) {
          auto e = given.error();
          e.field = "/lists" + e.field;
          return e;
        }
        name = *given;
      }
    }
    return std::unique_ptr<sextant::plugin::Tracker>(std::make_unique<TrelloTracker>(std::move(t), host));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(TrelloFactory, "trello", "1.0.0")
