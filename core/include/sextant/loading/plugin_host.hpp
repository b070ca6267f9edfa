// The Host the core lends to each plugin object: its log lines carry the plugin's name and go
// through the redacting logger; its clock is the run's clock; its HTTP client applies the
// config's "http" options for that plugin.
#pragma once

#include "sextant/http/http_options.hpp"
#include "sextant/http/policy_client.hpp"
#include "sextant/log/logger.hpp"
#include "sextant/plugin/host.hpp"
#include "sextant/time/clock.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sextant::loading {

class PluginHost final : public plugin::Host {
 public:
  /// Logger, clock and timer must outlive the host. Relative paths resolve against `base_dir`;
  /// `time_zone` is the plan's.
  PluginHost(std::string origin, log::Logger& logger, const time::Clock& clock, std::filesystem::path base_dir,
             http::HttpOptions http_options, http::Timer& timer, std::string time_zone);

  void log(plugin::LogLevel level, std::string_view message) override;
  [[nodiscard]] std::chrono::sys_seconds now() const override { return clock_->now(); }
  [[nodiscard]] std::chrono::sys_seconds wall_now() const override { return wall_.now(); }
  [[nodiscard]] std::string resolve_path(std::string_view path) const override;
  void wait_for(std::chrono::milliseconds duration, std::string_view why) override;
  plugin::HttpClient& http() override;
  void register_secret(std::string_view value) override { logger_->add_secret(value); }
  [[nodiscard]] std::string time_zone() const override { return time_zone_; }
  [[nodiscard]] std::chrono::sys_days local_day(std::chrono::sys_seconds instant) const override;

  /// The warnings and errors the plugin logged since the last call, redacted (the first few, and
  /// how many more): what the run log keeps of a run besides its outcome.
  std::vector<std::string> take_warnings();

 private:
  std::string origin_;
  log::Logger* logger_;
  const time::Clock* clock_;
  time::SystemClock wall_;
  std::filesystem::path base_dir_;
  http::HttpOptions http_options_;
  http::Timer* timer_;
  std::unique_ptr<http::PolicyClient> http_;  // made on first use: most plugins of a run never call out
  std::string time_zone_;
  std::mutex warnings_mutex_;  // log() is called from any thread
  std::vector<std::string> warnings_;
  std::size_t more_warnings_ = 0;
};

}  // namespace sextant::loading
