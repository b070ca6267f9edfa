#include "redmine_project.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace sextant::redmine {

namespace json = boost::json;
using plugin::json_array;
using plugin::json_object;
using plugin::json_text;

namespace {

int id_of(const json::object& o) {
  const auto* v = o.if_contains("id");
  return v && v->is_int64() ? static_cast<int>(v->get_int64()) : 0;
}

std::vector<std::string> names(const json::array* items) {
  std::vector<std::string> out;
  if (items)
    for (const auto& i : *items)
      if (i.is_object()) out.push_back(json_text(i.as_object(), "name"));
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "\"" : ", \"") + i + "\"";
  return out.empty() ? "none" : out;
}

}  // namespace

const Status* Project::status(int status_id) const {
  auto it = std::find_if(statuses.begin(), statuses.end(), [&](const Status& s) { return s.id == status_id; });
  return it == statuses.end() ? nullptr : &*it;
}

const Status* Project::status_named(const std::string& name) const {
  auto it = std::find_if(statuses.begin(), statuses.end(), [&](const Status& s) { return s.name == name; });
  return it == statuses.end() ? nullptr : &*it;
}

Result<Project> read_project(const json::object& project_answer, const json::object& trackers_answer,
                             const json::object& statuses_answer, const std::string& tracker_name,
                             const std::string& field_name) {
  const auto* project = json_object(project_answer, "project");
  if (!project) return make_error(Errc::bad_response, "Redmine sent a project without \"project\"");
  Project p;
  p.id = id_of(*project);
  const std::string label = "Redmine project \"" + json_text(*project, "identifier") + "\"";

  const auto* trackers = json_array(*project, "trackers");
  if (!trackers || trackers->empty()) return make_error(Errc::invalid_input, label + " has no tracker enabled");
  for (const auto& t : *trackers) {
    if (!t.is_object()) continue;
    if (tracker_name.empty() || json_text(t.as_object(), "name") == tracker_name) {
      p.tracker_id = id_of(t.as_object());
      break;
    }
  }
  if (p.tracker_id == 0)
    return make_error(Errc::invalid_input, label + " has no tracker \"" + tracker_name + "\" (it has " +
                                               joined(names(trackers)) + ")", "/tracker");

  if (const auto* fields = json_array(*project, "issue_custom_fields"))
    for (const auto& f : *fields)
      if (f.is_object() && json_text(f.as_object(), "name") == field_name) p.external_id_field = id_of(f.as_object());
  if (p.external_id_field == 0)
    return make_error(Errc::invalid_input,
                      label + " has no issue custom field \"" + field_name +
                          "\": an administrator creates it (Administration > Custom fields > Issues: format Text, "
                          "\"Used as a filter\" on, for this project and tracker); Sextant stores each task's key in it",
                      "/external_id_field");

  if (const auto* categories = json_array(*project, "issue_categories"))
    for (const auto& c : *categories)
      if (c.is_object()) p.categories[json_text(c.as_object(), "name")] = id_of(c.as_object());

  if (const auto* all = json_array(trackers_answer, "trackers"))
    for (const auto& t : *all)
      if (t.is_object() && id_of(t.as_object()) == p.tracker_id)
        if (const auto* status = json_object(t.as_object(), "default_status")) p.default_status_id = id_of(*status);

  if (const auto* statuses = json_array(statuses_answer, "issue_statuses"))
    for (const auto& s : *statuses) {
      if (!s.is_object()) continue;
      const auto* closed = s.as_object().if_contains("is_closed");
      p.statuses.push_back({id_of(s.as_object()), json_text(s.as_object(), "name"), closed && closed->is_bool() && closed->get_bool()});
    }
  if (p.statuses.empty()) return make_error(Errc::bad_response, "Redmine sent no issue statuses");
  if (p.default_status_id == 0) p.default_status_id = p.statuses.front().id;
  return p;
}

RemoteTask remote_task(const json::object& issue, const Project& project, const std::string& base_url) {
  RemoteTask t;
  t.remote_id = json_text(issue, "id");
  t.url = base_url + "/issues/" + t.remote_id;
  int status_id = 0;
  if (const auto* status = json_object(issue, "status")) status_id = id_of(*status);
  const auto* ratio = issue.if_contains("done_ratio");
  int done_ratio = ratio && ratio->is_int64() ? static_cast<int>(ratio->get_int64()) : 0;
  const Status* status = project.status(status_id);
  if (status && status->closed) {
    t.state = TaskState::done;
    t.percent_done = 100;
  } else {
    t.state = status_id == project.default_status_id && done_ratio == 0 ? TaskState::open : TaskState::in_progress;
    t.percent_done = std::clamp(done_ratio, 0, 100);
  }
  return t;
}

}  // namespace sextant::redmine
