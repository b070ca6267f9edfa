// sextant: the command-line host. Logs go to stderr, results to stdout; exit codes are
// 0 (ok), 1 (runtime failure) and 2 (bad input).
#include "commands.hpp"

#include <csignal>
#include <iostream>

namespace {

void request_stop(int) { sextant::cli::Context::stop_flag().store(true); }

}  // namespace

int main(int argc, char** argv) {
  using namespace sextant::cli;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  GlobalOptions options;
  Context context(options);
  int code = kOk;

  CLI::App app{"Sextant keeps an online shop's yearly plan on course: it syncs the shop's figures, "
               "computes the seven steps of the plan and pushes the action plan to the team's tracker."};
  app.name("sextant");
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("-c,--config", options.config, "The deployment file")->capture_default_str();
  app.add_option("-p,--plan", options.plan, "The plan file (default: the config's \"plan\")");
  app.add_option("-f,--format", options.format, "Output format: text, json, md, csv or html (as each command allows)")
      ->capture_default_str();
  app.add_option("--today", options.today, "Run as if today were this day (YYYY-MM-DD), for reproducible output");
  app.add_flag("-q,--quiet", options.quiet, "Only warnings and errors on stderr; no progress");
  app.add_flag("-v,--verbose", options.verbose, "Debug logs on stderr");

  add_init_command(app, context, code);
  add_validate_command(app, context, code);
  add_plugins_command(app, context, code);
  add_check_command(app, context, code);
  add_sync_command(app, context, code);
  add_metrics_command(app, context, code);
  add_report_command(app, context, code);
  add_dashboard_command(app, context, code);
  add_serve_command(app, context, code);
  add_push_command(app, context, code);
  add_task_command(app, context, code);
  add_demo_command(app, context, code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int cli_code = app.exit(e);
    return cli_code == 0 ? kOk : kBadInput;
  } catch (const std::exception& e) {
    std::cerr << "sextant: internal error: " << context.logger().redact(e.what()) << "\n";
    return kFailure;
  }
  return code;
}
