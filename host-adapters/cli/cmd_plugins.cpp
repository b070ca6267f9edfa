// `sextant plugins` lists what the loader finds and why a plugin is refused; `sextant check`
// asks every configured plugin whether it can reach its service.
#include "commands.hpp"

#include <sextant/app/json_views.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/loading/plugin_loader.hpp>

#include <boost/json.hpp>

#include <iostream>

namespace sextant::cli {

void add_plugins_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("plugins", "List the plugins found, with their kind, version, path and status");
  cmd->callback([&context, &code] {
    if (!context.format_is_one_of({"text", "json"})) {
      code = kBadInput;
      return;
    }
    // The config is optional here: its plugin_path adds directories when it can be read.
    std::vector<std::filesystem::path> configured;
    json::Diagnostics ignored;
    if (std::filesystem::exists(context.options().config))
      if (auto doc = json::load_document(context.options().config, ignored))
        if (const auto* p = doc->root.is_object() ? doc->root.get_object().if_contains("plugin_path") : nullptr;
            p && p->is_array())
          for (const auto& d : p->get_array())
            if (d.is_string())
              configured.push_back(std::filesystem::path(context.options().config).parent_path() /
                                   std::string(d.get_string()));
    loading::PluginLoader loader(loading::PluginLoader::default_directories(configured));
    if (context.options().format == "json") {
      std::cout << json::pretty(app::plugins_json(loader));
      return;
    }
    auto found = loader.list();
    if (found.empty()) std::cout << "no plugins found\n";
    for (const auto& p : found) {
      std::cout << p.kind << " " << p.name << " " << (p.version.empty() ? "?" : p.version) << "  "
                << (p.problem.empty() ? "ok" : "REFUSED") << "  " << p.path.string() << "\n";
      if (!p.problem.empty()) std::cout << "    " << p.problem << "\n";
      else if (p.manifest && !p.manifest->summary.empty()) std::cout << "    " << p.manifest->summary << "\n";
      if (p.problem.empty() && p.manifest && !p.manifest->facts.empty()) {
        std::cout << "    facts:";
        for (const auto& f : p.manifest->facts) std::cout << " " << f;
        std::cout << "\n";
      }
    }
    std::cout << "searched:";
    for (const auto& d : loader.directories()) std::cout << " " << d.string();
    std::cout << "\n";
  });
}

void add_check_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("check", "Check that every source and the tracker can reach their service");
  cmd->callback([&context, &code] {
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    bool all_ok = true;
    auto report = [&](const std::string& what, const Result<>& r) {
      std::cout << what << ": " << (r ? "ok" : context.logger().redact(r.error().message)) << "\n";
      all_ok = all_ok && r;
    };
    for (auto& s : workspace->sources()) report("source " + s.use.name, s.source->check());
    if (auto* t = workspace->tracker()) report("tracker " + t->use.name, t->tracker->check());
    code = all_ok ? kOk : kFailure;
  });
}

}  // namespace sextant::cli
