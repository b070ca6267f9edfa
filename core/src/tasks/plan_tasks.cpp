#include "sextant/tasks/plan_tasks.hpp"

#include "sextant/crypto/digest.hpp"
#include "sextant/time/calendar.hpp"

#include <map>

namespace sextant::tasks {

namespace {

std::string hours_text(double hours) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", hours);
  return buf;
}

}  // namespace

std::vector<TaskSpec> tasks_from_plan(const plan::Plan& plan, const std::map<std::string, std::string>& owners,
                                      const std::string& plan_link) {
  std::vector<TaskSpec> specs;
  std::map<std::string, int> actions_per_priority;
  for (const auto& a : plan.actions) ++actions_per_priority[a.priority];

  std::map<std::string, const plan::Priority*> by_id;
  for (const auto& p : plan.priorities) {
    by_id[p.id] = &p;
    TaskSpec spec;
    spec.key = plan.id + "/" + p.id;
    spec.title = "[" + p.quadrant + "] " + p.title;
    spec.description = "Priority of the plan " + plan.id + " (" + p.quadrant + ").\n\n" + "Lever: " + p.lever.kpi + " " +
                       (p.lever.change_pct >= 0 ? "+" : "") + hours_text(p.lever.change_pct) + " % from " +
                       time::format_month(p.lever.from) + ".\n\nPlan: " + plan_link + "\n";
    spec.labels = {"sextant", "quadrant:" + p.quadrant};
    spec.start = std::chrono::sys_days{p.lever.from / 1};
    spec.due = plan.year_end();
    if (p.workload_hours > 0) spec.estimate_hours = p.workload_hours;
    specs.push_back(std::move(spec));
  }
  for (const auto& a : plan.actions) {
    const plan::Priority* p = by_id.at(a.priority);
    TaskSpec spec;
    spec.key = plan.id + "/" + a.id;
    spec.parent_key = plan.id + "/" + p->id;
    spec.title = a.what;
    spec.description = "What: " + a.what + "\nFor whom: " + a.for_whom + "\nHow: " + a.how + "\nWho: " + a.who +
                       "\nPriority: " + p->title + " (" + p->quadrant + ")\n\nPlan: " + plan_link + "\n";
    spec.labels = {"sextant", "quadrant:" + p->quadrant};
    auto owner = owners.find(a.who);
    spec.assignee = owner != owners.end() ? owner->second : a.who;
    spec.start = a.when;
    spec.due = a.when + std::chrono::days{a.days};
    double hours = a.hours > 0 ? a.hours : p->workload_hours / actions_per_priority[a.priority];
    if (hours > 0) spec.estimate_hours = hours;
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::string content_hash(const TaskSpec& spec) {
  // Fields joined with separators that cannot appear in them unescaped.
  std::string canonical = spec.key + '\x1f' + spec.parent_key + '\x1f' + spec.title + '\x1f' + spec.description +
                          '\x1f' + spec.assignee + '\x1f';
  for (const auto& l : spec.labels) canonical += l + '\x1e';
  canonical += '\x1f';
  if (spec.start) canonical += time::format_date(*spec.start);
  canonical += '\x1f';
  if (spec.due) canonical += time::format_date(*spec.due);
  canonical += '\x1f';
  if (spec.estimate_hours) canonical += hours_text(*spec.estimate_hours);
  return crypto::sha256_hex(canonical);
}

}  // namespace sextant::tasks
