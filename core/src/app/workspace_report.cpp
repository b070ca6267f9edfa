#include "sextant/app/workspace_report.hpp"

#include "sextant/report/build_report.hpp"
#include "sextant/report/history.hpp"

namespace sextant::app {

Result<report::Report> workspace_report(Workspace& workspace) {
  auto opened = workspace.ledger();
  if (!opened) return opened.error();
  const auto today = workspace.zone().local_day(workspace.clock().now());
  auto history = report::load_history(**opened, workspace.plan(), today);
  if (!history) return history.error();
  auto tasks = (*opened)->tasks();
  if (!tasks) return tasks.error();
  return report::build_report(workspace.plan(), *history, today, *tasks, workspace.zone().name());
}

}  // namespace sextant::app
