// Services the core lends to a plugin. Host-implemented: methods are only ever appended at the
// end (a minor ABI bump), so plugins built against an older minor keep working.
#pragma once

#include "sextant/plugin/http.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace sextant::plugin {

enum class LogLevel : std::uint8_t { debug, info, warning, error };

class Host {
 public:
  virtual ~Host() = default;

  /// Writes one log line, attributed to the plugin. Secrets known to the core are redacted
  /// before the line goes anywhere. Thread-safe.
  virtual void log(LogLevel level, std::string_view message) = 0;

  /// The run's "now": what day it is for the plan (`--today` sets it). Injected, so that tests
  /// and reproducible runs can fix it. Use it for what the shop looks like today.
  [[nodiscard]] virtual std::chrono::sys_seconds now() const = 0;

  /// The real time, whatever `--today` says: for protocol timestamps (signatures, token
  /// expiry) and for sync cursors, which must follow the servers' clocks.
  [[nodiscard]] virtual std::chrono::sys_seconds wall_now() const = 0;

  /// A path from the plugin's settings made absolute: relative paths are taken from the folder
  /// of the config file that named them.
  [[nodiscard]] virtual std::string resolve_path(std::string_view path) const = 0;

  /// Waits on the plugin's behalf (a platform's job still running, say): the core does the
  /// waiting, on its injected timer, and logs why.
  virtual void wait_for(std::chrono::milliseconds duration, std::string_view why) = 0;

  /// The HTTP client for this plugin object, configured from its "http" settings. Lives as
  /// long as the host. Calls from one thread at a time.
  virtual HttpClient& http() = 0;

  /// A credential the plugin obtained at run time (an access token from a login or a client
  /// credentials grant): from now on it is redacted like the config's secrets, in every form.
  /// Since ABI 2.1. Thread-safe.
  virtual void register_secret(std::string_view value) = 0;

  /// The plan's reporting time zone, an IANA name ("Europe/Paris"): the zone of every day a source
  /// emits, for a source whose service reports days in a zone of its own to check it is this one.
  /// Since ABI 6.1.
  [[nodiscard]] virtual std::string time_zone() const = 0;
};

}  // namespace sextant::plugin
