// `sextant push [--dry-run]` sends the action plan to the tracker; `sextant task` lists the
// tasks and sets a task's state.
#include "commands.hpp"

#include <sextant/app/json_views.hpp>
#include <sextant/app/run_lock.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/tasks/task_sync.hpp>
#include <sextant/time/calendar.hpp>

#include <boost/json.hpp>

#include <iostream>
#include <map>

namespace sextant::cli {

int run_push(Context& context, app::Workspace& workspace, bool dry_run) {
  if (!context.format_is_one_of({"text", "json"})) return kBadInput;
  if (auto tracker = tasks::tracker_to_push_to(workspace); !tracker) return context.fail(tracker.error());
  std::optional<app::RunLock> lock;  // a dry run writes nothing: it needs no lock
  if (!dry_run) {
    auto taken = app::RunLock::acquire(workspace.config().ledger, "sextant push");
    if (!taken) return context.fail(taken.error());
    lock.emplace(std::move(*taken));
  }
  auto changes = tasks::push(workspace, tasks::PushOptions{dry_run});
  if (!changes) return context.fail(changes.error());
  if (context.options().format == "json") {
    std::cout << json::pretty(app::push_json(*changes, dry_run));
    return kOk;
  }
  std::map<tasks::Change, int> counts;
  for (const auto& c : *changes) {
    ++counts[c.change];
    if (c.change != tasks::Change::unchanged)
      std::cout << (dry_run ? "would " : "") << tasks::to_string(c.change) << "  " << c.key << "  " << c.title << "\n";
  }
  std::cout << (dry_run ? "dry run: " : "") << counts[tasks::Change::create] << " to create, "
            << counts[tasks::Change::adopt] << " adopted, " << counts[tasks::Change::update] << " to update, "
            << counts[tasks::Change::unchanged] << " unchanged, " << counts[tasks::Change::orphan] << " orphaned\n";
  return kOk;
}

void add_push_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("push", "Send the action plan to the tracker and read the tasks' states back");
  auto dry = std::make_shared<bool>(false);
  cmd->add_flag("--dry-run", *dry, "Only print what would change; write nothing anywhere");
  cmd->callback([&context, &code, dry] {
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    code = run_push(context, *workspace, *dry);
  });
}

void add_task_command(CLI::App& app, Context& context, int& code) {
  auto* task = app.add_subcommand("task", "List tasks, or set a task's state");
  task->require_subcommand(1);

  auto* list = task->add_subcommand("list", "List the tasks pushed, with their states read from the tracker");
  list->callback([&context, &code] {
    if (!context.format_is_one_of({"text", "json"})) {
      code = kBadInput;
      return;
    }
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    auto opened = workspace->ledger();
    if (!opened) {
      code = context.fail(opened.error());
      return;
    }
    // States move in the tracker (or the board file): read them first, else show the last known.
    if (workspace->tracker())
      if (auto fresh = tasks::refresh_states(*workspace); !fresh)
        context.logger().write(log::LogLevel::warning, "",
                               "showing the states last read: " + fresh.error().message);
    auto records = (*opened)->tasks();
    if (!records) {
      code = context.fail(records.error());
      return;
    }
    if (context.options().format == "json") {
      boost::json::array out;
      for (const auto& r : *records)
        out.push_back({{"key", r.key}, {"title", r.title}, {"state", to_string(r.state)},
                       {"percent_done", r.percent_done}, {"due", r.due ? time::format_date(*r.due) : ""},
                       {"tracker", r.tracker}, {"remote_id", r.remote_id}, {"url", r.url}});
      std::cout << json::pretty(out);
      return;
    }
    for (const auto& r : *records)
      std::cout << to_string(r.state) << "\t" << r.key << "\t" << r.title << "\n";
  });

  auto* set = task->add_subcommand("set", "Set a task's state: open, in-progress or done");
  struct Options {
    std::string key, state;
  };
  auto opts = std::make_shared<Options>();
  set->add_option("key", opts->key, "The task's key, as `sextant task list` shows it")->required();
  set->add_option("state", opts->state, "open, in-progress or done")->required();
  set->callback([&context, &code, opts] {
    auto state = parse_task_state(opts->state);
    if (!state) {
      std::cerr << "sextant: \"" << opts->state << "\" is not a state: use open, in-progress or done\n";
      code = kBadInput;
      return;
    }
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    auto* tracker = workspace->tracker();
    auto opened = workspace->ledger();
    if (!opened) {
      code = context.fail(opened.error());
      return;
    }
    auto record = (*opened)->task(opts->key);
    if (!record) {
      code = context.fail(record.error());
      return;
    }
    if (!*record || (*record)->remote_id.empty() || !tracker || (*record)->tracker != tracker->use.name) {
      std::cerr << "sextant: no task \"" << opts->key << "\" has been pushed to the configured tracker "
                << "(see sextant task list)\n";
      code = kBadInput;
      return;
    }
    if (auto ok = tracker->tracker->set_state((*record)->remote_id, *state); !ok) {
      code = context.fail(ok.error());
      return;
    }
    if (auto ok = tasks::refresh_states(*workspace); !ok) {
      code = context.fail(ok.error());
      return;
    }
    std::cout << opts->key << ": " << to_string(*state) << "\n";
  });
}

}  // namespace sextant::cli
