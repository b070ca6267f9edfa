#include "sextant/log/logger.hpp"

#include "sextant/plugin/calendar.hpp"

#include <boost/json.hpp>

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

void Logger::add_secret(std::string_view value) {
  std::lock_guard lock(mutex_);
  redactor_.add(value);
}

std::string Logger::redact(std::string_view text) const {
  std::lock_guard lock(mutex_);
  return redactor_.redact(text);
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
