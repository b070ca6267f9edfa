#include "sextant/loading/plugin_host.hpp"

#include "sextant/http/curl_transport.hpp"
#include "sextant/time/zone.hpp"

#include <random>

namespace sextant::loading {

PluginHost::PluginHost(std::string origin, log::Logger& logger, const time::Clock& clock,
                       std::filesystem::path base_dir, http::HttpOptions http_options, http::Timer& timer,
                       std::string time_zone)
    : origin_(std::move(origin)),
      logger_(&logger),
      clock_(&clock),
      base_dir_(std::move(base_dir)),
      http_options_(std::move(http_options)),
      timer_(&timer),
      time_zone_(std::move(time_zone)) {}

std::chrono::sys_days PluginHost::local_day(std::chrono::sys_seconds instant) const {
  // The plan's zone, located once the plan was read: value() cannot fail here.
  return time::Zone::locate(time_zone_).value().local_day(instant);
}

namespace {
// A plugin that warns day after day (a sampled report each chunk) needs only its first words kept.
constexpr std::size_t kKeptWarnings = 5;
}  // namespace

void PluginHost::log(plugin::LogLevel level, std::string_view message) {
  logger_->write(level, origin_, message);
  if (level < plugin::LogLevel::warning) return;
  std::lock_guard lock(warnings_mutex_);
  if (warnings_.size() < kKeptWarnings) warnings_.push_back(logger_->redact(message));
  else ++more_warnings_;
}

std::vector<std::string> PluginHost::take_warnings() {
  std::lock_guard lock(warnings_mutex_);
  std::vector<std::string> out = std::move(warnings_);
  if (more_warnings_ > 0) out.push_back("and " + std::to_string(more_warnings_) + " more warnings");
  warnings_.clear();
  more_warnings_ = 0;
  return out;
}

std::string PluginHost::resolve_path(std::string_view path) const {
  std::filesystem::path p{std::string(path)};
  return (p.is_absolute() ? p : std::filesystem::absolute(base_dir_ / p)).lexically_normal().string();
}

void PluginHost::wait_for(std::chrono::milliseconds duration, std::string_view why) {
  logger_->write(plugin::LogLevel::debug, origin_,
                 "waiting " + std::to_string(duration.count()) + " ms: " + std::string(why));
  timer_->sleep_for(duration);
}

plugin::HttpClient& PluginHost::http() {
  if (!http_) {
    auto random = std::make_shared<std::mt19937_64>(std::random_device{}());
    http_ = std::make_unique<http::PolicyClient>(
        http_options_, http::make_curl_transport(http_options_), *timer_, *logger_, origin_,
        [random] { return std::uniform_real_distribution<double>(0.0, 1.0)(*random); });
  }
  return *http_;
}

}  // namespace sextant::loading
