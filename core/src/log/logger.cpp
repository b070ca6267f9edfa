#include "sextant/log/logger.hpp"

#include "sextant/plugin/calendar.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <ostream>

namespace sextant::log {

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "info";
}

Logger::Logger(std::ostream& sink, LogLevel threshold) : sink_(&sink), threshold_(threshold) {}

void Logger::set_threshold(LogLevel level) {
  std::lock_guard lock(mutex_);
  threshold_ = level;
}

void Logger::set_format(LogFormat format) {
  std::lock_guard lock(mutex_);
  format_ = format;
}

bool Logger::enabled(LogLevel level) const {
  std::lock_guard lock(mutex_);
  return level >= threshold_;
}

void Logger::add_secret(std::string value) {
  if (value.size() < 4) return;
  std::lock_guard lock(mutex_);
  if (std::find(secrets_.begin(), secrets_.end(), value) == secrets_.end()) secrets_.push_back(std::move(value));
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Logger::redact(std::string_view text) const {
  std::lock_guard lock(mutex_);
  std::string out(text);
  for (const auto& secret : secrets_) {
    for (std::size_t at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3))
      out.replace(at, secret.size(), "***");
  }
  return out;
}

void Logger::write(LogLevel level, std::string_view origin, std::string_view message) {
  if (!enabled(level)) return;
  std::string text = redact(message);
  std::lock_guard lock(mutex_);
  std::string line;
  if (format_ == LogFormat::json) {
    auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    boost::json::object o{{"time", format_instant(now)}, {"level", level_name(level)}, {"message", text}};
    if (!origin.empty()) o["origin"] = origin;
    line = boost::json::serialize(o) + "\n";
  } else {
    line = std::string(level_name(level));
    if (!origin.empty()) line += " [" + std::string(origin) + "]";
    line += " " + text + "\n";
  }
  *sink_ << line << std::flush;
}

}  // namespace sextant::log
