// The Host the core lends to each plugin object: its log lines carry the plugin's name and go
// through the redacting logger; its clock is the run's clock.
#pragma once

#include "sextant/log/logger.hpp"
#include "sextant/plugin/host.hpp"
#include "sextant/time/clock.hpp"

#include <filesystem>
#include <string>

namespace sextant::loading {

class PluginHost final : public plugin::Host {
 public:
  /// Logger and clock must outlive the host. Relative paths resolve against `base_dir`.
  PluginHost(std::string origin, log::Logger& logger, const time::Clock& clock, std::filesystem::path base_dir)
      : origin_(std::move(origin)), logger_(&logger), clock_(&clock), base_dir_(std::move(base_dir)) {}

  void log(plugin::LogLevel level, std::string_view message) override { logger_->write(level, origin_, message); }
  [[nodiscard]] std::chrono::sys_seconds now() const override { return clock_->now(); }
  [[nodiscard]] std::string resolve_path(std::string_view path) const override {
    std::filesystem::path p{std::string(path)};
    return (p.is_absolute() ? p : std::filesystem::absolute(base_dir_ / p)).lexically_normal().string();
  }

 private:
  std::string origin_;
  log::Logger* logger_;
  const time::Clock* clock_;
  std::filesystem::path base_dir_;
};

}  // namespace sextant::loading
