#include "github_issue.hpp"

#include <sextant/plugin/json_fields.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace sextant::github {

using plugin::json_array;
using plugin::json_object;
using plugin::json_text;

std::optional<Issue> read_issue(const boost::json::object& o) {
  if (o.contains("pull_request")) return std::nullopt;
  Issue issue;
  issue.key = plugin::marked_key(json_text(o, "body"));
  const auto* id = o.if_contains("id");
  issue.id = id && id->is_int64() ? id->get_int64() : 0;
  issue.task.remote_id = json_text(o, "number");
  issue.task.url = json_text(o, "html_url");
  if (const auto* labels = json_array(o, "labels"))
    for (const auto& l : *labels)
      issue.labels.push_back(l.is_object() ? json_text(l.as_object(), "name") : std::string());
  if (const auto* assignees = json_array(o, "assignees"))
    for (const auto& a : *assignees)
      if (a.is_object()) issue.assignees.push_back(json_text(a.as_object(), "login"));
  const bool closed = json_text(o, "state") == "closed";
  int percent = 0;
  if (const auto* summary = json_object(o, "sub_issues_summary"))
    if (json_text(*summary, "total") != "0") percent = std::atoi(json_text(*summary, "percent_completed").c_str());
  if (closed) {
    // Closed as not planned: done with, but nothing was achieved.
    issue.task.state = TaskState::done;
    issue.task.percent_done = json_text(o, "state_reason") == "not_planned" ? percent : 100;
  } else {
    bool working = std::any_of(issue.labels.begin(), issue.labels.end(),
                               [](const std::string& l) { return plugin::label_means_in_progress(l); });
    issue.task.state = working || percent > 0 ? TaskState::in_progress : TaskState::open;
    issue.task.percent_done = std::clamp(percent, 0, 100);
  }
  return issue;
}

}  // namespace sextant::github
