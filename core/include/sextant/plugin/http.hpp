// The HTTP client the core lends to plugins (Host::http()). The core owns the policy: rate
// limits, timeouts, TLS, retries with full-jitter backoff on transport errors, 429 and 5xx
// (honouring Retry-After), a size cap, a content-type check. Plugins build requests and read
// answers; they never sleep.
#pragma once

#include "sextant/plugin/error.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::plugin {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method{"GET"};
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;
  /// False for writes that must not happen twice: retried only when the request provably never
  /// reached the server (no connection). Reads and GraphQL queries are idempotent.
  bool idempotent = true;
  /// An answer that is not JSON (an HTML login, error or captcha page) is an error, not a parse failure.
  bool expect_json = true;
  /// Requests with the same key share a rate limiter; "" = the URL's host.
  std::string limiter_key;
  /// Units this request takes from its limiter (a GraphQL query's estimated cost; 1 for REST).
  double cost = 1;
  /// Called on a copy of the request before each attempt, the first included: for credentials
  /// that must be fresh every time (an OAuth 1.0a nonce and timestamp, a token about to expire).
  std::function<void(HttpRequest&)> before_send;
  /// With expect_json: hand the answer over parsed too (HttpResponse::document). The core parses
  /// each JSON answer to judge it (unless its inspector reads it); kept, that parse spares the
  /// plugin a second one.
  bool keep_document = false;
  /// With expect_json, for a plugin that parses the body itself anyway (a streaming read): its
  /// inspector answers RetryLater when the JSON is broken, and the core checks only the content
  /// type, so that each answer is parsed once, not twice.
  bool inspector_reads_json = false;
};

struct HttpResponse {
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;
  /// The body parsed, when the request asked to keep it (HttpRequest::keep_document); else null.
  boost::json::value document;

  /// The first header with this name, compared without case.
  [[nodiscard]] std::optional<std::string> header(std::string_view name) const {
    for (const auto& h : headers) {
      if (h.name.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < name.size() && same; ++i)
        same = (h.name[i] | 0x20) == (name[i] | 0x20);
      if (same) return h.value;
    }
    return std::nullopt;
  }
};

/// A 2xx answer that cannot be used and is worth asking again: the platform's own "slow down"
/// (Shopify's THROTTLED in an HTTP 200), or an error it documents as transient (Shopify's
/// INTERNAL_SERVER_ERROR in an HTTP 200).
struct RetryLater {
  std::chrono::milliseconds wait{0};  ///< how long the platform asks to wait; 0 = let the core back off
  std::string reason;
  /// A throttle is waited out until the request's deadline; a transient error counts against
  /// its attempts, like a 5xx.
  bool throttled = true;
};

/// Looks at a 2xx answer for platform signals; nullopt means the answer is good.
using ResponseInspector = std::function<std::optional<RetryLater>(const HttpResponse&)>;

/// What a server says of its budget (a leaky bucket): feeds the limiter of a key.
struct RateBudget {
  double capacity = 0;           ///< units the bucket holds
  double available = 0;          ///< units available now
  double refill_per_second = 0;  ///< units restored each second
};

/// Requests in a sliding window: at most `width()` in flight (the source's http.parallel), started
/// in the order they were added, each under the same policy as HttpClient::send (pacing, retries,
/// deadline). Answers are taken by ticket in any order; one that came early is kept until taken.
/// Add only as far ahead as you will take: every answer not yet taken stays in memory.
class HttpWindow {
 public:
  virtual ~HttpWindow() = default;
  /// Queues a request, started as soon as a place is free; its ticket.
  virtual std::size_t add(HttpRequest request, ResponseInspector inspect = {}) = 0;
  /// The answer to a request of this window, once: waits for it, moving the others on meanwhile.
  virtual Result<HttpResponse> take(std::size_t ticket) = 0;
  /// How many requests are kept in flight.
  [[nodiscard]] virtual int width() const noexcept = 0;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  /// Sends one request under the core's policy. Errors: Errc::unauthorized (401, 403),
  /// not_found (404), remote_rejected (other 4xx, TLS failure), rate_limited or transient
  /// (retries spent), bad_response (not JSON where JSON was expected, too large, truncated).
  /// The error message names the method and the URL without its query.
  virtual Result<HttpResponse> send(const HttpRequest& request, const ResponseInspector& inspect = {}) = 0;

  /// A window of requests in flight together, on this client's connections (kept alive from one
  /// request to the next) and limits.
  virtual std::unique_ptr<HttpWindow> window() = 0;

  /// Tells the limiter of `key` what the server says of its budget.
  virtual void budget(std::string_view key, const RateBudget& budget) = 0;

  /// Tells the limiter of `key` that the server counts its budget in fixed windows of `width` of
  /// calendar time aligned on the epoch (Plausible: each clock hour, UTC) and answers 429 without
  /// Retry-After once it is spent. Such a 429 is then waited out until its window ends, or
  /// reported at once, with that time, when the end is past the request's deadline: never asked
  /// again with backoff. Since ABI 6.1.
  virtual void budget_windows(std::string_view key, std::chrono::seconds width) = 0;
};

}  // namespace sextant::plugin
