#include "sextant/app/workspace_report.hpp"

#include "sextant/json/document.hpp"
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
  auto built = report::build_report(workspace.plan(), *history, today, *tasks, workspace.zone().name());
  if (!built && !built.error().field.empty()) {
    // The plan was read and dropped when the workspace opened: read again to locate the field.
    json::Diagnostics located;
    if (auto doc = json::load_document(workspace.config().plan, located))
      return make_error(built.error().code, doc->diagnose(built.error().field, built.error().message).to_string(),
                        built.error().field);
  }
  return built;
}

}  // namespace sextant::app
