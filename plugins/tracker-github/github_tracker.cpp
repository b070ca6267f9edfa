// tracker-github: the action plan as GitHub issues over the REST API. One issue per priority,
// its actions as sub-issues; the quadrant and "sextant" as labels; the owner as assignee; dates
// and estimate in the body, which also carries the task's key as a hidden marker. Lookups list
// the repository's "sextant" issues (a database read: the search index lags and would let a
// crash make duplicates). Writes go one at a time, spaced to stay within GitHub's limit of 80
// content-creating requests a minute.
#include "github_issue.hpp"
#include "tracker_github_embedded.hpp"

#include <sextant/plugin/encoding.hpp>
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
using sextant::github::Issue;

constexpr std::array<std::string_view, 1> kSecrets{"/token"};
constexpr const char* kLabel = "sextant";
constexpr const char* kWrites = "github-writes";

struct GithubSettings {
  std::string url;
  std::string owner, repo;
  std::string token;
  int writes_per_minute = 60;
};

class GithubTracker final : public sextant::plugin::Tracker {
 public:
  GithubTracker(GithubSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)),
        host_(host),
        api_(host.http(), {"GitHub",
                           s_.url,
                           {{"Authorization", "Bearer " + s_.token},
                            {"Accept", "application/vnd.github+json"},
                            {"X-GitHub-Api-Version", "2022-11-28"}},
                           "",
                           kWrites}) {
    // One write at a time, spaced: a bucket of one, refilled at the allowed pace.
    host_.http().budget(kWrites, {1, 1, s_.writes_per_minute / 60.0});
  }

  Result<> check() override {
    auto repo = api_.get_object(repo_path());
    if (!repo) {
      auto e = repo.error();
      if (e.code == Errc::not_found) e.message += " — no repository " + s_.owner + "/" + s_.repo + " that this token can see";
      if (e.code == Errc::unauthorized) e.message += " — check the token";
      return e;
    }
    const auto* has_issues = repo->if_contains("has_issues");
    if (has_issues && has_issues->is_bool() && !has_issues->get_bool())
      return make_error(Errc::remote_rejected, s_.owner + "/" + s_.repo + " has issues turned off");
    if (const auto* permissions = sextant::plugin::json_object(*repo, "permissions"))
      if (sextant::plugin::json_text(*permissions, "push") == "false" && sextant::plugin::json_text(*permissions, "triage") == "false")
        return make_error(Errc::unauthorized, "this token may read " + s_.owner + "/" + s_.repo +
                                                  " but not write its issues (labels and assignees would be dropped)");
    return {};
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override { return listing_.find(std::string(key)); }

  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id,
                            std::string_view parent_remote_id) override {
    json::object fields{{"title", spec.title}, {"body", sextant::plugin::task_body(spec, {.assignee = true})}};
    json::array assignees;
    if (!spec.assignee.empty()) assignees.emplace_back(spec.assignee);
    fields["assignees"] = assignees;
    auto written = remote_id.empty() ? create_issue(spec, std::move(fields)) : update_issue(spec, remote_id, std::move(fields));
    if (!written) return written.error();
    if (!spec.assignee.empty() && !assigned(*written, spec.assignee))
      host_.log(sextant::plugin::LogLevel::warning, "GitHub dropped the assignee \"" + spec.assignee + "\" of issue #" +
                                                        written->task.remote_id + ": not a collaborator of the repository?");
    listing_.remember(spec.key, written->task);
    if (!parent_remote_id.empty())
      if (auto linked = link_to_parent(*written, parent_remote_id); !linked) return linked.error();
    return written->task;
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    // An issue no longer labelled "sextant" is read by its number.
    return listing_.states(remote_ids, [this](const std::string& number) -> Result<RemoteTask> {
      auto one = issue(number);
      if (!one) return one.error();
      return one->task;
    });
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    json::object comment{{"body", "Sextant: " + std::string(note)}};
    if (auto sent = api_.write("POST", repo_path() + "/issues/" + std::string(remote_id) + "/comments", comment, false);
        !sent)
      return sent.error();
    if (!close) return {};
    json::object closing{{"state", "closed"}, {"state_reason", "not_planned"}};
    auto sent = api_.write("PATCH", repo_path() + "/issues/" + std::string(remote_id), closing, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override {
    auto current = issue(remote_id);
    if (!current) return current.error();
    json::array labels;
    for (const auto& l : current->labels)
      if (!sextant::plugin::label_means_in_progress(l)) labels.emplace_back(l);
    if (state == TaskState::in_progress) labels.emplace_back(sextant::plugin::kInProgressLabel);
    json::object fields{{"labels", labels}};
    if (state == TaskState::done) {
      fields["state"] = "closed";
      fields["state_reason"] = "completed";
    } else {
      fields["state"] = "open";
    }
    auto sent = api_.write("PATCH", repo_path() + "/issues/" + std::string(remote_id), fields, true);
    return sent ? Result<>{} : Result<>(sent.error());
  }

 private:
  [[nodiscard]] std::string repo_path() const {
    return "/repos/" + sextant::plugin::percent_encode(s_.owner) + "/" + sextant::plugin::percent_encode(s_.repo);
  }

  Result<Issue> create_issue(const TaskSpec& spec, json::object fields) {
    fields["labels"] = labels_for(spec, {});
    return write_issue("POST", repo_path() + "/issues", fields, false);
  }

  Result<Issue> update_issue(const TaskSpec& spec, std::string_view number, json::object fields) {
    // Labels replace the whole set: keep the ones people added.
    auto current = issue(number);
    if (!current) return current.error();
    fields["labels"] = labels_for(spec, current->labels);
    return write_issue("PATCH", repo_path() + "/issues/" + std::string(number), fields, true);
  }

  static bool assigned(const Issue& issue, const std::string& login) {
    return std::find(issue.assignees.begin(), issue.assignees.end(), login) != issue.assignees.end();
  }

  static json::array labels_for(const TaskSpec& spec, const std::vector<std::string>& current) {
    json::array labels;
    for (const auto& l : spec.labels) labels.emplace_back(l);
    if (std::find(spec.labels.begin(), spec.labels.end(), kLabel) == spec.labels.end()) labels.emplace_back(kLabel);
    for (const auto& l : current)
      if (l != kLabel && !l.starts_with("quadrant:") && std::find(labels.begin(), labels.end(), json::value(l)) == labels.end())
        labels.emplace_back(l);
    return labels;
  }

  // Sub-issues are linked by the child's global id; a crash may have left a created child
  // unlinked, so the link is checked on every write.
  Result<> link_to_parent(const Issue& child, std::string_view parent_number) {
    auto parent = api_.get_object(repo_path() + "/issues/" + child.task.remote_id + "/parent");
    if (parent && sextant::plugin::json_text(*parent, "number") == parent_number) return {};
    if (!parent && parent.error().code != Errc::not_found) return parent.error();
    json::object link{{"sub_issue_id", child.id}, {"replace_parent", true}};
    auto sent = api_.write("POST", repo_path() + "/issues/" + std::string(parent_number) + "/sub_issues", link, false);
    return sent ? Result<>{} : Result<>(sent.error());
  }

  Result<Issue> issue(std::string_view number) {
    auto o = api_.get_object(repo_path() + "/issues/" + std::string(number));
    if (!o) return o.error();
    auto issue = sextant::github::read_issue(*o);
    if (!issue) return make_error(Errc::remote_rejected, "GitHub #" + std::string(number) + " is a pull request, not an issue");
    return *issue;
  }

  // Every issue labelled "sextant", from all pages (a database read, unlike search).
  Result<std::vector<std::pair<std::string, RemoteTask>>> list_issues() {
    auto items = api_.get_all(repo_path() + "/issues?state=all&labels=" + kLabel + "&per_page=100&sort=created&direction=asc");
    if (!items) return items.error();
    std::vector<std::pair<std::string, RemoteTask>> found;
    for (const auto& item : *items)
      if (auto issue = item.is_object() ? sextant::github::read_issue(item.as_object()) : std::nullopt)
        found.emplace_back(issue->key, issue->task);
    return found;
  }

  Result<Issue> write_issue(const std::string& method, const std::string& path, const json::object& fields,
                            bool repeatable) {
    auto value = api_.write(method, path, fields, repeatable);
    if (!value) return value.error();
    auto issue = value->is_object() ? sextant::github::read_issue(value->as_object()) : std::nullopt;
    if (!issue) return make_error(Errc::bad_response, "GitHub answered " + method + " without the issue");
    return *issue;
  }

  GithubSettings s_;
  sextant::plugin::Host& host_;
  sextant::plugin::JsonApi api_;
  sextant::plugin::TaskListing listing_{[this] { return list_issues(); }};
};

class GithubFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Issues in a GitHub repository: an issue per priority, its actions as sub-issues",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "owner", "repo", "token", "writes_per_minute"}); !ok) return ok.error();
    auto url = s.credential_url("url", "https://api.github.com");
    auto owner = s.string("owner");
    auto repo = s.string("repo");
    auto token = s.string("token");
    for (const auto* r : {&url, &owner, &repo, &token})
      if (!*r) return r->error();
    auto per_minute = s.integer("writes_per_minute", 1, 80, 60);
    if (!per_minute) return per_minute.error();
    GithubSettings g{*url, *owner, *repo, *token, static_cast<int>(*per_minute)};
    return std::unique_ptr<sextant::plugin::Tracker>(std::make_unique<GithubTracker>(std::move(g), host));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(GithubFactory, "github", "1.0.0")
