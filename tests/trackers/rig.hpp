// A tracker under test, real (Redmine) or fake (GitHub, GitLab, Jira, Trello): how to point
// Sextant at it, and how to see what Sextant wrote there, read back the tracker's own way and
// put in common terms, so that one suite checks every tracker plugin against the same plan.
#pragma once

#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <ostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sextant::test {

struct TrackerItem {
  std::string key;                     ///< the task key the item carries (field, label or marker); "" for none
  std::string remote_id;
  std::string title;
  std::string parent_key;              ///< the key of the item it belongs to ("" for none)
  std::set<std::string> labels;        ///< as the plan spells them: "quadrant:attack/sell", "priority:p1"
  std::string start, due;              ///< "YYYY-MM-DD", "" when absent
  std::optional<double> estimate_hours;
  std::string assignee;                ///< the tracker user's login / name / account id
  TaskState state = TaskState::open;
};

class TrackerRig {
 public:
  virtual ~TrackerRig() = default;
  /// The "tracker" member of sextant.json, owners included (claire, sophie → alice; malik → bob).
  [[nodiscard]] virtual boost::json::object tracker_config() const = 0;
  /// Environment variables holding the secrets the config refers to.
  [[nodiscard]] virtual std::map<std::string, std::string> env() const = 0;
  /// Every item in the tracker (the test's project, board or repository), with or without a task
  /// key: an item a crash left without its key is the duplicate the suite must see.
  virtual std::vector<TrackerItem> items() = 0;
  /// Write requests the server received so far; nullopt where the server cannot tell (Redmine:
  /// the suite compares the items instead).
  virtual std::optional<int> writes() = 0;
  /// Moves an item to a state as a person would, through the tracker's own API.
  virtual void move(const TrackerItem& item, TaskState state) = 0;
  /// Queues faults on a fake (see tests/fakes/fakekit.py).
  virtual void inject(const std::string& faults_json) = 0;
};

struct RigFactory {
  std::string name;
  std::function<std::unique_ptr<TrackerRig>()> make;
};
/// How GoogleTest names a rig in its output.
inline void PrintTo(const RigFactory& rig, std::ostream* out) { *out << rig.name; }

/// The rigs of the fakes, each started on a free port for one test.
std::unique_ptr<TrackerRig> github_rig();
std::unique_ptr<TrackerRig> gitlab_rig();
std::unique_ptr<TrackerRig> jira_rig();
std::unique_ptr<TrackerRig> trello_rig();
/// The GitHub rig with the fake's secondary write limits (80 a minute, 500 an hour: GitHub's)
/// lifted: a kill soak writes thousands of times in an hour, a new process every few seconds
/// (bench/kill_soak); the plugin still paces its own writes.
std::unique_ptr<TrackerRig> github_rig_for_soak();
/// The real Redmine of tests/redmine (started by the program's environment), a new project per test.
std::unique_ptr<TrackerRig> redmine_rig();

/// The owners map every rig's config uses: the plan's "who" → "alice" / "bob".
boost::json::object rig_owners(const std::string& alice, const std::string& bob);

}  // namespace sextant::test
