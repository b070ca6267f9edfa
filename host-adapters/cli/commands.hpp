// The subcommands of `sextant`, each registered on the app by its own file, and the pieces of
// them that `sextant demo` runs in a row.
#pragma once

#include "cli_context.hpp"

#include <chrono>

namespace sextant::cli {

void add_init_command(CLI::App& app, Context& context, int& code);
void add_validate_command(CLI::App& app, Context& context, int& code);
void add_plugins_command(CLI::App& app, Context& context, int& code);
void add_check_command(CLI::App& app, Context& context, int& code);
void add_sync_command(CLI::App& app, Context& context, int& code);
void add_metrics_command(CLI::App& app, Context& context, int& code);
void add_report_command(CLI::App& app, Context& context, int& code);
void add_dashboard_command(CLI::App& app, Context& context, int& code);
void add_serve_command(CLI::App& app, Context& context, int& code);
void add_push_command(CLI::App& app, Context& context, int& code);
void add_task_command(CLI::App& app, Context& context, int& code);
void add_demo_command(CLI::App& app, Context& context, int& code);

/// Syncs every source, with a progress line on a terminal. Returns an exit code.
int run_sync(Context& context, app::Workspace& workspace, bool full);
/// Prints the metrics of [from, to] in the context's format. Returns an exit code.
int run_metrics(Context& context, app::Workspace& workspace, std::chrono::sys_days from, std::chrono::sys_days to);
/// Prints the report (every step when `step` is 0) in the context's format. Returns an exit code.
int run_report(Context& context, app::Workspace& workspace, int step);
/// Pushes the action plan (or, dry, shows what would change). Returns an exit code.
int run_push(Context& context, app::Workspace& workspace, bool dry_run);

/// Writes the example plan and config into `dir`, moved to the clock's year; existing files are
/// kept (they may hold the user's edits). Returns the paths written or kept, or an error.
Result<std::pair<std::filesystem::path, std::filesystem::path>> write_starter_files(
    const std::filesystem::path& dir, const time::Clock& clock, bool overwrite, log::Logger& logger);

}  // namespace sextant::cli
