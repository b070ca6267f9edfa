// A task's text in trackers that keep Markdown: the description, the details the tracker has no
// field for, and the task's stable key as a hidden comment ("<!-- sextant:plan/a1 -->"), so
// that the tracker's own listing tells which task is which even when the ledger lost its record
// (a crash between "created" and "recorded").
#pragma once

#include "sextant/plugin/calendar.hpp"
#include "sextant/plugin/task.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace sextant::plugin {

inline constexpr std::string_view kTaskMarkerOpen = "<!-- sextant:";
inline constexpr std::string_view kTaskMarkerClose = " -->";

inline std::string task_marker(std::string_view key) {
  return std::string(kTaskMarkerOpen) + std::string(key) + std::string(kTaskMarkerClose);
}

/// The key of the last marker in `text`, or "" when it carries none.
inline std::string marked_key(std::string_view text) {
  auto open = text.rfind(kTaskMarkerOpen);
  if (open == std::string_view::npos) return {};
  auto start = open + kTaskMarkerOpen.size();
  auto close = text.find(kTaskMarkerClose, start);
  if (close == std::string_view::npos) return {};
  return std::string(text.substr(start, close - start));
}

/// Labels that say an open task is being worked on, in trackers whose state is open or closed
/// ("status:in-progress", "In progress", "doing", GitLab's "workflow::in progress"...).
inline bool label_means_in_progress(std::string_view label) {
  std::string l;
  for (char c : label) l += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view prefix : {"status::", "workflow::", "status: ", "status:"})
    if (l.starts_with(prefix)) l = l.substr(prefix.size());
  return l == "in-progress" || l == "in progress" || l == "doing";
}

inline constexpr std::string_view kInProgressLabel = "status:in-progress";

/// "priority:p1", for the priority "plan/p1" and each of its actions: a label that groups them
/// in trackers without parent tasks.
inline std::string priority_label(const TaskSpec& spec) {
  const std::string& key = spec.parent_key.empty() ? spec.key : spec.parent_key;
  return "priority:" + key.substr(key.rfind('/') + 1);
}

/// Which of a task's details the tracker keeps in fields of its own (the rest go in the text).
struct NativeFields {
  bool assignee = false;
  bool start = false;
  bool due = false;
  bool estimate = false;
};

/// "3.5 h": an estimate as people read it.
inline std::string hours_text(double hours) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g h", hours);
  return buf;
}

/// The description, then a line for each detail without a field, then the marker.
inline std::string task_body(const TaskSpec& spec, NativeFields native) {
  std::string details;
  if (!native.assignee && !spec.assignee.empty()) details += "- Owner: " + spec.assignee + "\n";
  if (!native.start && spec.start) details += "- Start: " + format_date(*spec.start) + "\n";
  if (!native.due && spec.due) details += "- Due: " + format_date(*spec.due) + "\n";
  if (!native.estimate && spec.estimate_hours) details += "- Estimate: " + hours_text(*spec.estimate_hours) + "\n";
  std::string body = spec.description;
  if (!details.empty()) body += "\n" + details;
  return body + "\n" + task_marker(spec.key) + "\n";
}

}  // namespace sextant::plugin
