// `sextant init` writes a starter plan and config; `sextant validate` checks them, reporting
// every problem as FILE:LINE:COL: /json/pointer: message.
#include "commands.hpp"
#include "example_files.hpp"
#include "year_shift.hpp"

#include <sextant/app/json_views.hpp>
#include <sextant/json/document.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/plugin/safe_file.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace sextant::cli {

namespace fs = std::filesystem;

Result<std::pair<fs::path, fs::path>> write_starter_files(const fs::path& dir, const time::Clock& clock,
                                                          bool overwrite, log::Logger& logger) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return make_error(Errc::io, "cannot create " + dir.string() + ": " + ec.message());
  const fs::path plan = dir / "plan.json", config = dir / "sextant.json";

  auto write = [&](const fs::path& path, const std::string& text) -> Result<> {
    // A dangling link exists too: kept, or with --force refused by replace_file.
    if (fs::exists(fs::symlink_status(path, ec)) && !overwrite) {
      logger.write(log::LogLevel::info, "", "keeping " + path.string() + " as it is");
      return {};
    }
    return plugin::replace_file(path, text);
  };

  // The example is written for kExampleYear; move it to this year so its figures are current.
  json::Diagnostics problems;
  auto example = json::parse_document("examples/plan.json", kExamplePlan, problems);
  if (!example) return make_error(Errc::internal, "the built-in example plan does not parse");
  int year = static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock.now())}.year());
  shift_years(example->root, year - kExampleYear);
  if (auto ok = write(plan, json::pretty(example->root)); !ok) return ok.error();
  if (auto ok = write(config, std::string(kExampleConfig)); !ok) return ok.error();
  return std::pair{plan, config};
}

void add_init_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("init", "Write a starter plan.json and sextant.json to edit");
  struct Options {
    std::string dir = ".";
    bool force = false;
  };
  auto opts = std::make_shared<Options>();  // owned by the callback, which the app keeps
  cmd->add_option("--dir", opts->dir, "Where to write them")->capture_default_str();
  cmd->add_flag("--force", opts->force, "Overwrite existing files");
  cmd->callback([&context, &code, opts] {
    const time::Clock* clock = context.clock();
    if (!clock) {
      code = kBadInput;
      return;
    }
    auto written = write_starter_files(opts->dir, *clock, opts->force, context.logger());
    if (!written) {
      code = context.fail(written.error());
      return;
    }
    std::cout << "plan:   " << written->first.string() << "\nconfig: " << written->second.string()
              << "\nEdit them, then run: sextant validate --config " << written->second.string() << "\n";
  });
}

void add_validate_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("validate", "Check the config, the plan and every plugin's settings");
  cmd->callback([&context, &code] {
    if (!context.format_is_one_of({"text", "json"})) {
      code = kBadInput;
      return;
    }
    const time::Clock* clock = context.clock();
    if (!clock) {
      code = kBadInput;
      return;
    }
    app::WorkspaceOptions options;
    options.config = context.options().config;
    if (!context.options().plan.empty()) options.plan = context.options().plan;
    json::Diagnostics problems;
    auto workspace = app::Workspace::open(options, context.logger(), *clock, problems);
    if (!workspace && problems.empty()) problems.push_back({options.config.string(), {1, 1}, "", workspace.error().message});
    code = workspace ? kOk : exit_code_for(workspace.error());
    if (context.options().format == "json") {
      std::cout << json::pretty({{"valid", static_cast<bool>(workspace)}, {"problems", app::problems_json(problems, context.logger())}});
      return;
    }
    if (!workspace) {
      std::cerr << context.logger().redact(json::to_string(problems));
      std::cerr << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << " found\n";
      return;
    }
    const auto& ws = **workspace;
    std::cout << ws.config().file.string() << " and " << ws.config().plan.string() << " are valid: "
              << ws.plan().priorities.size() << " priorities, " << ws.plan().actions.size() << " actions, "
              << ws.config().sources.size() << " source(s)"
              << (ws.config().tracker ? ", tracker " + ws.config().tracker->name : std::string(", no tracker")) << "\n";
  });
}

}  // namespace sextant::cli
