#include "gitlab_issue.hpp"

#include <sextant/plugin/json_fields.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

namespace sextant::gitlab {

using plugin::json_array;
using plugin::json_object;
using plugin::json_text;

std::optional<Issue> read_issue(const boost::json::object& o) {
  Issue issue;
  issue.task.remote_id = json_text(o, "iid");
  if (issue.task.remote_id.empty()) return std::nullopt;
  issue.key = plugin::marked_key(json_text(o, "description"));
  issue.task.url = json_text(o, "web_url");
  if (const auto* labels = json_array(o, "labels"))
    for (const auto& l : *labels)
      if (l.is_string()) issue.labels.emplace_back(l.get_string());
  if (const auto* assignees = json_array(o, "assignees"))
    for (const auto& a : *assignees)
      if (a.is_object())
        if (const auto* id = a.as_object().if_contains("id"); id && id->is_int64()) issue.assignee_ids.push_back(id->get_int64());
  if (const auto* stats = json_object(o, "time_stats"))
    if (const auto* e = stats->if_contains("time_estimate"); e && e->is_int64()) issue.time_estimate = e->get_int64();
  int percent = 0;
  if (const auto* tasks = json_object(o, "task_completion_status")) {
    const auto* count = tasks->if_contains("count");
    const auto* done = tasks->if_contains("completed_count");
    if (count && done && count->is_int64() && done->is_int64() && count->get_int64() > 0)
      percent = static_cast<int>(done->get_int64() * 100 / count->get_int64());
  }
  if (json_text(o, "state") == "closed") {
    issue.task.state = TaskState::done;
    issue.task.percent_done = 100;
  } else {
    bool working = std::any_of(issue.labels.begin(), issue.labels.end(),
                               [](const std::string& l) { return plugin::label_means_in_progress(l); });
    issue.task.state = working || percent > 0 ? TaskState::in_progress : TaskState::open;
    issue.task.percent_done = percent;
  }
  return issue;
}

std::string duration_text(double hours) {
  auto minutes = static_cast<long>(std::lround(hours * 60));
  std::string out;
  if (minutes / 60) out += std::to_string(minutes / 60) + "h";
  if (minutes % 60 || out.empty()) out += std::to_string(minutes % 60) + "m";
  return out;
}

}  // namespace sextant::gitlab
