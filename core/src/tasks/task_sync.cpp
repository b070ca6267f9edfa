#include "sextant/tasks/task_sync.hpp"

#include "sextant/plugin/calendar.hpp"
#include "sextant/tasks/plan_tasks.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace sextant::tasks {

std::string_view to_string(Change change) {
  switch (change) {
    case Change::create: return "create";
    case Change::adopt: return "adopt";
    case Change::update: return "update";
    case Change::unchanged: return "unchanged";
    case Change::orphan: return "orphan";
  }
  return "unchanged";
}

namespace {

constexpr std::string_view kRetired = "retired";

ledger::TaskRecord record_for(const TaskSpec& spec, const std::string& tracker, const RemoteTask& remote,
                              const std::string& hash) {
  ledger::TaskRecord r;
  r.key = spec.key;
  r.parent_key = spec.parent_key;
  r.tracker = tracker;
  r.remote_id = remote.remote_id;
  r.url = remote.url;
  r.content_hash = hash;
  r.state = remote.state;
  r.percent_done = remote.percent_done;
  r.due = spec.due;
  r.title = spec.title;
  return r;
}

class Pusher {
 public:
  Pusher(app::TrackerInstance& tracker, ledger::Ledger& ledger, bool dry_run)
      : tracker_(tracker), ledger_(ledger), dry_run_(dry_run) {}

  Result<std::vector<PlannedChange>> run(const std::vector<TaskSpec>& specs) {
    auto existing = ledger_.tasks();
    if (!existing) return existing.error();
    for (auto& r : *existing) records_[r.key] = r;
    std::vector<PlannedChange> changes;
    std::set<std::string> wanted;
    for (const auto& spec : specs) {
      wanted.insert(spec.key);
      auto change = one(spec);
      if (!change) return change.error();
      changes.push_back(std::move(*change));
    }
    for (const auto& [key, record] : records_) {
      if (wanted.contains(key) || record.tracker != tracker_.use.name || record.remote_id.empty() ||
          record.content_hash == kRetired)
        continue;
      changes.push_back({key, record.title, Change::orphan, record.remote_id});
      if (dry_run_) continue;
      auto retired = tracker_.tracker->retire(record.remote_id, "removed from the plan", tracker_.use.close_orphans);
      if (!retired) return retired.error();
      auto updated = record;
      updated.content_hash = std::string(kRetired);
      if (auto ok = ledger_.save_task(updated); !ok) return ok.error();
    }
    return changes;
  }

 private:
  // The tracker's id of a task pushed in this run or before ("" if none yet).
  [[nodiscard]] std::string remote_of(const std::string& key) const {
    auto it = records_.find(key);
    return it == records_.end() ? std::string() : it->second.remote_id;
  }

  Result<PlannedChange> one(const TaskSpec& spec) {
    const std::string hash = content_hash(spec);
    const std::string parent = spec.parent_key.empty() ? std::string() : remote_of(spec.parent_key);
    PlannedChange change{spec.key, spec.title, Change::unchanged, ""};
    auto it = records_.find(spec.key);
    bool mapped = it != records_.end() && !it->second.remote_id.empty() && it->second.tracker == tracker_.use.name;
    std::string remote_id;
    if (mapped) {
      remote_id = it->second.remote_id;
      change.remote_id = remote_id;
      if (it->second.content_hash == hash) return change;
      change.change = Change::update;
    } else {
      // Not recorded (or only an intent): ask the tracker itself before creating anything.
      if (it != records_.end() && it->second.remote_id.empty()) wait_out_find_lag(it->second);
      auto found = tracker_.tracker->find(spec.key);
      if (!found) return found.error();
      if (*found) {
        change.change = Change::adopt;
        remote_id = (*found)->remote_id;
        change.remote_id = remote_id;
      } else {
        change.change = Change::create;
      }
    }
    if (dry_run_) return change;
    if (change.change == Change::create) {
      ledger::TaskRecord intent = record_for(spec, tracker_.use.name, RemoteTask{}, "");
      if (auto ok = ledger_.save_task(intent); !ok) return ok.error();
    }
    auto written = tracker_.tracker->upsert(spec, remote_id, parent);
    if (!written) return written.error();
    auto record = record_for(spec, tracker_.use.name, *written, hash);
    if (auto ok = ledger_.save_task(record); !ok) return ok.error();
    records_[spec.key] = record;
    change.remote_id = written->remote_id;
    return change;
  }

  // An intent means a create may have reached the tracker; where the tracker's lookup lags,
  // a miss is only trusted once the lag has passed since that attempt.
  void wait_out_find_lag(const ledger::TaskRecord& intent) {
    const auto lag = tracker_.tracker->find_lag();
    if (lag.count() == 0) return;
    auto attempted = parse_instant(intent.written_at);
    auto now = tracker_.host->wall_now();
    // Both stamps are whole seconds: one more second covers what they leave out.
    auto since = attempted ? now - *attempted - std::chrono::seconds{1} : std::chrono::seconds{0};
    if (since >= lag) return;
    tracker_.host->wait_for(std::chrono::duration_cast<std::chrono::milliseconds>(lag - since),
                            "a create of " + intent.key + " may not show in the tracker's search yet");
  }

  app::TrackerInstance& tracker_;
  ledger::Ledger& ledger_;
  bool dry_run_;
  std::map<std::string, ledger::TaskRecord> records_;
};

}  // namespace

Result<app::TrackerInstance*> tracker_to_push_to(app::Workspace& workspace) {
  auto* tracker = workspace.tracker();
  if (!tracker)
    return make_error(Errc::invalid_input, workspace.config().file.string() +
                                               ": no \"tracker\" is configured, so there is nowhere to push");
  return tracker;
}

Result<std::vector<PlannedChange>> push(app::Workspace& workspace, const PushOptions& options) {
  auto tracker = tracker_to_push_to(workspace);
  if (!tracker) return tracker.error();
  auto opened = workspace.ledger();
  if (!opened) return opened.error();
  ledger::Ledger& ledger = **opened;
  std::string link = "file://" + std::filesystem::absolute(workspace.config().plan).lexically_normal().string();
  auto specs = tasks_from_plan(workspace.plan(), (*tracker)->use.owners, link);
  if (options.dry_run) return Pusher(**tracker, ledger, true).run(specs);

  auto run = ledger.begin_run("push");
  if (!run) return run.error();
  // States first: a task deleted in the tracker since the last read is then written again now.
  auto read = refresh_states(workspace);
  auto changes = read ? Pusher(**tracker, ledger, false).run(specs) : Result<std::vector<PlannedChange>>(read.error());
  Result<> states = changes ? refresh_states(workspace) : Result<>{};
  Result<> outcome = !changes ? Result<>(changes.error()) : states;
  (void)ledger.end_run(*run, outcome ? "ok" : "failed",
                       outcome ? std::to_string(changes->size()) + " tasks" : workspace.logger().redact(outcome.error().message));
  if (!outcome) return outcome.error();
  return changes;
}

Result<> refresh_states(app::Workspace& workspace) {
  auto tracker = tracker_to_push_to(workspace);
  if (!tracker) return tracker.error();
  auto opened = workspace.ledger();
  if (!opened) return opened.error();
  auto records = (*opened)->tasks();
  if (!records) return records.error();
  std::vector<ledger::TaskRecord> mine;
  std::vector<std::string> ids;
  for (auto& r : *records) {
    if (r.tracker != (*tracker)->use.name || r.remote_id.empty()) continue;
    mine.push_back(r);
    ids.push_back(r.remote_id);
  }
  if (ids.empty()) return {};
  auto states = (*tracker)->tracker->states(ids);
  if (!states) return states.error();
  if (states->size() != mine.size())
    return make_error(Errc::plugin_failed, "tracker \"" + (*tracker)->use.name + "\" returned " +
                                               std::to_string(states->size()) + " states for " +
                                               std::to_string(mine.size()) + " tasks");
  for (std::size_t i = 0; i < mine.size(); ++i) {
    // Gone from the tracker: forget what was written so that the next push writes it again.
    if ((*states)[i].remote_id.empty() && mine[i].content_hash != kRetired) mine[i].content_hash.clear();
    mine[i].state = (*states)[i].state;
    mine[i].percent_done = (*states)[i].percent_done;
    if (auto ok = (*opened)->save_task(mine[i]); !ok) return ok;
  }
  return {};
}

}  // namespace sextant::tasks
