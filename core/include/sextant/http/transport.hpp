// One HTTP exchange, no policy: the part of the client that talks to the network (libcurl in
// production). Failures are values that say whether the request may have reached the server.
#pragma once

#include "sextant/plugin/http.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sextant::http {

struct TransportFailure {
  std::string message;        ///< what happened, e.g. "connection refused", "timed out after 30 s"
  bool retryable = true;      ///< false for failures that will not go away (TLS verification, too large)
  bool maybe_sent = true;     ///< false when no byte can have reached the server (no connection)
  bool too_large = false;     ///< the answer went over the size cap
};

struct Exchange {
  std::optional<plugin::HttpResponse> response;       ///< set when an HTTP answer arrived
  std::optional<TransportFailure> failure;            ///< set otherwise
  std::optional<std::chrono::seconds> retry_after;    ///< the answer's Retry-After, seconds or date
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Exchange perform(const plugin::HttpRequest& request) = 0;
  /// Several exchanges concurrently; results in order.
  virtual std::vector<Exchange> perform_all(std::span<const plugin::HttpRequest* const> requests) = 0;
};

}  // namespace sextant::http
