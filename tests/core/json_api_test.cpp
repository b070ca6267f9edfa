// JsonApi's paging on scripted answers: next pages are followed on the API's own origin only,
// never twice, and its headers (the credentials) go to that origin only.
#include <sextant/plugin/json_api.hpp>
#include <sextant/plugin/url_origin.hpp>

#include <gtest/gtest.h>

#include <deque>

namespace sextant::plugin {
namespace {

// Answers requests from a script, in order, and keeps what was sent.
class ScriptedClient final : public HttpClient {
 public:
  explicit ScriptedClient(std::deque<HttpResponse> script) : script_(std::move(script)) {}
  Result<HttpResponse> send(const HttpRequest& request, const ResponseInspector&) override {
    sent.push_back(request);
    if (script_.empty()) return make_error(Errc::transient, "no more answers scripted");
    auto r = std::move(script_.front());
    script_.pop_front();
    return r;
  }
  std::unique_ptr<HttpWindow> window() override { return nullptr; }  // JsonApi reads one page at a time
  void budget(std::string_view, const RateBudget&) override {}
  void budget_windows(std::string_view, std::chrono::seconds) override {}

  std::vector<HttpRequest> sent;

 private:
  std::deque<HttpResponse> script_;
};

HttpResponse page(std::string body, std::string next = "") {
  HttpResponse r{200, {{"Content-Type", "application/json"}}, std::move(body), {}};
  if (!next.empty()) r.headers.push_back({"Link", "<" + next + ">; rel=\"next\", <https://api.example/x?page=9>; rel=\"last\""});
  return r;
}

JsonApiOptions options() { return {"GitHub", "https://api.example", {{"Authorization", "Bearer tok-123456"}}, "", ""}; }

TEST(JsonApiPaging, FollowsNextPagesOnItsOwnOriginWithItsCredentials) {
  ScriptedClient http({page("[1,2]", "https://API.example:443/items?page=2"), page("[3]")});
  JsonApi api(http, options());
  auto items = api.get_all("/items?page=1");
  ASSERT_TRUE(items) << items.error().message;
  EXPECT_EQ(boost::json::serialize(*items), "[1,2,3]");
  ASSERT_EQ(http.sent.size(), 2U);
  EXPECT_EQ(http.sent[0].url, "https://api.example/items?page=1");
  EXPECT_EQ(http.sent[1].url, "https://API.example:443/items?page=2");
  for (const auto& r : http.sent) {
    ASSERT_EQ(r.headers.size(), 1U);
    EXPECT_EQ(r.headers[0].value, "Bearer tok-123456");
  }
}

TEST(JsonApiPaging, DoesNotFollowANextPageToAnotherOrigin) {
  for (const std::string elsewhere : {"https://evil.example/items?page=2", "http://api.example/items?page=2",
                                      "https://api.example:8443/items?page=2"}) {
    ScriptedClient http({page("[1]", elsewhere), page("[2]")});
    JsonApi api(http, options());
    auto items = api.get_all("/items");
    ASSERT_FALSE(items) << elsewhere;
    EXPECT_EQ(items.error().code, Errc::bad_response);
    EXPECT_EQ(items.error().message, "GitHub sent a next page on another origin, " + url_origin(elsewhere) +
                                         " (the API is at https://api.example:443): not followed, its credentials "
                                         "stay on their origin");
    EXPECT_EQ(http.sent.size(), 1U) << "nothing was sent to " << elsewhere;
  }
}

TEST(JsonApiPaging, RefusesAPagingLoop) {
  ScriptedClient http({page("[1]", "https://api.example/items?page=2"), page("[2]", "https://api.example/items?page=1"),
                       page("[3]")});
  JsonApi api(http, options());
  auto items = api.get_all("/items?page=1");
  ASSERT_FALSE(items);
  EXPECT_EQ(items.error().message, "GitHub sent a next page already read, https://api.example/items: a paging loop, not followed");
  EXPECT_EQ(http.sent.size(), 2U);
}

TEST(JsonApiPaging, SendsNoCredentialsToAFullUrlElsewhere) {
  ScriptedClient http({});
  JsonApi api(http, options());
  EXPECT_TRUE(api.request("GET", "https://other.example/x").headers.empty());
  EXPECT_EQ(api.request("GET", "/x").headers.size(), 1U);
  EXPECT_EQ(api.request("GET", "https://api.example/x").headers.size(), 1U);
}

TEST(UrlOrigin, IsSchemeHostAndPortInLowerCaseWithThePortWritten) {
  EXPECT_EQ(url_origin("HTTPS://API.Example/x?y=1"), "https://api.example:443");
  EXPECT_EQ(url_origin("http://h.example:8080/x"), "http://h.example:8080");
  EXPECT_EQ(url_origin("http://h.example"), "http://h.example:80");
  EXPECT_EQ(url_origin("https://user:pw@h.example/x"), "https://h.example:443");
  EXPECT_EQ(url_origin("http://[::1]/x"), "http://[::1]:80");
  EXPECT_EQ(url_origin("http://[::1]:81/x"), "http://[::1]:81");
}

}  // namespace
}  // namespace sextant::plugin
