#include "sextant/http/policy_client.hpp"

#include "sextant/http/request_window.hpp"
#include "sextant/plugin/calendar.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <variant>

namespace sextant::http {

using plugin::HttpRequest;
using plugin::HttpResponse;

namespace {

std::string seconds_text(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

// At most kQuoted bytes of a server's text in a message, cut on a character boundary, with
// the whole size: an error page can be megabytes, and may echo anything it was sent.
constexpr std::size_t kQuoted = 200;

std::string cut_short(std::string text, std::size_t whole) {
  if (text.size() <= kQuoted) return text;
  std::size_t end = kQuoted;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a UTF-8 sequence
  return text.substr(0, end) + "... (" + std::to_string(whole) + " bytes)";
}

// A short reason from an error body: its JSON "message" (or an OAuth error's code and
// description, or Google's error.message), else its HTML <title>, else its start.
// The body is redacted before it is cut, so that no part of a secret outlives the cut.
std::string body_hint(const std::string& raw, const log::Logger& logger) {
  const std::string body = logger.redact(raw);
  boost::system::error_code ec;
  auto doc = boost::json::parse(body, ec);
  if (!ec && doc.is_object()) {
    const auto& o = doc.as_object();
    auto quoted = [&](const boost::json::value& m) { return cut_short(std::string(m.get_string()), raw.size()); };
    if (const auto* m = o.if_contains("message"); m && m->is_string()) return quoted(*m);
    if (const auto* e = o.if_contains("errors"); e && e->is_array() && !e->as_array().empty()) {
      const auto& first = e->as_array()[0];
      if (first.is_object())
        if (const auto* m = first.as_object().if_contains("message"); m && m->is_string()) return quoted(*m);
      if (first.is_string()) return quoted(first);
    }
    if (const auto* e = o.if_contains("error"); e && e->is_string()) {
      // OAuth 2.0 (RFC 6749 §5.2): the code, and its description when given.
      if (const auto* d = o.if_contains("error_description"); d && d->is_string())
        return cut_short(std::string(e->get_string()) + ": " + std::string(d->get_string()), raw.size());
      return quoted(*e);
    }
    // Google's APIs (google.rpc.Status): {"error": {"code", "message", "status"}}.
    if (const auto* e = o.if_contains("error"); e && e->is_object())
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) return quoted(*m);
  }
  auto lower = body;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (auto t = lower.find("<title>"); t != std::string::npos) {
    auto end = lower.find("</title>", t);
    return "page titled \"" + cut_short(body.substr(t + 7, end == std::string::npos ? end : end - t - 7), raw.size()) +
           "\"";
  }
  std::string start = cut_short(body, raw.size());
  for (char& c : start)
    if (c == '\n' || c == '\r') c = ' ';
  return start;
}

struct Retry {
  std::chrono::milliseconds hint{0};  // the server's or the platform's wait, if any
  std::string reason;
  bool throttled = false;
  Errc code = Errc::transient;  // the error once the attempts or the deadline are spent
  std::string advice = "";      // said after the attempt count when giving up
};

using Verdict = std::variant<Result<HttpResponse>, Retry>;

// "GET https://host/path", as errors and the log name a request: built only for them (a sync
// sends thousands of requests that need no words).
std::string described(const HttpRequest& request) { return request.method + " " + url_without_query(request.url); }

}  // namespace

PolicyClient::PolicyClient(HttpOptions options, std::unique_ptr<Transport> transport, Timer& timer, log::Logger& logger,
                           std::string origin, std::function<double()> uniform01)
    : options_(std::move(options)),
      transport_(std::move(transport)),
      timer_(timer),
      logger_(logger),
      origin_(std::move(origin)),
      uniform01_(std::move(uniform01)) {}

std::string PolicyClient::limiter_key(const HttpRequest& r) const {
  return r.limiter_key.empty() ? url_host(r.url) : r.limiter_key;
}

void PolicyClient::budget(std::string_view key, const plugin::RateBudget& budget) {
  limiter_.observe(std::string(key), budget, timer_.now());
}

void PolicyClient::budget_windows(std::string_view key, std::chrono::seconds width) {
  limiter_.count_windows(std::string(key), width);
}

void PolicyClient::wait_for_limiter(const HttpRequest& request) {
  const std::string key = limiter_key(request);
  if (options_.requests_per_second > 0 && request.limiter_key.empty())
    limiter_.configure(key, std::max(1.0, options_.requests_per_second), options_.requests_per_second, timer_.now());
  auto wait = limiter_.reserve(key, request.cost, timer_.now());
  if (wait.count() > 0) {
    logger_.write(log::LogLevel::debug, origin_, "pacing " + key + ": waiting " + seconds_text(wait));
    timer_.sleep_for(wait);
  }
}

namespace {

Verdict classify(const HttpRequest& request, Exchange& x, const plugin::ResponseInspector& inspect,
                 const log::Logger& logger) {
  if (x.failure) {
    const auto& f = *x.failure;
    if (f.too_large) return Result<HttpResponse>(make_error(Errc::bad_response, described(request) + ": " + f.message));
    if (!f.retryable)
      return Result<HttpResponse>(make_error(Errc::remote_rejected, described(request) + ": " + f.message));
    if (!request.idempotent && f.maybe_sent)
      return Result<HttpResponse>(make_error(Errc::transient, described(request) + ": " + f.message +
                                                                 "; not retried, the request may have reached the server"));
    return Retry{std::chrono::milliseconds{0}, f.message, false};
  }
  auto& r = *x.response;
  auto hint = x.retry_after ? std::chrono::duration_cast<std::chrono::milliseconds>(*x.retry_after)
                            : std::chrono::milliseconds{0};
  const std::string status = "HTTP " + std::to_string(r.status);
  if (r.status >= 200 && r.status < 300) {
    // An unusable 2xx is a transient failure of the server or of a proxy before it: asked again
    // within the request's attempts, like a 5xx. The transport judged the body (judge_json_body).
    if (x.json == JsonBody::not_json)
      return Retry{hint,
                   "expected JSON but got " + r.header("content-type").value_or("no content type") + " (" + status +
                       ", " + body_hint(r.body, logger) + ")",
                   false, Errc::bad_response, ": a login, error or bot-protection page?"};
    if (x.json == JsonBody::broken)
      return Retry{hint, status + " with a body that is not valid JSON (" + x.json_error + ")", false, Errc::bad_response};
    if (inspect)
      if (auto later = inspect(r))
        return Retry{later->wait, later->reason, later->throttled,
                     later->throttled ? Errc::rate_limited : Errc::transient};
    return Result<HttpResponse>(std::move(r));  // moved, not assigned: the document stays in its arena
  }
  if (r.status == 429) return Retry{hint, status + " (too many requests)", true, Errc::rate_limited};
  // GitHub answers its rate limits with 403: a Retry-After, or a spent x-ratelimit-remaining.
  if (r.status == 403 && (x.retry_after || r.header("x-ratelimit-remaining") == "0"))
    return Retry{x.retry_after ? hint : std::chrono::milliseconds{60'000}, status + " (rate limit)", true,
                 Errc::rate_limited};
  if ((r.status >= 500 || r.status == 408) && request.idempotent) return Retry{hint, status, false};
  std::string message = described(request) + ": " + status + ": " + body_hint(r.body, logger);
  Errc code = r.status == 401 || r.status == 403 ? Errc::unauthorized
              : r.status == 404                  ? Errc::not_found
              : r.status >= 500                  ? Errc::transient
                                                 : Errc::remote_rejected;
  return Result<HttpResponse>(make_error(code, message));
}

}  // namespace

PolicyClient::Launched PolicyClient::launch(const HttpRequest& request) {
  const auto deadline = timer_.now() + options_.deadline;
  wait_for_limiter(request);
  return Launched{start_attempt(request), timer_.now(), deadline};
}

Result<HttpResponse> PolicyClient::land(const HttpRequest& request, const plugin::ResponseInspector& inspect,
                                        const Launched& launched) {
  Exchange x = transport_->finish(launched.exchange);
  log_exchange(request, x, timer_.now() - launched.started);
  return conclude(request, inspect, std::move(x), launched.deadline);
}

std::uint64_t PolicyClient::start_attempt(const HttpRequest& request) {
  if (!request.before_send) return transport_->start(request);
  HttpRequest prepared = request;
  request.before_send(prepared);
  return transport_->start(std::move(prepared));
}

Exchange PolicyClient::perform(const HttpRequest& request) {
  const auto started = timer_.now();
  Exchange x = transport_->finish(start_attempt(request));
  log_exchange(request, x, timer_.now() - started);
  return x;
}

void PolicyClient::log_exchange(const HttpRequest& request, const Exchange& x, std::chrono::nanoseconds took) {
  if (!logger_.enabled(log::LogLevel::debug)) return;  // a line a request: not built to be thrown away
  logger_.write(log::LogLevel::debug, origin_,
                described(request) + " -> " +
                    (x.response ? "HTTP " + std::to_string(x.response->status) : x.failure->message) + " (" +
                    std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()) + " ms)");
}

Result<HttpResponse> PolicyClient::send(const HttpRequest& request, const plugin::ResponseInspector& inspect) {
  return land(request, inspect, launch(request));
}

std::unique_ptr<plugin::HttpWindow> PolicyClient::window() {
  return std::make_unique<RequestWindow>(*this, std::max(1, options_.parallel));
}

// The attempts after the first: the request already paid its place in the bucket, so they wait
// only what the server or the backoff says.
Result<HttpResponse> PolicyClient::conclude(const HttpRequest& request, const plugin::ResponseInspector& inspect,
                                            Exchange first, std::chrono::steady_clock::time_point deadline) {
  // Each attempt's exchange constructed in place, never assigned: an assignment would copy a
  // parsed document out of its arena.
  std::optional<Exchange> x(std::move(first));
  for (int attempt = 1;; ++attempt) {
    Verdict v = classify(request, *x, inspect, logger_);
    if (auto* done = std::get_if<Result<HttpResponse>>(&v)) return std::move(*done);
    auto& retry = std::get<Retry>(v);
    auto wait = std::max(retry.hint, full_jitter(options_.backoff, attempt - 1, uniform01_));
    // A budget counted in windows of calendar time renews when its window ends: asked sooner, the
    // server would only answer 429 again, and count that request too.
    if (retry.throttled && x->response && x->response->status == 429 && !x->retry_after)
      if (auto end = limiter_.window_end(limiter_key(request), timer_.wall_now())) {
        wait = std::chrono::duration_cast<std::chrono::milliseconds>(*end - timer_.wall_now());
        retry.advice = ": the budget renews at " + format_instant(*end);
      }
    // A throttle is the service promising to answer later, and a limit window may be full of
    // other processes' requests (Trello says nothing of when it empties): throttles are waited
    // out until the deadline; max_attempts counts failures.
    const bool out_of_attempts = !retry.throttled && attempt >= options_.max_attempts;
    if (out_of_attempts || timer_.now() + wait > deadline)
      return make_error(retry.code, described(request) + ": " + retry.reason + ", still failing after " +
                                        std::to_string(attempt) + " attempts" + retry.advice);
    logger_.write(log::LogLevel::info, origin_,
                  described(request) + ": " + retry.reason + "; retrying in " + seconds_text(wait) + " (attempt " +
                      std::to_string(attempt + 1) +
                      (retry.throttled ? "" : " of " + std::to_string(options_.max_attempts)) + ")");
    timer_.sleep_for(wait);
    x.emplace(perform(request));
  }
}

}  // namespace sextant::http
