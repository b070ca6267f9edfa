#include "sextant/app/workspace.hpp"

#include "sextant/app/secrets.hpp"
#include "sextant/config/config_reader.hpp"
#include "sextant/ledger/sqlite_ledger.hpp"
#include "sextant/plan/plan_reader.hpp"

namespace sextant::app {

namespace {

Error bad_input(const json::Diagnostics& diagnostics, std::size_t before) {
  return make_error(Errc::invalid_input, std::to_string(diagnostics.size() - before) + " problem(s) in the input");
}

// A plugin's complaint about its settings, located in the config file.
void report_plugin_error(const Error& e, const json::Document& doc, const std::string& pointer,
                         json::Diagnostics& out) {
  std::string at = e.code == Errc::not_found ? pointer + "/plugin" : pointer + "/settings" + e.field;
  if (e.code == Errc::incompatible_plugin || e.code == Errc::plugin_failed) at = pointer + "/plugin";
  out.push_back(doc.diagnose(at, e.message));
}

}  // namespace

Result<std::unique_ptr<Workspace>> Workspace::open(const WorkspaceOptions& options, log::Logger& logger,
                                                   const time::Clock& clock, json::Diagnostics& diagnostics) {
  std::size_t before = diagnostics.size();
  std::optional<config::Config> config;
  if (options.config_text) {
    if (auto doc = json::parse_document(options.config.string(), *options.config_text, diagnostics))
      config = config::read_config(std::move(*doc), options.config, diagnostics);
  } else {
    config = config::load_config(options.config, diagnostics);
  }
  if (!config) return bad_input(diagnostics, before);
  logger.set_threshold(config->log_level);
  if (auto problem = ledger::sqlite_ledger_problem(config->ledger); !problem.empty())
    diagnostics.push_back(config->document.diagnose("/ledger", problem));
  if (options.plan) config->plan = *options.plan;
  auto plan = plan::load_plan(config->plan, diagnostics);
  if (!plan) return bad_input(diagnostics, before);
  auto zone = time::Zone::locate(plan->shop.timezone);
  if (!zone) return zone.error();
  std::unique_ptr<Workspace> ws(new Workspace(std::move(*config), std::move(*plan), *zone, logger, clock));
  ws->load_plugins(diagnostics);
  if (diagnostics.size() != before) return bad_input(diagnostics, before);
  return ws;
}

void Workspace::load_plugins(json::Diagnostics& out) {
  loading::PluginLoader loader(loading::PluginLoader::default_directories(config_.plugin_path));
  const json::Document& doc = config_.document;
  const auto base = config_.file.parent_path();

  for (const auto& use : config_.sources) {
    auto factory = loader.source_factory(use.plugin);
    if (!factory) {
      report_plugin_error(factory.error(), doc, use.pointer, out);
      continue;
    }
    const auto& manifest = (*factory)->manifest();
    std::size_t before = out.size();
    auto settings = resolve_secrets(use.settings, doc, use.pointer + "/settings", manifest.secret_fields, base,
                                    *logger_, out);
    if (out.size() != before) continue;
    SourceInstance instance{use, {}, std::make_unique<loading::PluginHost>("source " + use.name, *logger_, *clock_, base, use.http, timer_), {}};
    if (use.counted_statuses) instance.counted_statuses = *use.counted_statuses;
    else instance.counted_statuses.assign(manifest.counted_statuses.begin(), manifest.counted_statuses.end());
    auto source = loading::create_source(*factory, use.plugin, settings, *instance.host);
    if (!source) {
      report_plugin_error(source.error(), doc, use.pointer, out);
      continue;
    }
    instance.source = std::move(*source);
    sources_.push_back(std::move(instance));
  }

  if (!config_.tracker) return;
  const auto& use = *config_.tracker;
  auto factory = loader.tracker_factory(use.plugin);
  if (!factory) {
    report_plugin_error(factory.error(), doc, use.pointer, out);
    return;
  }
  std::size_t before = out.size();
  auto settings = resolve_secrets(use.settings, doc, use.pointer + "/settings", (*factory)->manifest().secret_fields,
                                  base, *logger_, out);
  if (out.size() != before) return;
  TrackerInstance instance{use, std::make_unique<loading::PluginHost>("tracker " + use.name, *logger_, *clock_, base, use.http, timer_), {}};
  auto tracker = loading::create_tracker(*factory, use.plugin, settings, *instance.host);
  if (!tracker) {
    report_plugin_error(tracker.error(), doc, use.pointer, out);
    return;
  }
  instance.tracker = std::move(*tracker);
  tracker_ = std::move(instance);
}

Result<ledger::Ledger*> Workspace::ledger() {
  if (!ledger_) {
    auto opened = ledger::open_sqlite_ledger(config_.ledger, zone_, plan_.shop.currency);
    if (!opened) return opened.error();
    ledger_ = std::move(*opened);
  }
  return ledger_.get();
}

}  // namespace sextant::app
