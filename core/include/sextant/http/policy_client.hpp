// The core's HTTP client: rate limiter -> transport -> classify -> wait -> retry. Every part is
// injected (transport, timer, randomness), so the policy is unit-tested without a network or a
// clock.
#pragma once

#include "sextant/http/http_options.hpp"
#include "sextant/http/rate_limiter.hpp"
#include "sextant/http/timer.hpp"
#include "sextant/http/transport.hpp"
#include "sextant/log/logger.hpp"
#include "sextant/plugin/http.hpp"
#include "sextant/plugin/url_origin.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sextant::http {

class PolicyClient final : public plugin::HttpClient {
 public:
  PolicyClient(HttpOptions options, std::unique_ptr<Transport> transport, Timer& timer, log::Logger& logger,
               std::string origin, std::function<double()> uniform01);

  Result<plugin::HttpResponse> send(const plugin::HttpRequest& request,
                                    const plugin::ResponseInspector& inspect = {}) override;
  std::unique_ptr<plugin::HttpWindow> window() override;
  void budget(std::string_view key, const plugin::RateBudget& budget) override;
  void budget_windows(std::string_view key, std::chrono::seconds width) override;

  /// A request on its way: its first attempt started, once its place in the bucket was paid.
  struct Launched {
    std::uint64_t exchange = 0;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point deadline;  ///< of all its attempts
  };
  /// Paces the request on its limiter and starts its first attempt (send's first half).
  Launched launch(const plugin::HttpRequest& request);
  /// Waits for the first attempt's end, then retries as the policy says (send's second half).
  Result<plugin::HttpResponse> land(const plugin::HttpRequest& request, const plugin::ResponseInspector& inspect,
                                    const Launched& launched);
  /// Waits until an attempt started by launch() and not yet announced has ended; nullopt if none
  /// is under way. Its answer stays for land().
  std::optional<std::uint64_t> wait_any() { return transport_->wait_any(); }
  /// The same without waiting.
  std::optional<std::uint64_t> ended_any() { return transport_->ended_any(); }
  /// Drops a launched request whose answer nobody will take.
  void cancel(std::uint64_t exchange) { transport_->cancel(exchange); }

 private:
  std::string limiter_key(const plugin::HttpRequest& request) const;
  /// Charges the request's cost to its bucket (once per request, whatever its attempts) and waits for it.
  void wait_for_limiter(const plugin::HttpRequest& request);
  /// Starts one attempt with fresh credentials.
  std::uint64_t start_attempt(const plugin::HttpRequest& request);
  /// One attempt: fresh credentials, the exchange, its debug line.
  Exchange perform(const plugin::HttpRequest& request);
  void log_exchange(const plugin::HttpRequest& request, const Exchange& x, std::chrono::nanoseconds took);
  /// Judges the first attempt's exchange and makes the later attempts until an answer, an error,
  /// the attempts or the deadline: the one retry loop of every request.
  Result<plugin::HttpResponse> conclude(const plugin::HttpRequest& request, const plugin::ResponseInspector& inspect,
                                        Exchange first, std::chrono::steady_clock::time_point deadline);

  HttpOptions options_;
  std::unique_ptr<Transport> transport_;
  Timer& timer_;
  log::Logger& logger_;
  std::string origin_;
  std::function<double()> uniform01_;
  RateLimiter limiter_;
};

using plugin::url_host;
using plugin::url_without_query;

}  // namespace sextant::http
