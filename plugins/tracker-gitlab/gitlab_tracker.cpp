// tracker-gitlab: the action plan as GitLab issues over the REST API v4. One issue per priority
// and one per action; an action carries its priority's label ("priority:p1") and is linked to
// the priority's issue (epics are a paid tier, labels and links are everywhere). The quadrant and
// "sextant" as labels; the owner as assignee; the due date and the time estimate in GitLab's own
// fields, the start date in the description, which also carries the task's key as a hidden
// marker. Lookups list the project's "sextant" issues, a database read.
#include "gitlab_issue.hpp"
#include "tracker_gitlab_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/json_api.hpp>
#include <sextant/plugin/settings.hpp>
#include <sextant/plugin/task_listing.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace {

namespace json = boost::json;
using sextant::Errc;
using sextant::make_error;
using sextant::RemoteTask;
using sextant::Result;
using sextant::TaskSpec;
using sextant::TaskState;
using sextant::gitlab::Issue;

constexpr std::array<std::string_view, 1> kSecrets{"/token"};
constexpr const char* kLabel = "sextant";

struct GitlabSettings {
  std::string url;
  std::string project;
  std::string token;
};

class GitlabTracker final : public sextant::plugin::Tracker {
 public:
  GitlabTracker(GitlabSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)),
        api_(host.http(), {"GitLab", s_.url, {{"PRIVATE-TOKEN", s_.token}, {"Accept", "application/json"}}, "", ""}) {}

  Result<> check() override {
    auto project = api_.get_object(project_path());
    if (project) return {};
    auto e = project.error();
    if (e.code == Errc::not_found) e.message += " — no project \"" + s_.project + "\" that this token can see";
    if (e.code == Errc::unauthorized) e.message += " — check the token and its api scope";
    return e;
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override { return listing_.find(std::string(key)); }

  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id,
                            std::string_view parent_remote_id) override {
    json::object fields{{"title", spec.title},
                        {"description", sextant::plugin::task_body(spec, {.assignee = true, .due = true, .estimate = true})}};
    if (spec.due) fields["due_date"] = sextant::format_date(*spec.due);
    json::array assignees;
    if (!spec.assignee.empty()) {
      auto user = user_id(spec.assignee);
      if (!user) return user.error();
      assignees.emplace_back(*user);
    }
    fields["assignee_ids"] = assignees;
    auto written = remote_id.empty() ? create_issue(spec, std::move(fields)) : update_issue(spec, remote_id, std::move(fields));
    if (!written) return written.error();
    listing_.remember(spec.key, written->task);
    const auto estimate = spec.estimate_hours ? std::lround(*spec.estimate_hours * 3600) : 0L;
    if (estimate != written->time_estimate) {
      auto path = project_path() + "/issues/" + written->task.remote_id;
      auto set = estimate ? api_.write("POST", path + "/time_estimate?duration=" +
                                              sextant::gitlab::duration_text(*spec.estimate_hours), json::object{}, true)
                          : api_.write("POST", path + "/reset_time_estimate", json::object{}, true);
      if (!set) return set.error();
    }
    if (!parent_remote_id.empty())
      if (auto linked = link_to_parent(written->task.remote_id, parent_remote_id); !linked) return linked.error();
    return written->task;
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    // An issue no longer labelled "sextant" is read by its iid.
    return listing_.states(remote_ids, [this](const std::string& iid) -> Result<RemoteTask> {
      auto one = issue(iid);
      if (!one) return one.error();
      return one->task;
    });
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    const auto path = project_path() + "/issues/" + std::string(remote_id);
    if (auto sent = api_.write("POST", path + "/notes", json::object{{"body", "Sextant: " + std::string(note)}}, false); !sent)
      return sent.error();
    if (!close) return {};
    auto sent = api_.write("PUT", path, json::object{{"state_event", "close"}}, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override {
    auto current = issue(remote_id);
    if (!current) return current.error();
    std::string remove;
    for (const auto& l : current->labels)
      if (sextant::plugin::label_means_in_progress(l)) remove += (remove.empty() ? "" : ",") + l;
    json::object fields{{"state_event", state == TaskState::done ? "close" : "reopen"}};
    if (!remove.empty() && state != TaskState::in_progress) fields["remove_labels"] = remove;
    if (state == TaskState::in_progress) fields["add_labels"] = sextant::plugin::kInProgressLabel;
    auto sent = api_.write("PUT", project_path() + "/issues/" + std::string(remote_id), fields, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

 private:
  [[nodiscard]] std::string project_path() const {
    return "/api/v4/projects/" + sextant::plugin::percent_encode(s_.project);
  }

  Result<Issue> create_issue(const TaskSpec& spec, json::object fields) {
    fields["labels"] = labels_for(spec, {});
    return write_issue("POST", project_path() + "/issues", fields, false);
  }

  Result<Issue> update_issue(const TaskSpec& spec, std::string_view iid, json::object fields) {
    // Labels replace the whole set: keep the ones people added.
    auto current = issue(iid);
    if (!current) return current.error();
    fields["labels"] = labels_for(spec, current->labels);
    return write_issue("PUT", project_path() + "/issues/" + std::string(iid), fields, true);
  }

  static std::string labels_for(const TaskSpec& spec, const std::vector<std::string>& current) {
    std::vector<std::string> labels = spec.labels;
    labels.push_back(sextant::plugin::priority_label(spec));
    if (std::find(labels.begin(), labels.end(), kLabel) == labels.end()) labels.emplace_back(kLabel);
    for (const auto& l : current)
      if (l != kLabel && !l.starts_with("quadrant:") && !l.starts_with("priority:") &&
          std::find(labels.begin(), labels.end(), l) == labels.end())
        labels.push_back(l);
    std::string out;
    for (const auto& l : labels) out += (out.empty() ? "" : ",") + l;
    return out;
  }

  // A relates-to link from the action to its priority; a crash may have left it out, so it is
  // checked on every write.
  Result<> link_to_parent(const std::string& iid, std::string_view parent_iid) {
    const auto path = project_path() + "/issues/" + iid + "/links";
    auto links = api_.get(path);
    if (!links) return links.error();
    if (links->is_array())
      for (const auto& linked : links->as_array())
        if (linked.is_object() && sextant::plugin::json_text(linked.as_object(), "iid") == parent_iid) return {};
    auto project = project_id();
    if (!project) return project.error();
    json::object link{{"target_project_id", *project}, {"target_issue_iid", std::string(parent_iid)}, {"link_type", "relates_to"}};
    auto sent = api_.write("POST", path, link, false);
    return sent ? Result<>{} : Result<>(sent.error());
  }

  Result<std::int64_t> project_id() {
    if (project_id_) return *project_id_;
    auto project = api_.get_object(project_path());
    if (!project) return project.error();
    const auto* id = project->if_contains("id");
    if (!id || !id->is_int64()) return make_error(Errc::bad_response, "GitLab sent a project without its id");
    project_id_ = id->get_int64();
    return *project_id_;
  }

  // A user id: the owners map may give it as a number, or as a username looked up once.
  Result<std::int64_t> user_id(const std::string& who) {
    if (who.find_first_not_of("0123456789") == std::string::npos) return std::stoll(who);
    if (auto it = users_.find(who); it != users_.end()) return it->second;
    auto users = api_.get("/api/v4/users?username=" + sextant::plugin::percent_encode(who));
    if (!users) return users.error();
    if (users->is_array())
      for (const auto& u : users->as_array())
        if (u.is_object() && sextant::plugin::json_text(u.as_object(), "username") == who)
          return users_[who] = std::stoll(sextant::plugin::json_text(u.as_object(), "id"));
    return make_error(Errc::invalid_input, "GitLab has no user \"" + who +
                                               "\": map the plan's \"who\" to a GitLab username in the tracker's \"owners\"");
  }

  Result<Issue> issue(std::string_view iid) {
    auto o = api_.get_object(project_path() + "/issues/" + std::string(iid));
    if (!o) return o.error();
    auto issue = sextant::gitlab::read_issue(*o);
    if (!issue) return make_error(Errc::bad_response, "GitLab sent issue " + std::string(iid) + " without its iid");
    return *issue;
  }

  // Every issue labelled "sextant", from all pages, oldest first.
  Result<std::vector<std::pair<std::string, RemoteTask>>> list_issues() {
    auto items = api_.get_all(project_path() + "/issues?state=all&labels=" + kLabel +
                              "&per_page=100&order_by=created_at&sort=asc");
    if (!items) return items.error();
    std::vector<std::pair<std::string, RemoteTask>> found;
    for (const auto& item : *items)
      if (auto issue = item.is_object() ? sextant::gitlab::read_issue(item.as_object()) : std::nullopt)
        found.emplace_back(issue->key, issue->task);
    return found;
  }

  Result<Issue> write_issue(const std::string& method, const std::string& path, const json::object& fields,
                            bool repeatable) {
    auto value = api_.write(method, path, fields, repeatable);
    if (!value) return value.error();
    auto issue = value->is_object() ? sextant::gitlab::read_issue(value->as_object()) : std::nullopt;
    if (!issue) return make_error(Errc::bad_response, "GitLab answered " + method + " without the issue");
    return *issue;
  }

  GitlabSettings s_;
  sextant::plugin::JsonApi api_;
  sextant::plugin::TaskListing listing_{[this] { return list_issues(); }};
  std::optional<std::int64_t> project_id_;
  std::map<std::string, std::int64_t> users_;
};

class GitlabFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{
        "Issues in a GitLab project: one per priority, one per action labelled with its priority and linked to it",
        sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets, {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "project", "token"}); !ok) return ok.error();
    auto url = s.credential_url("url", "https://gitlab.com");
    auto project = s.string("project");
    auto token = s.string("token");
    for (const auto* r : {&url, &project, &token})
      if (!*r) return r->error();
    GitlabSettings g{*url, *project, *token};
    return std::unique_ptr<sextant::plugin::Tracker>(std::make_unique<GitlabTracker>(std::move(g), host));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(GitlabFactory, "gitlab", "1.0.0")
