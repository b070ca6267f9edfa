// `sextant dashboard [--out FILE]`: the steering dashboard as one self-contained HTML page.
#include "commands.hpp"

#include <sextant/app/workspace_report.hpp>
#include <sextant/dashboard/html_dashboard.hpp>
#include <sextant/plugin/safe_file.hpp>
#include <sextant/report/report_json.hpp>

#include <iostream>

namespace sextant::cli {

void add_dashboard_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("dashboard", "The steering dashboard as one HTML page that works offline and prints on A4");
  auto out = std::make_shared<std::string>();
  cmd->add_option("-o,--out", *out, "The file to write (default: standard output)");
  cmd->callback([&context, &code, out] {
    // The page is HTML whatever the default text format says; --format html says it explicitly.
    if (!context.format_is_one_of({"text", "html"})) {
      code = kBadInput;
      return;
    }
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    auto built = app::workspace_report(*workspace);
    if (!built) {
      code = context.fail(built.error());
      return;
    }
    const std::string page = dashboard::render_html(report::to_json(*built, 0).as_object());
    if (out->empty()) {
      std::cout << page;
      return;
    }
    if (auto written = plugin::replace_file(*out, page); !written) {
      code = context.fail(written.error());
      return;
    }
    if (!context.options().quiet) std::cout << "dashboard written to " << *out << "\n";
  });
}

}  // namespace sextant::cli
