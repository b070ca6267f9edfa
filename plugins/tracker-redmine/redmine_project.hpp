// What Sextant needs to know of a Redmine project before writing to it, read once per run: its
// id, the tracker and custom field to use, its categories (the quadrants), and the statuses.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sextant::redmine {

struct Status {
  int id = 0;
  std::string name;
  bool closed = false;
};

struct Project {
  int id = 0;
  int tracker_id = 0;
  int default_status_id = 0;           ///< the tracker's status for new issues: "open"
  int external_id_field = 0;           ///< the custom field holding each task's key
  std::map<std::string, int> categories;  ///< name → id
  std::vector<Status> statuses;

  [[nodiscard]] const Status* status(int status_id) const;
  [[nodiscard]] const Status* status_named(const std::string& name) const;
};

/// Reads the project's answer (GET /projects/X.json?include=trackers,issue_categories,
/// issue_custom_fields), /trackers.json and /issue_statuses.json into a Project; errors name
/// what is missing and how to fix it.
Result<Project> read_project(const boost::json::object& project, const boost::json::object& trackers,
                             const boost::json::object& statuses, const std::string& tracker_name,
                             const std::string& field_name);

/// An issue's state: closed statuses are done, the tracker's default status untouched is open,
/// anything else is in progress; percent done is Redmine's done ratio (100 when closed).
RemoteTask remote_task(const boost::json::object& issue, const Project& project, const std::string& base_url);

}  // namespace sextant::redmine
