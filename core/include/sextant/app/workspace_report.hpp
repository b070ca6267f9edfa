// The report of a workspace as of its clock's day: the plan, the ledger's history and the tasks'
// states. What `sextant report`, the dashboard, `sextant serve` and the C ABI all show.
#pragma once

#include "sextant/app/workspace.hpp"
#include "sextant/report/report.hpp"

namespace sextant::app {

/// The report lives no longer than the workspace (it points into its plan).
Result<report::Report> workspace_report(Workspace& workspace);

}  // namespace sextant::app
