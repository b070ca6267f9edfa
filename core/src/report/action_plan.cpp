// Step 6: the actions in date order, each owner's hours per month against their capacity, and
// what starts in the next three months.
#include "steps.hpp"

#include <algorithm>
#include <map>

namespace sextant::report::detail {

using namespace std::chrono;

ActionPlanStep action_plan_step(const plan::Plan& plan, sys_days today, const std::vector<year_month>& months,
                                const std::map<std::string, TaskState>& states) {
  ActionPlanStep step;
  std::map<std::string, const plan::Priority*> priorities;
  std::map<std::string, int> count;
  for (const auto& p : plan.priorities) priorities[p.id] = &p;
  for (const auto& a : plan.actions) ++count[a.priority];

  std::map<std::string, OwnerLoad> owners;
  const sys_days quarter_end = sys_days{year_month_day{today} + std::chrono::months{3}};
  for (const auto& a : plan.actions) {
    ActionRow row;
    row.action = &a;
    row.priority = priorities.at(a.priority);
    row.due = a.when + days{a.days};
    row.hours = a.hours > 0 ? a.hours : row.priority->workload_hours / count[a.priority];
    if (auto s = states.find(plan.id + "/" + a.id); s != states.end()) row.state = s->second;
    row.overdue = row.due < today && row.state != TaskState::done;
    if (a.when >= today && a.when < quarter_end) step.next_quarter.push_back(a.id);

    // The hours are spread evenly over the action's days.
    auto& owner = owners[a.who];
    owner.who = a.who;
    owner.hours.resize(months.size(), 0.0);
    for (int d = 0; d < a.days; ++d) {
      year_month_day ymd{a.when + days{d}};
      int i = month_index(months, ymd.year() / ymd.month());
      if (i >= 0) owner.hours[static_cast<std::size_t>(i)] += row.hours / a.days;
    }
    step.actions.push_back(row);
  }
  std::stable_sort(step.actions.begin(), step.actions.end(),
                   [](const ActionRow& x, const ActionRow& y) { return x.action->when < y.action->when; });
  for (auto& [who, load] : owners) {
    if (auto c = plan.capacity.per_person.find(who); c != plan.capacity.per_person.end()) {
      load.capacity = c->second;
      for (std::size_t i = 0; i < months.size(); ++i)
        if (load.hours[i] > c->second + 1e-9) load.overloaded.push_back(months[i]);
    }
    step.owners.push_back(std::move(load));
  }
  return step;
}

}  // namespace sextant::report::detail
