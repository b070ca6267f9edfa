#include "jira_issue.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>

namespace sextant::jira {

namespace json = boost::json;
using plugin::json_object;
using plugin::json_text;

json::object adf_document(std::string_view text) {
  json::array content;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json::object node{{"type", "text"}, {"text", line}};
    content.push_back(json::object{{"type", "paragraph"}, {"content", json::array{node}}});
  }
  return json::object{{"type", "doc"}, {"version", 1}, {"content", content}};
}

std::string as_label(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

std::string key_label(std::string_view key) { return as_label("sextant:" + std::string(key)); }

std::string estimate_text(double hours) {
  auto minutes = static_cast<long>(std::lround(hours * 60));
  std::string out;
  if (minutes / 60) out += std::to_string(minutes / 60) + "h";
  if (minutes % 60 || out.empty()) out += (out.empty() ? "" : " ") + std::to_string(minutes % 60) + "m";
  return out;
}

RemoteTask remote_task(const json::object& issue, const std::string& site_url) {
  RemoteTask t;
  t.remote_id = json_text(issue, "key");
  t.url = site_url + "/browse/" + t.remote_id;
  const auto* fields = json_object(issue, "fields");
  std::string category;
  int percent = 0;
  if (fields) {
    if (const auto* status = json_object(*fields, "status"))
      if (const auto* c = json_object(*status, "statusCategory")) category = json_text(*c, "key");
    if (const auto* progress = json_object(*fields, "progress"))
      if (const auto* p = progress->if_contains("percent"); p && p->is_number())
        percent = static_cast<int>(std::lround(p->to_number<double>()));
  }
  if (category == "done") {
    t.state = TaskState::done;
    t.percent_done = 100;
  } else {
    t.state = category == "indeterminate" ? TaskState::in_progress : TaskState::open;
    t.percent_done = std::clamp(percent, 0, 100);
  }
  return t;
}

}  // namespace sextant::jira
