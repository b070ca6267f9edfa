// One HTTP exchange, no policy: the part of the client that talks to the network (libcurl in
// production). Failures are values that say whether the request may have reached the server.
#pragma once

#include "sextant/plugin/http.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sextant::http {

struct TransportFailure {
  std::string message;        ///< what happened, e.g. "connection refused", "timed out after 30 s"
  bool retryable = true;      ///< false for failures that will not go away (TLS verification, too large)
  bool maybe_sent = true;     ///< false when no byte can have reached the server (no connection)
  bool too_large = false;     ///< the answer went over the size cap
};

/// What judge_json_body() found of an answer's body (json_syntax.hpp).
enum class JsonBody {
  not_judged,         ///< no JSON expected, not a 2xx, a 204, or no answer
  sound,              ///< one well-formed JSON text (in the response's document if the request keeps it)
  not_json,           ///< a content type that is not JSON (an HTML login or error page)
  broken,             ///< JSON cut short or malformed: json_error says what and where
  left_to_inspector,  ///< a JSON content type; the syntax is the inspector's (inspector_reads_json)
};

struct Exchange {
  std::optional<plugin::HttpResponse> response;       ///< set when an HTTP answer arrived
  std::optional<TransportFailure> failure;            ///< set otherwise
  std::optional<std::chrono::seconds> retry_after;    ///< the answer's Retry-After, seconds or date
  JsonBody json = JsonBody::not_judged;
  std::string json_error;
};

/// Every exchange a transport hands over has been through judge_json_body(), on whichever thread
/// the transport likes: the parse of an answer can overlap the caller's work.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Starts an exchange (the request is kept until it ends); the number names it to finish().
  virtual std::uint64_t start(plugin::HttpRequest request) = 0;
  /// Runs the started exchanges until this one has ended, and hands it over. Others that end
  /// meanwhile are kept for their own finish().
  virtual Exchange finish(std::uint64_t exchange) = 0;
  /// Runs the started exchanges until one has ended that no earlier call announced, and names
  /// it (it stays to be finished); nullopt when none is left to announce.
  virtual std::optional<std::uint64_t> wait_any() = 0;
  /// The same without waiting: moves the exchanges on as far as they go now.
  virtual std::optional<std::uint64_t> ended_any() = 0;
  /// Drops an exchange started and not finished, under way or ended.
  virtual void cancel(std::uint64_t exchange) = 0;

  /// One exchange, from start to end.
  Exchange perform(const plugin::HttpRequest& request) { return finish(start(request)); }
};

}  // namespace sextant::http
