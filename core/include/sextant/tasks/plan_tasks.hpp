// The action plan as tracker tasks: one parent per priority, one task per action, each with a
// stable key ("<plan id>/<action id>"), the quadrant as a label, due = start + duration.
#pragma once

#include "sextant/config/config.hpp"
#include "sextant/plan/plan.hpp"
#include "sextant/plugin/task.hpp"

#include <string>
#include <vector>

namespace sextant::tasks {

/// Priorities first (parents), then actions, in plan order. `owners` maps the plan's "who" to
/// tracker users; `plan_link` is written in every description.
std::vector<TaskSpec> tasks_from_plan(const plan::Plan& plan, const std::map<std::string, std::string>& owners,
                                      const std::string& plan_link);

/// A hash of everything a tracker is sent for this task: equal hashes, nothing to update.
std::string content_hash(const TaskSpec& spec);

}  // namespace sextant::tasks
