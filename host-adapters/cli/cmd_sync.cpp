// `sextant sync`: pulls each source from its cursor into the ledger, then the task states from
// the tracker. On a terminal a progress line shows pages, orders per second and the time left;
// in scripts it stays quiet.
#include "commands.hpp"

#include <sextant/app/json_views.hpp>
#include <sextant/app/run_lock.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/sync/sync_engine.hpp>
#include <sextant/tasks/task_sync.hpp>

#include <cstdio>
#include <iostream>

namespace sextant::cli {

namespace {

std::string progress_line(const sync::SyncProgress& p) {
  double seconds = std::chrono::duration<double>(p.elapsed).count();
  double rate = seconds > 0 ? static_cast<double>(p.orders) / seconds : 0;
  char buf[160];
  if (p.total_pages > 0) {
    double left = p.pages > 0 ? seconds * static_cast<double>(p.total_pages - p.pages) / static_cast<double>(p.pages) : 0;
    std::snprintf(buf, sizeof buf, "\r%s: page %lld/%lld, %lld orders, %.0f orders/s, ETA %.0fs   ", p.source.c_str(),
                  static_cast<long long>(p.pages), static_cast<long long>(p.total_pages),
                  static_cast<long long>(p.orders), rate, left);
  } else {
    std::snprintf(buf, sizeof buf, "\r%s: page %lld, %lld orders, %.0f orders/s   ", p.source.c_str(),
                  static_cast<long long>(p.pages), static_cast<long long>(p.orders), rate);
  }
  return buf;
}

}  // namespace

int run_sync(Context& context, app::Workspace& workspace, bool full) {
  if (!context.format_is_one_of({"text", "json"})) return kBadInput;
  auto lock = app::RunLock::acquire(workspace.config().ledger, "sextant sync");
  if (!lock) return context.fail(lock.error());
  sync::SyncOptions options;
  options.full = full;
  options.stop = &Context::stop_flag();
  bool drawing = context.interactive();
  if (drawing) options.on_page = [](const sync::SyncProgress& p) { std::cerr << progress_line(p) << std::flush; };
  auto outcomes = sync::sync_all(workspace, options);
  if (drawing) std::cerr << "\n";
  if (!outcomes) return context.fail(outcomes.error());
  int code = kOk;
  const bool as_json = context.options().format == "json";
  if (as_json) std::cout << json::pretty(app::sync_json(*outcomes, context.logger()));
  for (const auto& o : *outcomes) {
    double seconds = std::chrono::duration<double>(o.progress.elapsed).count();
    if (o.status) {
      if (!context.options().quiet && !as_json)
        std::cout << o.source << ": " << o.progress.orders << " orders, " << o.progress.refunds << " refunds"
                  << (o.progress.sessions_days > 0 ? ", " + std::to_string(o.progress.sessions_days) + " days of sessions" : "")
                  << " in " << o.progress.pages << " pages (" << static_cast<long>(seconds * 1000) << " ms)\n";
    } else {
      std::cerr << "sextant: source " << o.source << " stopped after " << o.progress.pages << " pages: "
                << context.logger().redact(o.status.error().message) << "\n";
      code = std::max(code, exit_code_for(o.status.error()));
    }
  }
  // The team moves tasks in its tracker: their states are live data too.
  if (workspace.tracker())
    if (auto states = tasks::refresh_states(workspace); !states) {
      std::cerr << "sextant: tracker " << workspace.tracker()->use.name
                << ": task states not read: " << context.logger().redact(states.error().message) << "\n";
      code = std::max(code, exit_code_for(states.error()));
    }
  return code;
}

void add_sync_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("sync", "Pull orders, refunds and sessions from every source, and task states from the tracker, into the ledger");
  auto full = std::make_shared<bool>(false);
  cmd->add_flag("--full", *full, "Ignore the stored cursors and read everything again");
  cmd->callback([&context, &code, full] {
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    code = run_sync(context, *workspace, *full);
  });
}

}  // namespace sextant::cli
