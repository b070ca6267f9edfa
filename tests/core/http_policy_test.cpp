// The HTTP policy on scripted exchanges and a manual timer: retries, backoff, Retry-After,
// platform throttles, limiter pacing, what is never retried, and the errors people read.
#include <sextant/http/json_syntax.hpp>
#include <sextant/http/policy_client.hpp>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <sstream>

namespace sextant::http {
namespace {

using namespace std::chrono_literals;
using plugin::HttpRequest;
using plugin::HttpResponse;

// Answers from a script, in the order the exchanges start; an exchange ends when it is finished
// or announced. Keeps what was sent, and the most exchanges ever under way at once.
class ScriptedTransport final : public Transport {
 public:
  explicit ScriptedTransport(std::deque<Exchange> script) : script_(std::move(script)) {}
  std::uint64_t start(HttpRequest r) override {
    sent.push_back(r.method + " " + r.url);
    Exchange x{HttpResponse{200, {{"Content-Type", "application/json"}}, "{}", {}}, {}, {}, {}, {}};
    if (!script_.empty()) {
      x = std::move(script_.front());
      script_.pop_front();
    }
    judge_json_body(r, x);  // as every transport does
    under_way_.emplace(++last_, std::move(x));
    most_under_way = std::max(most_under_way, under_way_.size() - announced_);
    return last_;
  }
  Exchange finish(std::uint64_t id) override {
    auto node = under_way_.extract(id);
    if (!node) return Exchange{{}, TransportFailure{"no such exchange", false, false, false}, {}, {}, {}};
    if (node.key() <= announced_up_to_) --announced_;
    return std::move(node.mapped());
  }
  std::optional<std::uint64_t> wait_any() override {
    for (auto& [id, x] : under_way_)
      if (id > announced_up_to_) {
        announced_up_to_ = id;
        ++announced_;
        return id;
      }
    return std::nullopt;
  }
  // The scripted network is slow unless told otherwise: an answer arrives when it is waited for.
  std::optional<std::uint64_t> ended_any() override {
    if (!answers_arrive_at_once) return std::nullopt;
    return wait_any();
  }
  void cancel(std::uint64_t id) override { (void)finish(id); ++cancelled; }

  bool answers_arrive_at_once = false;

  std::vector<std::string> sent;
  std::size_t most_under_way = 0;
  int cancelled = 0;

 private:
  std::deque<Exchange> script_;
  std::map<std::uint64_t, Exchange> under_way_;  // started, not finished
  std::uint64_t last_ = 0;
  std::uint64_t announced_up_to_ = 0;            // they end in the order they started
  std::size_t announced_ = 0;                    // ended and not finished
};

Exchange answer(int status, std::string body = "{}", std::string type = "application/json",
                std::optional<std::chrono::seconds> retry_after = {}) {
  return Exchange{HttpResponse{status, {{"Content-Type", type}}, std::move(body), {}}, {}, retry_after, {}, {}};
}
Exchange failure(std::string message, bool maybe_sent) {
  return Exchange{{}, TransportFailure{std::move(message), true, maybe_sent, false}, {}, {}, {}};
}

class HttpPolicy : public ::testing::Test {
 protected:
  PolicyClient client(std::deque<Exchange> script, HttpOptions options = {}) {
    auto t = std::make_unique<ScriptedTransport>(std::move(script));
    transport_ = t.get();
    return PolicyClient(options, std::move(t), timer_, logger_, "test", [] { return 0.5; });
  }
  ManualTimer timer_;
  std::ostringstream log_;
  log::Logger logger_{log_, log::LogLevel::debug};
  ScriptedTransport* transport_ = nullptr;
  HttpRequest get_{"GET", "https://shop.example/api/orders?page=2&consumer_secret=cs_x", {}, "", true, true, "", 1, {}, false, false};
};

TEST_F(HttpPolicy, RetriesServerErrorsWithFullJitterBackoff) {
  auto c = client({answer(503), answer(502), answer(200, "{\"ok\":true}")});
  auto r = c.send(get_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "{\"ok\":true}");
  // Jitter fixed at 0.5: half of 500 ms, then half of 1000 ms.
  EXPECT_EQ(timer_.slept(), 750ms);
  EXPECT_EQ(transport_->sent.size(), 3u);
}

TEST_F(HttpPolicy, HonoursRetryAfterOn429) {
  auto c = client({answer(429, "{}", "application/json", std::chrono::seconds{3}), answer(200)});
  ASSERT_TRUE(c.send(get_));
  EXPECT_EQ(timer_.slept(), 3000ms);  // more than the 250 ms of jitter
}

TEST_F(HttpPolicy, TakesA403WithRetryAfterOrASpentBudgetAsARateLimit) {
  // GitHub's secondary limit: 403 with Retry-After, waited out, and the write is sent again
  // (a rate-limit answer means the request was not carried out).
  HttpRequest create{"POST", "https://api.github.com/repos/o/r/issues", {}, "{}", false, true, "", 1, {}, false, false};
  auto c = client({answer(403, R"({"message":"You have exceeded a secondary rate limit"})", "application/json",
                          std::chrono::seconds{2}),
                   answer(201)});
  ASSERT_TRUE(c.send(create));
  EXPECT_EQ(timer_.slept(), 2000ms);
  EXPECT_EQ(transport_->sent.size(), 2u);
  // The primary limit spent (x-ratelimit-remaining: 0), no Retry-After: a minute, as GitHub asks.
  Exchange spent = answer(403, R"({"message":"API rate limit exceeded"})");
  spent.response->headers.push_back({"x-ratelimit-remaining", "0"});
  auto d = client({std::move(spent), answer(200)});
  ASSERT_TRUE(d.send(get_));
  EXPECT_EQ(timer_.slept(), 62000ms);
  // A 403 without either is a refusal: said at once, not retried.
  auto e = client({answer(403, R"({"message":"Resource not accessible by integration"})")});
  auto refused = e.send(get_);
  EXPECT_EQ(refused.error().code, Errc::unauthorized);
  EXPECT_EQ(transport_->sent.size(), 1u);
}

TEST_F(HttpPolicy, WaitsA429WithoutRetryAfterUntilItsHourlyWindowEndsOrSaysWhenItRenews) {
  // Plausible counts a key's requests per clock hour (UTC) and answers 429 without Retry-After.
  HttpRequest query{"POST", "https://plausible.io/api/v2/query", {}, "{}", true, true, "plausible", 1, {}, false, false};
  const std::chrono::sys_seconds ten{std::chrono::sys_days{std::chrono::year{2026} / 4 / 5} + std::chrono::hours{10}};
  // At 10:58:30, the window ends in 90 s, within the deadline (300 s): waited out, asked once more.
  timer_.set_wall(ten + std::chrono::minutes{58} + std::chrono::seconds{30});
  auto c = client({answer(429, R"({"error":"Too many API requests. The limit is 600 per hour."})"), answer(200)});
  c.budget_windows("plausible", std::chrono::hours{1});
  ASSERT_TRUE(c.send(query));
  EXPECT_EQ(timer_.slept(), 90000ms);  // not the 250 ms of backoff
  EXPECT_EQ(transport_->sent.size(), 2u);
  // At 10:30, the end is 30 minutes away: said at once, with when the budget renews, not asked again.
  timer_.set_wall(ten + std::chrono::minutes{30} - std::chrono::seconds{90});  // the wall moved with the 90 s slept
  auto d = client({answer(429, R"({"error":"Too many API requests. The limit is 600 per hour."})"), answer(200)});
  d.budget_windows("plausible", std::chrono::hours{1});
  auto r = d.send(query);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::rate_limited);
  EXPECT_EQ(r.error().message,
            "POST https://plausible.io/api/v2/query: HTTP 429 (too many requests), still failing after 1 attempts: "
            "the budget renews at 2026-04-05T11:00:00Z");
  EXPECT_EQ(transport_->sent.size(), 1u);
  EXPECT_EQ(timer_.slept(), 90000ms);  // nothing more
  // A key that counts no windows keeps the backoff.
  auto e = client({answer(429), answer(200)});
  ASSERT_TRUE(e.send(get_));
  EXPECT_EQ(timer_.slept(), 90250ms);
}

TEST_F(HttpPolicy, GivesUpAfterItsAttemptsWithAClearError) {
  HttpOptions options;
  options.max_attempts = 3;
  auto c = client({answer(503), answer(503), answer(503)}, options);
  auto r = c.send(get_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::transient);
  EXPECT_EQ(r.error().message, "GET https://shop.example/api/orders: HTTP 503, still failing after 3 attempts");
}

TEST_F(HttpPolicy, WaitsOutAThrottleUntilItsDeadlineWhateverItsAttempts) {
  HttpOptions options;
  options.max_attempts = 3;
  options.deadline = 20s;
  std::deque<Exchange> throttles(6, answer(429));
  throttles.push_back(answer(200));
  auto c = client(throttles, options);
  ASSERT_TRUE(c.send(get_));
  // Jitter fixed at 0.5: 250 + 500 + 1000 + 2000 + 4000 + 8000 ms.
  EXPECT_EQ(timer_.slept(), 15750ms);
  EXPECT_EQ(transport_->sent.size(), 7u);
  // Throttled for ever: the 8th try would come after 15.75 + 15 s (half the 30 s cap), past the deadline.
  timer_ = ManualTimer{};
  auto forever = client(std::deque<Exchange>(20, answer(429)), options).send(get_);
  ASSERT_FALSE(forever);
  EXPECT_EQ(forever.error().code, Errc::rate_limited);
  EXPECT_EQ(forever.error().message,
            "GET https://shop.example/api/orders: HTTP 429 (too many requests), still failing after 7 attempts");
  EXPECT_EQ(timer_.slept(), 15750ms);
}

TEST_F(HttpPolicy, StopsBeforeItsDeadline) {
  HttpOptions options;
  options.deadline = 2000ms;
  auto c = client({answer(429, "{}", "application/json", std::chrono::seconds{5})}, options);
  auto r = c.send(get_);
  ASSERT_FALSE(r);
  EXPECT_EQ(timer_.slept(), 0ms);  // waiting 5 s would pass the deadline: give up at once
}

TEST_F(HttpPolicy, NeverRetriesAWriteThatMayHaveArrived) {
  HttpRequest post{"POST", "https://tracker.example/issues", {}, "{}", false, true, "", 1, {}, false, false};
  auto r = client({failure("timed out", true)}).send(post);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "POST https://tracker.example/issues: timed out; not retried, the request may have reached the server");
  EXPECT_FALSE(client({answer(503)}).send(post));
  // But a write that never left (no connection) is retried.
  auto c = client({failure("connection refused", false), answer(201)});
  ASSERT_TRUE(c.send(post));
  EXPECT_EQ(transport_->sent.size(), 2u);
}

TEST_F(HttpPolicy, RetriesAnHtmlPageWhereJsonWasExpectedThenCallsItWhatItIs) {
  HttpOptions options;
  options.max_attempts = 3;
  const Exchange page = answer(200, "<html><head><title>Just a moment...</title></head></html>", "text/html");
  auto c = client({page, page, page}, options);
  auto r = c.send(get_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::bad_response);
  EXPECT_EQ(r.error().message,
            "GET https://shop.example/api/orders: expected JSON but got text/html (HTTP 200, page titled \"Just a "
            "moment...\"), still failing after 3 attempts: a login, error or bot-protection page?");
  EXPECT_EQ(transport_->sent.size(), 3u);
  EXPECT_EQ(timer_.slept(), 750ms);  // 250 + 500 ms of backoff, jitter fixed at 0.5
  // A captcha that goes away is only a retry.
  auto d = client({page, answer(200, "[]")}, options);
  ASSERT_TRUE(d.send(get_));
  EXPECT_EQ(transport_->sent.size(), 2u);
}

TEST_F(HttpPolicy, RetriesA200WhoseJsonWasCutInHalf) {
  // What a proxy or a dying worker sends: a consistent Content-Length, half the document
  // ([{"id":1}, is 10 bytes, {"id":2, 8, "total": 8, "1 2: 28 in all).
  auto c = client({answer(200, R"([{"id":1},{"id":2,"total":"1)"), answer(200, R"([{"id":1},{"id":2,"total":"19.90"}])")});
  auto r = c.send(get_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, R"([{"id":1},{"id":2,"total":"19.90"}])");
  EXPECT_EQ(transport_->sent.size(), 2u);
  EXPECT_EQ(timer_.slept(), 250ms);  // the first backoff, as for a transport error
  EXPECT_NE(log_.str().find("info [test] GET https://shop.example/api/orders: HTTP 200 with a body that is not "
                            "valid JSON (incomplete JSON at byte 28 of 28); retrying in"),
            std::string::npos)
      << log_.str();
  // A body that is not JSON where none was expected is the caller's business.
  HttpRequest text = get_;
  text.expect_json = false;
  ASSERT_TRUE(client({answer(200, "{half", "text/plain")}).send(text));
}

TEST(JsonSyntax, TellsWholeDocumentsFromBrokenOnes) {
  EXPECT_EQ(json_syntax_error(" [1, {\"a\": null, \"b\": \"\\u00e9\"}, -2.5e3]\n"), std::nullopt);
  EXPECT_EQ(json_syntax_error("{\"a\":"), "incomplete JSON at byte 5 of 5");
  EXPECT_EQ(json_syntax_error(""), "incomplete JSON at byte 0 of 0");
  EXPECT_EQ(json_syntax_error("{} {}"), "extra data at byte 3 of 5");
  EXPECT_NE(json_syntax_error("{'a': 1}"), std::nullopt);
}

TEST_F(HttpPolicy, CountsATransientErrorInsideA200AgainstTheAttempts) {
  HttpOptions options;
  options.max_attempts = 3;
  int calls = 0;
  plugin::ResponseInspector inspect = [&](const HttpResponse&) -> std::optional<plugin::RetryLater> {
    ++calls;
    return plugin::RetryLater{0ms, "INTERNAL_SERVER_ERROR", false};
  };
  auto c = client({answer(200), answer(200), answer(200), answer(200)}, options);
  auto r = c.send(get_, inspect);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::transient);
  EXPECT_EQ(r.error().message, "GET https://shop.example/api/orders: INTERNAL_SERVER_ERROR, still failing after 3 attempts");
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(transport_->sent.size(), 3u);
  EXPECT_EQ(timer_.slept(), 750ms);  // 250 + 500 ms: the backoff of a 5xx
}

TEST_F(HttpPolicy, MapsStatusesToErrorsThatSayWhy) {
  auto unauthorized = client({answer(401, R"({"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources."})")}).send(get_);
  EXPECT_EQ(unauthorized.error().code, Errc::unauthorized);
  EXPECT_EQ(unauthorized.error().message,
            "GET https://shop.example/api/orders: HTTP 401: Sorry, you cannot list resources.");
  EXPECT_EQ(client({answer(404)}).send(get_).error().code, Errc::not_found);
  EXPECT_EQ(client({answer(422, R"({"errors":[{"message":"Subject cannot be blank"}]})")}).send(get_).error().message,
            "GET https://shop.example/api/orders: HTTP 422: Subject cannot be blank");
}

TEST_F(HttpPolicy, QuotesAnErrorBodyRedactedThenCutShort) {
  EXPECT_EQ(client({answer(400, std::string(1000, 'x'), "text/plain")}).send(get_).error().message,
            "GET https://shop.example/api/orders: HTTP 400: " + std::string(200, 'x') + "... (1000 bytes)");
  // A secret across the cut: starred out whole before the cut, so that no part of it is left.
  logger_.add_secret("s3cr3t-value-xyz");
  const std::string body = std::string(190, 'x') + "s3cr3t-value-xyz" + std::string(500, 'y');
  EXPECT_EQ(client({answer(401, body, "text/plain")}).send(get_).error().message,
            "GET https://shop.example/api/orders: HTTP 401: " + std::string(190, 'x') + "***" + std::string(7, 'y') +
                "... (706 bytes)");
  const std::string json = R"({"message":")" + std::string(300, 'm') + R"("})";
  EXPECT_EQ(client({answer(422, json)}).send(get_).error().message,
            "GET https://shop.example/api/orders: HTTP 422: " + std::string(200, 'm') + "... (314 bytes)");
}

TEST_F(HttpPolicy, LetsThePluginReportAThrottleInsideA200) {
  int calls = 0;
  plugin::ResponseInspector inspect = [&](const HttpResponse& r) -> std::optional<plugin::RetryLater> {
    ++calls;
    if (r.body.find("THROTTLED") != std::string::npos) return plugin::RetryLater{2000ms, "THROTTLED"};
    return std::nullopt;
  };
  auto c = client({answer(200, R"({"errors":[{"extensions":{"code":"THROTTLED"}}]})"), answer(200, R"({"data":{}})")});
  auto r = c.send(get_, inspect);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"data":{}})");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(timer_.slept(), 2000ms);
}

TEST_F(HttpPolicy, PacesRequestsOnTheServersBudget) {
  auto c = client({answer(200), answer(200)});
  // 10 points left of 100, 50 restored a second; a query of 60 points waits (60 - 10) / 50 = 1 s.
  c.budget("shopify", {100, 10, 50});
  HttpRequest query{"POST", "https://shop.example/graphql.json", {}, "{}", true, true, "shopify", 60, {}, false, false};
  ASSERT_TRUE(c.send(query));
  EXPECT_EQ(timer_.slept(), 1000ms);
  ASSERT_TRUE(c.send(query));  // the bucket is at 0: 60 more points take 1.2 s
  EXPECT_EQ(timer_.slept(), 2200ms);
}

TEST_F(HttpPolicy, LogsEveryExchangeWithoutItsQuery) {
  ASSERT_TRUE(client({answer(200)}).send(get_));
  EXPECT_NE(log_.str().find("debug [test] GET https://shop.example/api/orders -> HTTP 200"), std::string::npos) << log_.str();
  EXPECT_EQ(log_.str().find("cs_x"), std::string::npos);
}

TEST_F(HttpPolicy, HandsOverTheDocumentItParsedWhenAskedAndRetriesOneCutShort) {
  auto c = client({answer(200, R"([{"id": 7, "total": "12.50"}, {"id")"), answer(200, R"([{"id": 7, "total": "12.50"}])")});
  HttpRequest keep = get_;
  keep.keep_document = true;
  auto r = c.send(keep);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(transport_->sent.size(), 2u);  // the first answer's JSON was cut: asked again
  ASSERT_TRUE(r->document.is_array());
  EXPECT_EQ(boost::json::serialize(r->document), R"([{"id":7,"total":"12.50"}])");
  EXPECT_TRUE(r->document.storage().is_shared());  // still in the arena it was parsed into, not copied out
  auto plain = client({answer(200, R"({"id": 7})")}).send(get_);
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->document.is_null());  // not asked for: the body alone
}

TEST_F(HttpPolicy, LeavesTheSyntaxToAnInspectorThatReadsTheJsonItselfButNotTheContentType) {
  HttpRequest streamed = get_;
  streamed.inspector_reads_json = true;
  std::vector<std::string> inspected;
  auto inspect = [&](const HttpResponse& r) -> std::optional<plugin::RetryLater> {
    inspected.push_back(r.body);
    if (auto broken = json_syntax_error(r.body)) return plugin::RetryLater{0ms, "cut: " + *broken, false};
    return std::nullopt;
  };
  auto c = client({answer(200, R"([{"id": 7}, {"id")"), answer(200, R"([{"id": 7}])")});
  auto r = c.send(streamed, inspect);
  ASSERT_TRUE(r) << r.error().message;
  // The cut page reached the inspector, which had it asked again: the core left its syntax alone.
  EXPECT_EQ(inspected, (std::vector<std::string>{R"([{"id": 7}, {"id")", R"([{"id": 7}])"}));
  EXPECT_EQ(transport_->sent.size(), 2u);
  // 17 bytes: '[{"id": 7}' is 10, ', {"id"' 7 more.
  EXPECT_NE(log_.str().find("cut: incomplete JSON at byte 17 of 17; retrying"), std::string::npos) << log_.str();
  // An HTML page is still the core's to refuse: no inspector sees it.
  inspected.clear();
  HttpOptions options;
  options.max_attempts = 1;
  auto html = client({answer(200, "<html><title>Log in</title></html>", "text/html")}, options).send(streamed, inspect);
  ASSERT_FALSE(html);
  EXPECT_NE(html.error().message.find("expected JSON but got text/html"), std::string::npos) << html.error().message;
  EXPECT_TRUE(inspected.empty());
}

// The window: requests numbered by their page, answers that say which page they are.
HttpRequest page_request(int n) {
  return HttpRequest{"GET", "https://shop.example/api/orders?page=" + std::to_string(n), {}, "", true, true, "", 1, {}, false, false};
}
Exchange page_answer(int n) { return answer(200, "{\"page\":" + std::to_string(n) + "}"); }

TEST_F(HttpPolicy, AWindowKeepsItsWidthInFlightAndAnswersEachTicket) {
  HttpOptions options;
  options.parallel = 3;
  auto c = client({page_answer(0), page_answer(1), page_answer(2), page_answer(3), page_answer(4), page_answer(5),
                   page_answer(6)},
                  options);
  auto window = c.window();
  EXPECT_EQ(window->width(), 3);
  std::vector<std::size_t> tickets;
  for (int n = 0; n < 7; ++n) tickets.push_back(window->add(page_request(n), {}));
  EXPECT_EQ(transport_->sent.size(), 3u);  // the others wait for a place
  for (int n = 0; n < 7; ++n) {
    auto r = window->take(tickets[static_cast<std::size_t>(n)]);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->body, "{\"page\":" + std::to_string(n) + "}");
  }
  EXPECT_EQ(transport_->most_under_way, 3u);
  ASSERT_EQ(transport_->sent.size(), 7u);
  for (int n = 0; n < 7; ++n)
    EXPECT_EQ(transport_->sent[static_cast<std::size_t>(n)], "GET https://shop.example/api/orders?page=" + std::to_string(n));
}

TEST_F(HttpPolicy, AWindowSlidesAPlaceFreedByOneAnswerGoesToTheNextRequest) {
  HttpOptions options;
  options.parallel = 2;
  auto c = client({}, options);
  auto window = c.window();
  auto first = window->add(page_request(0), {});
  window->add(page_request(1), {});
  window->add(page_request(2), {});
  window->add(page_request(3), {});
  ASSERT_TRUE(window->take(first));
  // Page 1 is still in flight: a batch of two would wait for it; the window starts page 2 now.
  EXPECT_EQ(transport_->sent.size(), 3u);
}

TEST_F(HttpPolicy, AWindowGivesThePlaceOfAnAnswerThatArrivedBeforeItIsTaken) {
  HttpOptions options;
  options.parallel = 2;
  auto c = client({page_answer(0), page_answer(1), page_answer(2), page_answer(3), page_answer(4)}, options);
  transport_->answers_arrive_at_once = true;
  auto window = c.window();
  std::vector<std::size_t> tickets;
  for (int n = 0; n < 5; ++n) tickets.push_back(window->add(page_request(n), {}));
  // Nothing taken yet, yet all five were sent: an answer in waits without holding a transfer.
  EXPECT_EQ(transport_->sent.size(), 5u);
  EXPECT_LE(transport_->most_under_way, 2u);
  for (int n = 0; n < 5; ++n) {
    auto r = window->take(tickets[static_cast<std::size_t>(n)]);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "{\"page\":" + std::to_string(n) + "}");
  }
}

TEST_F(HttpPolicy, AWindowTakesATicketBeyondItsWidthAndKeepsTheEarlierAnswers) {
  HttpOptions options;
  options.parallel = 1;
  auto c = client({page_answer(0), page_answer(1), page_answer(2)}, options);
  auto window = c.window();
  std::vector<std::size_t> tickets;
  for (int n = 0; n < 3; ++n) tickets.push_back(window->add(page_request(n), {}));
  auto last = window->take(tickets[2]);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body, "{\"page\":2}");
  EXPECT_EQ(transport_->most_under_way, 1u);
  auto zero = window->take(tickets[0]);
  auto one = window->take(tickets[1]);
  ASSERT_TRUE(zero && one);
  EXPECT_EQ(zero->body, "{\"page\":0}");
  EXPECT_EQ(one->body, "{\"page\":1}");
}

TEST_F(HttpPolicy, AWindowRetriesAFailedRequestWhenItsAnswerIsTaken) {
  HttpOptions options;
  options.parallel = 2;
  auto c = client({answer(503), page_answer(1), page_answer(0)}, options);
  auto window = c.window();
  auto zero = window->add(page_request(0), {});
  auto one = window->add(page_request(1), {});
  auto r0 = window->take(zero);
  ASSERT_TRUE(r0) << r0.error().message;
  EXPECT_EQ(r0->body, "{\"page\":0}");
  EXPECT_EQ(timer_.slept(), 250ms);  // the first backoff, jitter fixed at 0.5 of 500 ms
  auto r1 = window->take(one);
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->body, "{\"page\":1}");
  EXPECT_EQ(transport_->sent, (std::vector<std::string>{"GET https://shop.example/api/orders?page=0",
                                                        "GET https://shop.example/api/orders?page=1",
                                                        "GET https://shop.example/api/orders?page=0"}));
}

TEST_F(HttpPolicy, AWindowAnswersATicketOnceAndDropsTheAnswersNobodyTakes) {
  auto c = client({});
  {
    auto window = c.window();
    auto zero = window->add(page_request(0), {});
    window->add(page_request(1), {});
    window->add(page_request(2), {});
    ASSERT_TRUE(window->take(zero));
    auto again = window->take(zero);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().message, "HTTP window: request 0 was never added, or its answer was taken already");
  }
  EXPECT_EQ(transport_->cancelled, 2);
}

TEST(FullJitter, IsCappedAndDoubles) {
  BackoffPolicy p{500ms, 4000ms};
  auto top = [] { return 0.999999; };
  EXPECT_EQ(full_jitter(p, 0, top), 499ms);
  EXPECT_EQ(full_jitter(p, 2, top), 1999ms);
  EXPECT_EQ(full_jitter(p, 10, top), 3999ms);
  EXPECT_EQ(full_jitter(p, 3, [] { return 0.0; }), 0ms);
}

TEST(Urls, ShowHostAndPathOnly) {
  EXPECT_EQ(url_without_query("https://a.example/x/y?key=1#f"), "https://a.example/x/y");
  EXPECT_EQ(url_host("https://user:pw@a.example:8443/x"), "a.example:8443");
}

}  // namespace
}  // namespace sextant::http
