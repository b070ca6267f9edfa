// `sextant push`: makes the tracker match the action plan without ever creating a task twice,
// then reads the tasks' states back into the ledger.
#pragma once

#include "sextant/app/workspace.hpp"

#include <string>
#include <vector>

namespace sextant::tasks {

enum class Change : std::uint8_t {
  create,     ///< no task anywhere: created
  adopt,      ///< the tracker already had it (a crash after creating): recorded, then brought up to date
  update,     ///< the action changed: its task is updated
  unchanged,  ///< nothing to send
  orphan,     ///< the action left the plan: its task gets a note (or is closed)
};

std::string_view to_string(Change change);

struct PlannedChange {
  std::string key;
  std::string title;
  Change change = Change::unchanged;
  std::string remote_id;
};

struct PushOptions {
  bool dry_run = false;  ///< only say what would change: no write to the tracker or the ledger
};

/// The configured tracker; Errc::invalid_input when none is (checked before the run lock).
Result<app::TrackerInstance*> tracker_to_push_to(app::Workspace& workspace);

/// Pushes the plan's tasks to the workspace's tracker. Before every create, the key is looked up
/// in the ledger, then in the tracker itself; an intent record is written first, so a crash at
/// any point leaves at most a task that the next push adopts.
Result<std::vector<PlannedChange>> push(app::Workspace& workspace, const PushOptions& options);

/// Reads every mapped task's state from the tracker into the ledger.
Result<> refresh_states(app::Workspace& workspace);

}  // namespace sextant::tasks
