// What a tracker receives and reports: a task built from a plan's priority or action, and the
// state the team gave it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant {

enum class TaskState : std::uint8_t { open, in_progress, done };

/// "open", "in-progress", "done": how states are written in files, JSON and on the command line.
inline std::string_view to_string(TaskState state) {
  switch (state) {
    case TaskState::open: return "open";
    case TaskState::in_progress: return "in-progress";
    case TaskState::done: return "done";
  }
  return "open";
}

inline std::optional<TaskState> parse_task_state(std::string_view text) {
  if (text == "open") return TaskState::open;
  if (text == "in-progress") return TaskState::in_progress;
  if (text == "done") return TaskState::done;
  return std::nullopt;
}

/// A task as Sextant wants it to be in the tracker.
struct TaskSpec {
  std::string key;                              ///< stable identity: "<plan id>/<action or priority id>"
  std::string parent_key;                       ///< the priority's key for an action; "" for a priority
  std::string title;
  std::string description;                      ///< Markdown: what, for whom, how, and a link to the plan
  std::vector<std::string> labels;              ///< e.g. "quadrant:attack/sell"
  std::string assignee;                         ///< tracker user, mapped from the plan's "who" by the config
  std::optional<std::chrono::sys_days> start;
  std::optional<std::chrono::sys_days> due;     ///< start + duration
  std::optional<double> estimate_hours;
};

/// A task as it is in the tracker.
struct RemoteTask {
  std::string remote_id;                        ///< the tracker's own id (issue number, card id, ...)
  std::string url;                              ///< where a human can open it; may be empty
  TaskState state = TaskState::open;
  int percent_done = 0;                         ///< 0..100
};

}  // namespace sextant
