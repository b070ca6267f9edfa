// GitLab issues as Sextant sees them: the task an issue is (its key from the description's
// marker) and the state the team gave it (closed, or an "in progress" label while opened).
#pragma once

#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sextant::gitlab {

struct Issue {
  std::string key;                  ///< from the marker in the description; "" if Sextant did not write it
  RemoteTask task;                  ///< remote_id is the issue's iid
  std::vector<std::string> labels;
  std::vector<std::int64_t> assignee_ids;
  std::int64_t time_estimate = 0;   ///< seconds
};

std::optional<Issue> read_issue(const boost::json::object& o);

/// "2h30m": a duration as GitLab's time tracking takes it, to the minute.
std::string duration_text(double hours);

}  // namespace sextant::gitlab
