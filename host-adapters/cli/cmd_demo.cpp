// `sextant demo`: the whole flow on the built-in demo shop, with no account anywhere. Writes a
// plan and a config, syncs the demo shop, prints the last 30 days, pushes the action plan to a
// local board, prints the seven-step report, and says where everything is. Running it again continues where it left off.
#include "commands.hpp"

#include <filesystem>
#include <iostream>

namespace sextant::cli {

void add_demo_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("demo", "Run Sextant end to end on the built-in demo shop");
  auto dir = std::make_shared<std::string>("sextant-demo");
  cmd->add_option("--dir", *dir, "Working directory for the demo's files")->capture_default_str();
  cmd->callback([&context, &code, dir] {
    const time::Clock* clock = context.clock();
    if (!clock) {
      code = kBadInput;
      return;
    }
    auto files = write_starter_files(*dir, *clock, false, context.logger());
    if (!files) {
      code = context.fail(files.error());
      return;
    }
    context.options().config = files->second.string();
    context.options().plan.clear();
    context.options().format = "text";
    auto workspace = context.open_workspace(code);
    if (!workspace) return;

    std::cout << "== Syncing the demo shop\n";
    if ((code = run_sync(context, *workspace, false)) != kOk) return;
    auto today = workspace->zone().local_day(clock->now());
    std::cout << "\n== The last 30 days\n\n";
    if ((code = run_metrics(context, *workspace, today - std::chrono::days{30}, today - std::chrono::days{1})) != kOk)
      return;
    std::cout << "\n== Pushing the action plan to the local board\n";
    if ((code = run_push(context, *workspace, false)) != kOk) return;
    std::cout << "\n";
    if ((code = run_report(context, *workspace, 0)) != kOk) return;

    auto absolute = [](const std::filesystem::path& p) { return std::filesystem::absolute(p).lexically_normal().string(); };
    std::string board = "(no tracker)";
    if (const auto* t = workspace->tracker())
      if (const auto* b = t->use.settings.if_contains("board"); b && b->is_string())
        board = (workspace->config().file.parent_path() / std::string(b->get_string())).string();
    std::cout << "\n== Where everything is\n"
              << "plan:    " << absolute(workspace->config().plan) << "\n"
              << "config:  " << absolute(workspace->config().file) << "\n"
              << "ledger:  " << absolute(workspace->config().ledger) << "\n"
              << "board:   " << (board.front() == '(' ? board : absolute(board)) << "\n"
              << "Next: sextant metrics --config " << workspace->config().file.string() << " --format json\n";
  });
}

}  // namespace sextant::cli
