// tracker-redmine: the action plan as Redmine issues over the REST API. One parent issue per
// priority, one child per action (parent_issue_id); the quadrant as the issue's category; the
// owner, start and due dates and the estimate in Redmine's own fields (a parent's dates and
// estimate are derived from its children, so they are not written). Each issue carries its
// task's key in a custom field, looked up with an exact filter that reads the database.
#include "redmine_project.hpp"
#include "tracker_redmine_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/json_api.hpp>
#include <sextant/plugin/settings.hpp>

#include <boost/json.hpp>

#include <array>
#include <cmath>

namespace {

namespace json = boost::json;
using sextant::Errc;
using sextant::make_error;
using sextant::RemoteTask;
using sextant::Result;
using sextant::TaskSpec;
using sextant::TaskState;
using sextant::redmine::Project;

constexpr std::array<std::string_view, 1> kSecrets{"/api_key"};

struct RedmineSettings {
  std::string url;
  std::string api_key;
  std::string project;
  std::string tracker;
  std::string external_id_field;
  std::string in_progress_status;
  std::string closed_status;
};

class RedmineTracker final : public sextant::plugin::Tracker {
 public:
  RedmineTracker(RedmineSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)),
        host_(host),
        api_(host.http(), {"Redmine", s_.url, {{"X-Redmine-API-Key", s_.api_key}, {"Accept", "application/json"}}, "", ""}) {}

  Result<> check() override {
    auto me = api_.get_object("/users/current.json");
    if (!me) {
      auto e = me.error();
      if (e.code == Errc::unauthorized) e.message += " — check the API key, and that the REST API is enabled";
      return e;
    }
    auto p = project();
    return p ? Result<>{} : Result<>(p.error());
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override {
    auto p = project();
    if (!p) return p.error();
    // The long filter form takes the value literally (the short cf_N=VALUE reads a leading
    // "!" or "~" as an operator and "|" as "or"); with f[] no "open only" default applies.
    const std::string field = "cf_" + std::to_string((*p)->external_id_field);
    auto answer = api_.get_object("/issues.json?" + sextant::plugin::query_string({{"project_id", std::to_string((*p)->id)},
                                                                               {"f[]", field},
                                                                               {"op[" + field + "]", "="},
                                                                               {"v[" + field + "][]", std::string(key)},
                                                                               {"limit", "2"}}));
    if (!answer) return answer.error();
    const auto* issues = sextant::plugin::json_array(*answer, "issues");
    if (!issues || issues->empty()) return std::optional<RemoteTask>{};
    if (issues->size() > 1)
      return make_error(Errc::remote_rejected, "Redmine has two issues with the key \"" + std::string(key) +
                                                   "\": keep one and clear the field of the other");
    return std::optional<RemoteTask>{sextant::redmine::remote_task(issues->front().as_object(), **p, s_.url)};
  }

  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id,
                            std::string_view parent_remote_id) override {
    auto p = project();
    if (!p) return p.error();
    auto fields = issue_fields(spec, **p, parent_remote_id);
    if (!fields) return fields.error();
    json::object body{{"issue", std::move(*fields)}};
    if (remote_id.empty()) {
      auto created = api_.write("POST", "/issues.json", body, false);
      if (!created) return created.error();
      const auto* issue = created->is_object() ? sextant::plugin::json_object(created->as_object(), "issue") : nullptr;
      if (!issue) return make_error(Errc::bad_response, "Redmine answered a create without the issue");
      return sextant::redmine::remote_task(*issue, **p, s_.url);
    }
    if (auto sent = api_.write("PUT", "/issues/" + std::string(remote_id) + ".json", body, true); !sent)
      return sent.error();
    return issue(remote_id);
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    auto p = project();
    if (!p) return p.error();
    std::map<std::string, RemoteTask> found;
    // Redmine answers at most 100 issues a page: ask for them 100 ids at a time.
    for (std::size_t from = 0; from < remote_ids.size(); from += 100) {
      std::string ids;
      for (std::size_t i = from; i < std::min(remote_ids.size(), from + 100); ++i)
        ids += (ids.empty() ? "" : ",") + remote_ids[i];
      auto answer = api_.get_object("/issues.json?" + sextant::plugin::query_string(
                                                     {{"issue_id", ids}, {"status_id", "*"}, {"limit", "100"}}));
      if (!answer) return answer.error();
      if (const auto* issues = sextant::plugin::json_array(*answer, "issues"))
        for (const auto& i : *issues)
          if (i.is_object()) {
            auto t = sextant::redmine::remote_task(i.as_object(), **p, s_.url);
            found[t.remote_id] = t;
          }
    }
    std::vector<RemoteTask> out;
    for (const auto& id : remote_ids) {
      auto it = found.find(id);
      if (it != found.end()) {
        out.push_back(it->second);
        continue;
      }
      host_.log(sextant::plugin::LogLevel::warning, "Redmine issue #" + id + " is gone (deleted, or not visible to this key)");
      RemoteTask gone;
      gone.remote_id = id;
      out.push_back(gone);
    }
    return out;
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    json::object issue{{"notes", "Sextant: " + std::string(note)}};
    if (close) {
      auto p = project();
      if (!p) return p.error();
      auto closed = closed_status(**p);
      if (!closed) return closed.error();
      issue["status_id"] = *closed;
    }
    // A note sent twice would show twice: not repeated.
    auto sent = api_.write("PUT", "/issues/" + std::string(remote_id) + ".json", json::object{{"issue", issue}}, false);
    if (!sent) return sent.error();
    return close ? expect_state(remote_id, TaskState::done) : Result<>{};
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override {
    auto p = project();
    if (!p) return p.error();
    int status_id = 0;
    switch (state) {
      case TaskState::open: status_id = (*p)->default_status_id; break;
      case TaskState::in_progress: {
        const auto* s = (*p)->status_named(s_.in_progress_status);
        if (!s || s->closed)
          return make_error(Errc::invalid_input, "Redmine has no open status \"" + s_.in_progress_status + "\"",
                            "/in_progress_status");
        status_id = s->id;
        break;
      }
      case TaskState::done: {
        auto closed = closed_status(**p);
        if (!closed) return closed.error();
        status_id = *closed;
        break;
      }
    }
    json::object issue{{"status_id", status_id}};
    if (state == TaskState::done) issue["done_ratio"] = 100;
    if (state == TaskState::open) issue["done_ratio"] = 0;
    auto sent = api_.write("PUT", "/issues/" + std::string(remote_id) + ".json", json::object{{"issue", issue}}, true);
    if (!sent) return sent.error();
    return expect_state(remote_id, state);
  }

 private:
  // Redmine answers a status change the workflow forbids with 204 and changes nothing: read back.
  Result<> expect_state(std::string_view remote_id, TaskState wanted) {
    auto now = issue(remote_id);
    if (!now) return now.error();
    if (now->state == wanted) return {};
    return make_error(Errc::remote_rejected, "Redmine kept issue #" + std::string(remote_id) + " " +
                                                 std::string(sextant::to_string(now->state)) +
                                                 ": the workflow does not let this user's role make that change");
  }

  Result<int> closed_status(const Project& p) const {
    if (!s_.closed_status.empty()) {
      const auto* s = p.status_named(s_.closed_status);
      if (!s || !s->closed)
        return make_error(Errc::invalid_input, "Redmine has no closed status \"" + s_.closed_status + "\"",
                          "/closed_status");
      return s->id;
    }
    for (const auto& s : p.statuses)
      if (s.closed) return s.id;
    return make_error(Errc::remote_rejected, "Redmine has no closed status");
  }

  Result<json::object> issue_fields(const TaskSpec& spec, const Project& p, std::string_view parent) {
    json::object f;
    f["project_id"] = p.id;
    f["tracker_id"] = p.tracker_id;
    f["subject"] = spec.title;
    f["description"] = spec.description;
    f["custom_fields"] = json::array{json::object{{"id", p.external_id_field}, {"value", spec.key}}};
    if (!parent.empty()) f["parent_issue_id"] = std::stoi(std::string(parent));
    // A parent's dates and estimate are its children's (Redmine derives them): only actions get them.
    if (!spec.parent_key.empty()) {
      if (spec.start) f["start_date"] = sextant::format_date(*spec.start);
      if (spec.due) f["due_date"] = sextant::format_date(*spec.due);
      if (spec.estimate_hours) f["estimated_hours"] = std::round(*spec.estimate_hours * 100) / 100;
    }
    for (const auto& label : spec.labels) {
      if (!label.starts_with("quadrant:")) continue;
      auto category = category_id(label.substr(9));
      if (!category) return category.error();
      if (*category) f["category_id"] = *category;
    }
    if (!spec.assignee.empty()) {
      auto user = user_id(spec.assignee);
      if (!user) return user.error();
      f["assigned_to_id"] = *user;
    }
    return f;
  }

  // The quadrant's issue category, created when missing; 0 when this user may not create it.
  Result<int> category_id(const std::string& name) {
    auto& p = *project_;
    if (auto it = p.categories.find(name); it != p.categories.end()) return it->second;
    json::object body{{"issue_category", json::object{{"name", name}}}};
    auto created = api_.write("POST", "/projects/" + std::to_string(p.id) + "/issue_categories.json", body, false);
    if (!created) {
      if (created.error().code != Errc::unauthorized) return created.error();
      host_.log(sextant::plugin::LogLevel::warning, "cannot create the issue category \"" + name +
                                                        "\" (the role lacks \"Manage issue categories\"): issues go without");
      p.categories[name] = 0;
      return 0;
    }
    const auto* category = created->is_object() ? sextant::plugin::json_object(created->as_object(), "issue_category") : nullptr;
    int id = category ? std::stoi(sextant::plugin::json_text(*category, "id")) : 0;
    p.categories[name] = id;
    return id;
  }

  // A user id: the owners map may give it as a number, or as a login looked up once.
  Result<int> user_id(const std::string& who) {
    if (!who.empty() && who.find_first_not_of("0123456789") == std::string::npos) return std::stoi(who);
    if (auto it = users_.find(who); it != users_.end()) return it->second;
    auto answer = api_.get_object("/users.json?" + sextant::plugin::query_string({{"name", who}, {"limit", "100"}}));
    if (!answer) {
      auto e = answer.error();
      if (e.code == Errc::unauthorized)
        e.message += " — only administrators can look users up by login: give the user's numeric id in \"owners\"";
      return e;
    }
    if (const auto* users = sextant::plugin::json_array(*answer, "users"))
      for (const auto& u : *users)
        if (u.is_object() && sextant::plugin::json_text(u.as_object(), "login") == who)
          return users_[who] = std::stoi(sextant::plugin::json_text(u.as_object(), "id"));
    return make_error(Errc::invalid_input, "Redmine has no user with the login \"" + who +
                                               "\": map the plan's \"who\" to a Redmine login in the tracker's \"owners\"");
  }

  Result<RemoteTask> issue(std::string_view remote_id) {
    auto answer = api_.get_object("/issues/" + std::string(remote_id) + ".json");
    if (!answer) return answer.error();
    const auto* issue = sextant::plugin::json_object(*answer, "issue");
    if (!issue) return make_error(Errc::bad_response, "Redmine sent an issue without \"issue\"");
    return sextant::redmine::remote_task(*issue, *project_, s_.url);
  }

  Result<const Project*> project() {
    if (project_) return &*project_;
    auto project = api_.get_object("/projects/" + sextant::plugin::percent_encode(s_.project) +
                              ".json?include=trackers,issue_categories,issue_custom_fields");
    if (!project) {
      auto e = project.error();
      if (e.code == Errc::not_found) e.message += " — is \"" + s_.project + "\" the project's identifier, and is this user a member?";
      return e;
    }
    auto trackers = api_.get_object("/trackers.json");
    if (!trackers) return trackers.error();
    auto statuses = api_.get_object("/issue_statuses.json");
    if (!statuses) return statuses.error();
    auto p = sextant::redmine::read_project(*project, *trackers, *statuses, s_.tracker, s_.external_id_field);
    if (!p) return p.error();
    project_ = std::move(*p);
    return &*project_;
  }

  RedmineSettings s_;
  sextant::plugin::Host& host_;
  sextant::plugin::JsonApi api_;
  std::optional<Project> project_;
  std::map<std::string, int> users_;
};

class RedmineFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Issues in a Redmine project: a parent per priority, a child per action",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "api_key", "project", "tracker", "external_id_field", "in_progress_status",
                          "closed_status"});
        !ok)
      return ok.error();
    auto url = s.credential_url("url");
    auto key = s.string("api_key");
    auto project = s.string("project");
    auto tracker = s.string("tracker", "");
    auto field = s.string("external_id_field", "External ID");
    auto in_progress = s.string("in_progress_status", "In Progress");
    auto closed = s.string("closed_status", "");
    for (const auto* r : {&url, &key, &project, &tracker, &field, &in_progress, &closed})
      if (!*r) return r->error();
    RedmineSettings r{*url, *key, *project, *tracker, *field, *in_progress, *closed};
    return std::unique_ptr<sextant::plugin::Tracker>(std::make_unique<RedmineTracker>(std::move(r), host));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(RedmineFactory, "redmine", "1.0.0")
