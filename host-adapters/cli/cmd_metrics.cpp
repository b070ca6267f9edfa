// `sextant metrics --from D --to D`: the daily metric dictionary, per day and in total.
#include "commands.hpp"

#include <sextant/json/pretty.hpp>
#include <sextant/metrics/metrics_table.hpp>
#include <sextant/time/calendar.hpp>

#include <iostream>

namespace sextant::cli {

int run_metrics(Context& context, app::Workspace& workspace, std::chrono::sys_days from, std::chrono::sys_days to) {
  if (!context.format_is_one_of({"text", "json", "csv"})) return kBadInput;
  auto opened = workspace.ledger();
  if (!opened) return context.fail(opened.error());
  auto days = (*opened)->days(from, to);
  if (!days) return context.fail(days.error());
  auto totals = (*opened)->period(from, to);
  if (!totals) return context.fail(totals.error());
  metrics::MetricsTable table{workspace.plan().shop.currency, workspace.plan().shop.exponent, workspace.zone().name(),
                              from, to, std::move(*days), *totals};
  const auto& format = context.options().format;
  if (format == "json") std::cout << json::pretty(metrics::to_json(table));
  else if (format == "csv") std::cout << metrics::to_csv(table);
  else std::cout << metrics::to_text(table);
  return kOk;
}

void add_metrics_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("metrics", "Print the daily metrics (text, json or csv) of a period");
  struct Options {
    std::string from, to;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("--from", opts->from, "First day, YYYY-MM-DD (default: 30 days before --to)");
  cmd->add_option("--to", opts->to, "Last day, YYYY-MM-DD (default: yesterday)");
  cmd->callback([&context, &code, opts] {
    const time::Clock* clock = context.clock();
    if (!clock) {
      code = kBadInput;
      return;
    }
    auto parse = [&](const std::string& text, const char* flag) -> std::optional<std::chrono::sys_days> {
      auto day = time::parse_date(text);
      if (!day) std::cerr << "sextant: " << flag << " \"" << text << "\" is not a date (expected YYYY-MM-DD)\n";
      return day;
    };
    // Explicit dates are checked before anything is opened; defaults need the shop's zone.
    std::optional<std::chrono::sys_days> to, from;
    if (!opts->to.empty() && !(to = parse(opts->to, "--to"))) {
      code = kBadInput;
      return;
    }
    if (!opts->from.empty() && !(from = parse(opts->from, "--from"))) {
      code = kBadInput;
      return;
    }
    if (from && to && *from > *to) {
      std::cerr << "sextant: --from " << time::format_date(*from) << " is after --to " << time::format_date(*to) << "\n";
      code = kBadInput;
      return;
    }
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    if (!to) to = workspace->zone().local_day(clock->now()) - std::chrono::days{1};
    if (!from) from = *to - std::chrono::days{29};
    code = run_metrics(context, *workspace, *from, *to);
  });
}

}  // namespace sextant::cli
