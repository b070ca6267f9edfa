// tracker-jira: the action plan as Jira issues. An issue per priority (an Epic) and one per
// action, its child (fields.parent); the quadrant, "sextant" and the task's key as labels; the
// owner, due date, estimate (and start date, when a field is named) in Jira's own fields; states
// from the status category, changed through the workflow's transitions. Jira Cloud speaks REST
// v3 with ADF descriptions; Data Center speaks v2 with plain text. Cloud's search is eventually
// consistent, so after a crash the core waits out its lag before trusting a miss (find_lag).
#include "jira_issue.hpp"
#include "tracker_jira_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/json_api.hpp>
#include <sextant/plugin/settings.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace {

namespace json = boost::json;
using sextant::Errc;
using sextant::make_error;
using sextant::RemoteTask;
using sextant::Result;
using sextant::TaskSpec;
using sextant::TaskState;
using sextant::plugin::json_array;
using sextant::plugin::json_object;
using sextant::plugin::json_text;

constexpr std::array<std::string_view, 2> kSecrets{"/api_token", "/pat"};
constexpr const char* kLabel = "sextant";

struct JiraSettings {
  std::string url;
  std::string project;
  bool cloud = true;            // Cloud: v3, Basic e-mail:token, ADF; Data Center: v2, Bearer PAT, text
  std::string authorization;    // the Authorization header's value
  std::string priority_type, action_type;
  std::string start_date_field;
  bool estimates = true;
  std::chrono::seconds search_lag{0};
};

std::string_view category_of(TaskState state) {
  switch (state) {
    case TaskState::open: return "new";
    case TaskState::in_progress: return "indeterminate";
    case TaskState::done: return "done";
  }
  return "new";
}

class JiraTracker final : public sextant::plugin::Tracker {
 public:
  JiraTracker(JiraSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)),
        api_(host.http(), {"Jira", s_.url, {{"Authorization", s_.authorization}, {"Accept", "application/json"}}, "", ""}) {}

  [[nodiscard]] std::chrono::seconds find_lag() const override { return s_.search_lag; }

  Result<> check() override {
    auto me = api_.get_object(rest() + "/myself");
    if (!me) {
      auto e = me.error();
      if (e.code == Errc::unauthorized)
        e.message += s_.cloud ? " — check the e-mail and the API token" : " — check the personal access token";
      return e;
    }
    auto project = api_.get_object(rest() + "/project/" + sextant::plugin::percent_encode(s_.project));
    if (!project) {
      auto e = project.error();
      if (e.code == Errc::not_found) e.message += " — no project \"" + s_.project + "\" that this account can see";
      return e;
    }
    for (const auto* type : {&s_.priority_type, &s_.action_type}) {
      bool known = false;
      if (const auto* types = json_array(*project, "issueTypes"))
        for (const auto& t : *types) known = known || (t.is_object() && json_text(t.as_object(), "name") == *type);
      if (!known)
        return make_error(Errc::invalid_input, "Jira project " + s_.project + " has no issue type \"" + *type + "\"",
                          type == &s_.priority_type ? "/priority_type" : "/action_type");
    }
    return {};
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override {
    const std::string jql = "project = \"" + s_.project + "\" AND labels = \"" + sextant::jira::key_label(key) +
                            "\" ORDER BY created ASC";
    auto issues = search(jql);
    if (!issues) return issues.error();
    if (issues->empty()) return std::optional<RemoteTask>{};
    return std::optional<RemoteTask>{sextant::jira::remote_task(issues->front(), s_.url)};
  }

  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id,
                            std::string_view parent_remote_id) override {
    json::object fields = issue_fields(spec, parent_remote_id);
    if (remote_id.empty()) {
      fields["project"] = json::object{{"key", s_.project}};
      fields["issuetype"] = json::object{{"name", spec.parent_key.empty() ? s_.priority_type : s_.action_type}};
      fields["labels"] = labels_for(spec, {});
      auto created = api_.write("POST", rest() + "/issue", json::object{{"fields", fields}}, false);
      if (!created) return created.error();
      if (!created->is_object() || json_text(created->as_object(), "key").empty())
        return make_error(Errc::bad_response, "Jira answered a create without the issue's key");
      RemoteTask t;
      t.remote_id = json_text(created->as_object(), "key");
      t.url = s_.url + "/browse/" + t.remote_id;
      return t;
    }
    // Labels replace the whole set: keep the ones people added.
    auto current = api_.get_object(rest() + "/issue/" + std::string(remote_id) + "?fields=labels");
    if (!current) return current.error();
    std::vector<std::string> labels;
    if (const auto* f = json_object(*current, "fields"))
      if (const auto* ls = json_array(*f, "labels"))
        for (const auto& l : *ls)
          if (l.is_string()) labels.emplace_back(l.get_string());
    fields["labels"] = labels_for(spec, labels);
    if (auto sent = api_.write("PUT", rest() + "/issue/" + std::string(remote_id), json::object{{"fields", fields}}, true); !sent)
      return sent.error();
    return issue(remote_id);
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    // One read per issue: unlike search, reading an issue by key is never stale.
    std::vector<RemoteTask> out;
    for (const auto& key : remote_ids) {
      auto one = issue(key);
      if (!one) return one.error();
      out.push_back(*one);
    }
    return out;
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    const std::string text = "Sextant: " + std::string(note);
    json::object comment{{"body", s_.cloud ? json::value(sextant::jira::adf_document(text)) : json::value(text)}};
    if (auto sent = api_.write("POST", rest() + "/issue/" + std::string(remote_id) + "/comment", comment, false); !sent)
      return sent.error();
    return close ? transition(remote_id, TaskState::done) : Result<>{};
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override { return transition(remote_id, state); }

 private:
  [[nodiscard]] std::string rest() const { return s_.cloud ? "/rest/api/3" : "/rest/api/2"; }

  json::object issue_fields(const TaskSpec& spec, std::string_view parent) const {
    const bool start_field = !s_.start_date_field.empty();
    std::string text = sextant::plugin::task_body(
        spec, {.assignee = true, .start = start_field, .due = true, .estimate = s_.estimates});
    json::object f;
    f["summary"] = spec.title;
    f["description"] = s_.cloud ? json::value(sextant::jira::adf_document(text)) : json::value(text);
    if (!spec.assignee.empty())
      f["assignee"] = s_.cloud ? json::object{{"accountId", spec.assignee}} : json::object{{"name", spec.assignee}};
    if (spec.due) f["duedate"] = sextant::format_date(*spec.due);
    if (start_field && spec.start) f[s_.start_date_field] = sextant::format_date(*spec.start);
    if (s_.estimates && spec.estimate_hours)
      f["timetracking"] = json::object{{"originalEstimate", sextant::jira::estimate_text(*spec.estimate_hours)}};
    if (!parent.empty()) f["parent"] = json::object{{"key", parent}};
    return f;
  }

  static json::array labels_for(const TaskSpec& spec, const std::vector<std::string>& current) {
    std::vector<std::string> labels{kLabel, sextant::jira::key_label(spec.key)};
    for (const auto& l : spec.labels) labels.push_back(sextant::jira::as_label(l));
    for (const auto& l : current)
      if (!l.starts_with("sextant:") && !l.starts_with("quadrant:")) labels.push_back(l);
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    json::array out;
    for (const auto& l : labels) out.emplace_back(l);
    return out;
  }

  // Statuses change only through the workflow: take a transition into the wanted category.
  Result<> transition(std::string_view key, TaskState state) {
    auto now = issue(key);
    if (!now) return now.error();
    if (now->state == state) return {};
    auto answer = api_.get_object(rest() + "/issue/" + std::string(key) + "/transitions");
    if (!answer) return answer.error();
    if (const auto* transitions = json_array(*answer, "transitions"))
      for (const auto& t : *transitions) {
        if (!t.is_object()) continue;
        const auto* to = json_object(t.as_object(), "to");
        const auto* category = to ? json_object(*to, "statusCategory") : nullptr;
        if (!category || json_text(*category, "key") != category_of(state)) continue;
        json::object body{{"transition", json::object{{"id", json_text(t.as_object(), "id")}}}};
        auto sent = api_.write("POST", rest() + "/issue/" + std::string(key) + "/transitions", body, true);
        return sent ? Result<>{} : Result<>(sent.error());
      }
    return make_error(Errc::remote_rejected, "Jira's workflow offers no transition from " + std::string(key) + "'s " +
                                                 std::string(sextant::to_string(now->state)) + " status to a " +
                                                 std::string(sextant::to_string(state)) + " one");
  }

  Result<RemoteTask> issue(std::string_view key) {
    auto o = api_.get_object(rest() + "/issue/" + std::string(key) + "?fields=status,progress");
    if (!o) return o.error();
    return sextant::jira::remote_task(*o, s_.url);
  }

  // Issues matching a JQL query, first page (the lookups here match one issue at most).
  Result<std::vector<json::object>> search(const std::string& jql) {
    json::object body{{"jql", jql}, {"maxResults", 10}, {"fields", json::array{"status", "progress", "labels"}}};
    auto value = api_.write("POST", s_.cloud ? rest() + "/search/jql" : rest() + "/search", body, true);  // a read
    if (!value) return value.error();
    std::vector<json::object> out;
    if (const auto* issues = value->is_object() ? json_array(value->as_object(), "issues") : nullptr)
      for (const auto& i : *issues)
        if (i.is_object()) out.push_back(i.as_object());
    return out;
  }

  JiraSettings s_;
  sextant::plugin::JsonApi api_;
};

class JiraFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{
        "Issues in a Jira project (Cloud or Data Center): an Epic per priority, its actions as children",
        sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets, {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "project", "email", "api_token", "pat", "priority_type", "action_type",
                          "start_date_field", "estimates", "search_lag_seconds"});
        !ok)
      return ok.error();
    auto url = s.credential_url("url");
    auto project = s.string("project");
    auto priority_type = s.string("priority_type", "Epic");
    auto action_type = s.string("action_type", "Task");
    auto start_field = s.string("start_date_field", "");
    for (const auto* r : {&url, &project, &priority_type, &action_type, &start_field})
      if (!*r) return r->error();
    auto estimates = s.boolean("estimates", true);
    if (!estimates) return estimates.error();
    JiraSettings j;
    j.url = *url;
    j.project = *project;
    j.priority_type = *priority_type;
    j.action_type = *action_type;
    j.start_date_field = *start_field;
    j.estimates = *estimates;
    if (settings.contains("pat")) {
      if (settings.contains("email") || settings.contains("api_token"))
        return Settings::fail("pat", "give either \"pat\" (Data Center) or \"email\" and \"api_token\" (Cloud), not both");
      auto pat = s.string("pat");
      if (!pat) return pat.error();
      j.cloud = false;
      j.authorization = "Bearer " + *pat;
    } else {
      auto email = s.string("email");
      if (!email) return email.error();
      auto token = s.string("api_token");
      if (!token) return token.error();
      j.authorization = "Basic " + sextant::plugin::base64(*email + ":" + *token);
    }
    auto lag = s.integer("search_lag_seconds", 0, 600, j.cloud ? 30 : 0);
    if (!lag) return lag.error();
    j.search_lag = std::chrono::seconds{*lag};
    return std::unique_ptr<sextant::plugin::Tracker>(std::make_unique<JiraTracker>(std::move(j), host));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(JiraFactory, "jira", "1.0.0")
