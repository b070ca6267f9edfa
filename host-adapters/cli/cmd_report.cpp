// `sextant report [--step N]`: the seven steps of the plan, as text, JSON or Markdown.
#include "commands.hpp"

#include <sextant/app/workspace_report.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/report/report_document.hpp>
#include <sextant/report/report_json.hpp>

#include <iostream>

namespace sextant::cli {

int run_report(Context& context, app::Workspace& workspace, int step) {
  if (!context.format_is_one_of({"text", "json", "md"})) return kBadInput;
  auto built = app::workspace_report(workspace);
  if (!built) return context.fail(built.error());
  const auto& format = context.options().format;
  if (format == "json") std::cout << json::pretty(report::to_json(*built, step));
  else if (format == "md") std::cout << report::to_markdown(report::to_document(*built, step));
  else std::cout << report::to_text(report::to_document(*built, step));
  return kOk;
}

void add_report_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("report", "The seven steps of the plan, computed from the ledger (text, json or md)");
  auto step = std::make_shared<int>(0);
  cmd->add_option("--step", *step, "Only this step: 1 vision, 2 review, 3 priorities, 4 valuation, 5 financing, "
                                   "6 action plan, 7 dashboard")
      ->check(CLI::Range(1, 7));
  cmd->callback([&context, &code, step] {
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    code = run_report(context, *workspace, *step);
  });
}

}  // namespace sextant::cli
