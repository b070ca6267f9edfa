// GitHub issues as Sextant sees them: the task an issue is (its key from the body's marker) and
// the state the team gave it (closed, or an "in progress" label while open).
#pragma once

#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace sextant::github {

struct Issue {
  std::string key;                  ///< from the marker in the body; "" for issues Sextant did not write
  std::int64_t id = 0;              ///< the global id sub-issues are linked by
  RemoteTask task;                  ///< remote_id is the issue number
  std::vector<std::string> labels;
  std::vector<std::string> assignees;  ///< logins
};

/// Reads one issue of a listing or an answer; pull requests (which GitHub lists with issues) are
/// not issues: nullopt.
std::optional<Issue> read_issue(const boost::json::object& o);

}  // namespace sextant::github
