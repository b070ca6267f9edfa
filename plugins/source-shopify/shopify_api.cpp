#include "shopify_api.hpp"

#include "query_cost.hpp"
#include "shopify_amounts.hpp"
#include "shopify_answer.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sextant::shopify {

namespace {

using namespace std::chrono;
namespace json = boost::json;
using plugin::HttpRequest;
using plugin::HttpResponse;
using plugin::json_object;

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

// The cost bucket an answer reports (extensions.cost.throttleStatus), nothing when it reports
// none; an error when it reports one without its figures.
Result<std::optional<plugin::RateBudget>> throttle_status(const json::object& answer) {
  const auto* ext = json_object(answer, "extensions");
  const auto* cost = ext ? json_object(*ext, "cost") : nullptr;
  const auto* status = cost ? json_object(*cost, "throttleStatus") : nullptr;
  if (!status) return std::optional<plugin::RateBudget>();
  auto figure = [&](const char* key) -> Result<double> {
    const auto* v = status->if_contains(key);
    if (!v || !v->is_number()) return bad(std::string("no extensions.cost.throttleStatus.") + key);
    return v->to_number<double>();
  };
  auto capacity = figure("maximumAvailable");
  auto available = figure("currentlyAvailable");
  auto refill = figure("restoreRate");
  for (const auto* r : {&capacity, &available, &refill})
    if (!*r) return r->error();
  return std::optional<plugin::RateBudget>(plugin::RateBudget{*capacity, *available, *refill});
}

// The first error's extensions.code ("THROTTLED", "MAX_COST_EXCEEDED", ...), or "".
std::string error_code(const json::object& answer) {
  const auto* errors = plugin::json_array(answer, "errors");
  if (!errors) return {};
  for (const auto& e : *errors)
    if (e.is_object())
      if (const auto* ext = json_object(e.get_object(), "extensions"))
        if (const auto* code = ext->if_contains("code"); code && code->is_string()) return std::string(code->get_string());
  return {};
}

}  // namespace

ShopifyApi::ShopifyApi(ApiSettings settings, plugin::Host& host)
    : settings_(std::move(settings)),
      host_(host),
      limiter_key_("shopify:" + settings_.url),
      token_(settings_.access_token),
      capacity_(kMaxQueryCost) {}

double ShopifyApi::query_budget() const { return std::min<double>(kMaxQueryCost, capacity_); }

int ShopifyApi::fitting(double fixed, double per, int most) const {
  return std::clamp(static_cast<int>((query_budget() - fixed) / std::max(1.0, per)), 1, most);
}

void ShopifyApi::feed_budget(const plugin::RateBudget& budget) {
  host_.http().budget(limiter_key_, budget);
  capacity_ = budget.capacity;
}

// THROTTLED answers are waited out by the core; the core retries an answer that is not JSON (cut
// short, a captcha page) like a 5xx, and Shopify's INTERNAL_SERVER_ERROR inside a 200 likewise;
// other GraphQL errors are errors.
Result<json::object> ShopifyApi::graphql(const std::string& query, json::object variables, bool idempotent) {
  if (auto ok = ensure_token(); !ok) return ok.error();
  last_requested_cost_ = 0;
  auto cost = requested_cost(query, variables);
  if (!cost) return cost.error();
  const double estimate = *cost;
  HttpRequest r;
  r.method = "POST";
  r.url = settings_.url + "/admin/api/" + settings_.version + "/graphql.json";
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = json::serialize(json::object{{"query", query}, {"variables", std::move(variables)}});
  r.idempotent = idempotent;
  r.limiter_key = limiter_key_;
  r.cost = estimate;
  r.before_send = [this](HttpRequest& attempt) { attempt.headers.push_back({"X-Shopify-Access-Token", token_}); };
  r.keep_document = true;  // parsed once, by the core, for the inspection and the answer
  auto inspect = [this, estimate](const HttpResponse& response) -> std::optional<plugin::RetryLater> {
    const auto& doc = response.document;
    if (!doc.is_object()) return std::nullopt;
    // A bucket reported without its figures is not fed here: the answer's own reading says so.
    auto status = throttle_status(doc.get_object());
    if (status && *status) feed_budget(**status);
    const auto code = error_code(doc.get_object());
    if (code == "INTERNAL_SERVER_ERROR")
      return plugin::RetryLater{milliseconds{0}, "INTERNAL_SERVER_ERROR", /*throttled=*/false};
    if (code != "THROTTLED") return std::nullopt;
    double wait = status && *status ? std::max(0.0, (estimate - (*status)->available) /
                                                        std::max(1.0, (*status)->refill_per_second))
                                    : 1.0;
    return plugin::RetryLater{milliseconds{static_cast<long>(std::ceil(wait * 1000))},
                              "THROTTLED (" + number_text(estimate) + " points asked)"};
  };
  auto answer = host_.http().send(r, inspect);
  if (!answer) return answer.error();
  const auto& doc = answer->document;
  if (!doc.is_object()) return bad("an answer that is not a JSON object");
  const auto& o = doc.get_object();
  if (const auto* errors = plugin::json_array(o, "errors"); errors && !errors->empty())
    return refusal(errors->front(), o, estimate);
  if (auto status = throttle_status(o); !status) return status.error();
  if (const auto* ext = json_object(o, "extensions"))
    if (const auto* c = json_object(*ext, "cost"))
      if (const auto* asked = c->if_contains("requestedQueryCost"); asked && asked->is_number())
        last_requested_cost_ = asked->to_number<double>();
  auto data = need_object(o, "data", "data");
  if (!data) return bad("an answer without data");
  return **data;
}

// The error of an answer with GraphQL errors, from the first of them.
Error ShopifyApi::refusal(const json::value& first, const json::object& answer, double estimate) const {
  const auto* fields = first.if_object();
  std::string message = fields && fields->contains("message") ? plugin::json_text(*fields, "message")
                                                              : json::serialize(first);
  const std::string code = error_code(answer);
  if (code == "MAX_COST_EXCEEDED") {
    // Shopify's own price of the query, when it says it: it is the one over the limit.
    double priced = estimate;
    if (const auto* ext = fields ? json_object(*fields, "extensions") : nullptr)
      if (const auto* c = ext->if_contains("cost"); c && c->is_number()) priced = c->to_number<double>();
    return make_error(Errc::remote_rejected,
                      "Shopify refused a query of " + std::to_string(std::lround(priced)) +
                          " points as over its single-query cost limit (MAX_COST_EXCEEDED): set a smaller "
                          "\"page_size\" in the source's settings (now " + std::to_string(planned_page_) +
                          " orders a page)");
  }
  return make_error(code == "ACCESS_DENIED" ? Errc::unauthorized : Errc::remote_rejected,
                    "Shopify refused the query: " + message + (code.empty() ? "" : " (" + code + ")"));
}

// Client-credentials tokens last a day: a new one is asked for when less than 5 minutes remain.
Result<> ShopifyApi::ensure_token() {
  if (settings_.client_id.empty() || (token_expires_ - host_.wall_now() > minutes{5} && !token_.empty())) return {};
  HttpRequest r;
  r.method = "POST";
  r.url = settings_.url + "/admin/oauth/access_token";
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = json::serialize(json::object{{"client_id", settings_.client_id},
                                        {"client_secret", settings_.client_secret},
                                        {"grant_type", "client_credentials"}});
  auto answer = host_.http().send(r);
  if (!answer) return answer.error();
  boost::system::error_code ec;
  auto doc = json::parse(answer->body, ec);
  const auto* fields = ec ? nullptr : doc.if_object();
  const auto* token = fields ? fields->if_contains("access_token") : nullptr;
  if (!token || !token->is_string())
    return make_error(Errc::bad_response, "Shopify's token endpoint sent no access_token");
  token_ = std::string(token->get_string());
  host_.register_secret(token_);
  long lifetime = 86400;
  if (const auto* expires = fields->if_contains("expires_in")) {
    if (!expires->is_number())
      return make_error(Errc::bad_response, "Shopify's token endpoint sent an expires_in that is not a number");
    lifetime = static_cast<long>(expires->to_number<double>());
  }
  token_expires_ = host_.wall_now() + seconds{lifetime};
  host_.log(plugin::LogLevel::debug, "new access token, valid " + std::to_string(lifetime) + " s");
  return {};
}

}  // namespace sextant::shopify
