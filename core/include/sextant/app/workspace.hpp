// Everything one command works on: the config and the plan, checked; the plugins it names,
// loaded with their settings; the ledger, opened on first use. Shared by the CLI, the daemon
// and the C ABI.
#pragma once

#include "sextant/config/config.hpp"
#include "sextant/ledger/ledger.hpp"
#include "sextant/loading/plugin_host.hpp"
#include "sextant/loading/plugin_loader.hpp"
#include "sextant/log/logger.hpp"
#include "sextant/plan/plan.hpp"
#include "sextant/time/clock.hpp"
#include "sextant/time/zone.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

namespace sextant::app {

struct WorkspaceOptions {
  std::filesystem::path config{"sextant.json"};
  std::optional<std::filesystem::path> plan;  ///< overrides the config's "plan"
  /// The config itself (JSON), instead of reading `config`, which then only names it in
  /// messages and places it: relative paths in it start from `config`'s folder.
  std::optional<std::string> config_text;
};

struct SourceInstance {
  config::SourceUse use;
  std::vector<std::string> counted_statuses;   ///< the config's override, else the plugin's list
  FactKinds facts;                             ///< the kinds the shop takes from it
  std::unique_ptr<loading::PluginHost> host;
  std::shared_ptr<plugin::Source> source;
};

struct TrackerInstance {
  config::TrackerUse use;
  std::unique_ptr<loading::PluginHost> host;
  std::shared_ptr<plugin::Tracker> tracker;
};

class Workspace {
 public:
  /// Reads and checks the config, the plan and every plugin's settings. On bad input, returns
  /// Errc::invalid_input and appends every problem to `diagnostics`; nothing is written.
  static Result<std::unique_ptr<Workspace>> open(const WorkspaceOptions& options, log::Logger& logger,
                                                 const time::Clock& clock, json::Diagnostics& diagnostics);

  [[nodiscard]] const config::Config& config() const { return config_; }
  [[nodiscard]] const plan::Plan& plan() const { return plan_; }
  [[nodiscard]] const time::Zone& zone() const { return zone_; }
  [[nodiscard]] const time::Clock& clock() const { return *clock_; }
  [[nodiscard]] log::Logger& logger() const { return *logger_; }
  [[nodiscard]] std::vector<SourceInstance>& sources() { return sources_; }
  [[nodiscard]] TrackerInstance* tracker() { return tracker_ ? &*tracker_ : nullptr; }
  /// The ledger, opened (and created or migrated) on first use.
  Result<ledger::Ledger*> ledger();

 private:
  Workspace(config::Config config, plan::Plan plan, time::Zone zone, log::Logger& logger, const time::Clock& clock)
      : config_(std::move(config)), plan_(std::move(plan)), zone_(std::move(zone)), logger_(&logger), clock_(&clock) {}
  void load_plugins(json::Diagnostics& out);

  config::Config config_;
  plan::Plan plan_;
  time::Zone zone_;
  log::Logger* logger_;
  const time::Clock* clock_;
  http::SteadyTimer timer_;  // the plugins' HTTP clients wait on it
  std::vector<SourceInstance> sources_;
  std::optional<TrackerInstance> tracker_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

}  // namespace sextant::app
