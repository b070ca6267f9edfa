// The tracker contract: a plugin that writes the action plan into a team tool and reads the
// tasks' states back. Plugin-implemented: any change here is a MAJOR ABI bump.
#pragma once

#include "sextant/plugin/error.hpp"
#include "sextant/plugin/host.hpp"
#include "sextant/plugin/manifest.hpp"
#include "sextant/plugin/task.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::plugin {

class Tracker {
 public:
  virtual ~Tracker() = default;
  /// Checks credentials, reachability and permissions, and nothing else.
  virtual Result<> check() = 0;
  /// Finds the task carrying this key in the tracker itself (label, marker or field), with a
  /// read that sees items created a moment ago. Used before every create, so that a crash
  /// between "created" and "recorded" never yields a second task.
  virtual Result<std::optional<RemoteTask>> find(std::string_view key) = 0;
  /// How long after a create find() may still miss the new task, for trackers whose only
  /// lookup is a search index that lags (Jira Cloud); zero where the lookup reads the database.
  /// Before trusting a miss for a task whose create may have been sent, the core lets this much
  /// time pass since the attempt.
  [[nodiscard]] virtual std::chrono::seconds find_lag() const { return std::chrono::seconds{0}; }
  /// Creates the task when remote_id is empty, else updates that task to match the spec.
  /// parent_remote_id is the priority's task for an action ("" for a priority).
  virtual Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id,
                                    std::string_view parent_remote_id) = 0;
  /// Reads the current state of these tasks, in the same order. A task the tracker no longer
  /// holds (a line deleted from a board file) comes back with an empty remote_id: the core then
  /// writes it again on the next push.
  virtual Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) = 0;
  /// An action left the plan: leave a note on its task, and close it when asked.
  virtual Result<> retire(std::string_view remote_id, std::string_view note, bool close) = 0;
  /// Sets a task's state from Sextant (`sextant task set`). Trackers where people own the
  /// state may refuse with Errc::remote_rejected.
  virtual Result<> set_state(std::string_view remote_id, TaskState state) = 0;
};

class TrackerFactory {
 public:
  virtual ~TrackerFactory() = default;
  [[nodiscard]] virtual const Manifest& manifest() const noexcept = 0;
  /// Validates the settings and builds a tracker; see SourceFactory::create.
  virtual Result<std::unique_ptr<Tracker>> create(const boost::json::object& settings,
                                                  Host& host) const = 0;
};

}  // namespace sextant::plugin
