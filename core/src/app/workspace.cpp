#include "sextant/app/workspace.hpp"

#include "sextant/app/secrets.hpp"
#include "sextant/config/config_reader.hpp"
#include "sextant/ledger/sqlite_ledger.hpp"
#include "sextant/plan/plan_reader.hpp"

#include <tuple>

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

// Where a source's claim on its facts is: its "facts" when written, else its plugin's manifest.
std::string claim_pointer(const config::SourceUse& use) { return use.pointer + (use.facts ? "/facts" : "/plugin"); }

// The kinds of facts a source brings: the config's "facts", which its plugin must be able to
// bring, else all its manifest declares.
FactKinds claimed_facts(const config::SourceUse& use, const plugin::Manifest& manifest, const json::Document& doc,
                        json::Diagnostics& out) {
  if (!use.facts) return manifest.facts;
  for (auto [kind, wanted, offered] : {std::tuple{"orders", use.facts->orders, manifest.facts.orders},
                                       std::tuple{"sessions", use.facts->sessions, manifest.facts.sessions}})
    if (wanted && !offered)
      out.push_back(doc.diagnose(use.pointer + "/facts", "the " + use.plugin + " plugin does not bring " + kind +
                                                           ": remove \"" + kind + "\" from this list"));
  return *use.facts;
}

// A shop takes each kind of fact from one source: two sources claiming one kind is an error at
// both claims.
void check_one_source_per_fact(const std::vector<std::pair<const config::SourceUse*, FactKinds>>& claims,
                               const json::Document& doc, json::Diagnostics& out) {
  for (auto [kind, taken] : {std::pair{"orders", &FactKinds::orders}, {"sessions", &FactKinds::sessions}}) {
    std::vector<const config::SourceUse*> claimants;
    for (const auto& [use, facts] : claims)
      if (facts.*taken) claimants.push_back(use);
    if (claimants.size() < 2) continue;
    for (const auto* use : claimants) {
      std::string others;
      for (const auto* other : claimants)
        if (other != use) others += (others.empty() ? "\"" : ", \"") + other->name + "\"";
      const std::string hint = std::string(kind) == "sessions"
                                   ? "such as \"facts\": [\"orders\"] on the shop's"
                                   : "or give each shop a config of its own";
      out.push_back(doc.diagnose(claim_pointer(*use), "source \"" + use->name + "\" brings " + kind +
                                                          ", and so does " + others + ": a shop takes " + kind +
                                                          " from one source; list \"facts\" on the sources to say "
                                                          "which, " + hint));
    }
  }
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

  std::vector<std::pair<const config::SourceUse*, FactKinds>> claims;
  for (const auto& use : config_.sources) {
    auto factory = loader.source_factory(use.plugin);
    if (!factory) {
      report_plugin_error(factory.error(), doc, use.pointer, out);
      continue;
    }
    const auto& manifest = (*factory)->manifest();
    claims.emplace_back(&use, claimed_facts(use, manifest, doc, out));
    std::size_t before = out.size();
    auto settings = resolve_secrets(use.settings, doc, use.pointer + "/settings", manifest.secret_fields, base,
                                    *logger_, out);
    if (out.size() != before) continue;
    SourceInstance instance{use, {}, claims.back().second, std::make_unique<loading::PluginHost>("source " + use.name, *logger_, *clock_, base, use.http, timer_, zone_.name()), {}};
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
  check_one_source_per_fact(claims, doc, out);

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
  TrackerInstance instance{use, std::make_unique<loading::PluginHost>("tracker " + use.name, *logger_, *clock_, base, use.http, timer_, zone_.name()), {}};
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
