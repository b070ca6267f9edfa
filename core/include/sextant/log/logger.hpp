// Log lines to stderr (or any stream), with every secret the core knows of redacted before a
// line is written. Results go to stdout; logs never do.
#pragma once

#include "sextant/log/redactor.hpp"
#include "sextant/plugin/host.hpp"

#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace sextant::log {

using plugin::LogLevel;

std::string_view level_name(LogLevel level);

/// text: "info [origin] message"; json: one object a line, for journald and log collectors:
/// {"time": "2026-11-26T10:00:00Z", "level": "info", "origin": "...", "message": "..."}.
enum class LogFormat : std::uint8_t { text, json };

class Logger {
 public:
  explicit Logger(std::ostream& sink, LogLevel threshold = LogLevel::info);

  void set_threshold(LogLevel level);
  void set_format(LogFormat format);
  [[nodiscard]] bool enabled(LogLevel level) const;
  /// From now on, this value is replaced by "***" wherever it appears, in every form listed in
  /// redactor.hpp. Values shorter than Redactor::kMinimumLength are ignored.
  void add_secret(std::string_view value);
  /// Writes "LEVEL [origin] message" when the level passes the threshold. Thread-safe.
  void write(LogLevel level, std::string_view origin, std::string_view message);
  /// The text with every known secret replaced: the one sink every shown or stored error passes.
  [[nodiscard]] std::string redact(std::string_view text) const;

 private:
  std::ostream* sink_;
  LogLevel threshold_;
  LogFormat format_ = LogFormat::text;
  Redactor redactor_;
  mutable std::mutex mutex_;
};

}  // namespace sextant::log
