// source-vendure: orders and refunds from a Vendure shop's Admin GraphQL API, with a bearer token
// from `login`. Orders updated since the cursor (filter updatedAt.after, sorted by updatedAt,
// paginated with take/skip); placed orders only (active: false, orderPlacedAt set); amounts are
// integers in minor units (of the configured money precision).
#include "source_vendure_embedded.hpp"
#include "vendure_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <boost/json.hpp>

#include <array>

namespace {

namespace json = boost::json;
using namespace std::chrono;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::plugin::HttpRequest;

constexpr std::array<std::string_view, 5> kCounted{"PaymentSettled", "PartiallyShipped", "Shipped", "PartiallyDelivered",
                                                   "Delivered"};
constexpr std::array<std::string_view, 1> kSecrets{"/password"};

constexpr const char* kOrders = R"(query Orders($options: OrderListOptions) { orders(options: $options) { totalItems items {
  id code state active orderPlacedAt updatedAt currencyCode totalQuantity subTotal shipping total totalWithTax
  customer { id emailAddress user { id } } lines { quantity linePrice }
  payments { id state refunds { id state total createdAt } } } } })";

constexpr const char* kLogin = R"(mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) {
  ... on CurrentUser { id } ... on ErrorResult { errorCode message } } })";

struct VendureSettings {
  std::string url;  // the server, without /admin-api
  std::string username, password;
  std::string channel_token;
  int page_size = 100;
  int money_precision = 2;
};

class VendureSource final : public sextant::plugin::Source {
 public:
  VendureSource(VendureSettings s, sextant::plugin::Host& host) : s_(std::move(s)), host_(host) {}

  Result<> check() override {
    auto data = graphql("{ activeAdministrator { identifier } }", {});
    if (!data) return data.error();
    return {};
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    json::object filter{{"active", json::object{{"eq", false}}}};
    std::string cursor = request.cursor;
    if (!request.cursor.empty()) {
      auto at = sextant::parse_instant(request.cursor);
      if (!at) return make_error(Errc::invalid_input, "the stored cursor \"" + request.cursor + "\" is not a time");
      filter["updatedAt"] = json::object{{"after", sextant::format_instant(*at - request.overlap)}};
    }
    for (int skip = 0;; skip += s_.page_size) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      json::object options{{"take", s_.page_size},
                           {"skip", skip},
                           {"sort", json::object{{"updatedAt", "ASC"}}},
                           {"filter", filter}};
      auto data = graphql(kOrders, {{"options", options}});
      if (!data) return data.error();
      const auto& list = data->at("orders").as_object();
      const auto& items = list.at("items").as_array();
      const auto total = list.at("totalItems").to_number<std::int64_t>();
      sextant::Page page;
      page.total_hint = (total + s_.page_size - 1) / s_.page_size;
      for (const auto& item : items) {
        auto mapped = sextant::vendure::map_order(item.as_object(), s_.money_precision);
        if (!mapped) return mapped.error();
        // Sorted by updatedAt: what is stored with this page is everything updated up to it.
        cursor = std::string(item.at("updatedAt").as_string());
        if (!mapped->placed) continue;  // a cart, never placed
        if (page.currency.empty()) page.currency = mapped->currency;
        page.orders.push_back(std::move(mapped->order));
        page.refunds.insert(page.refunds.end(), mapped->refunds.begin(), mapped->refunds.end());
      }
      page.cursor = cursor;
      if (auto ok = out.emit(std::move(page)); !ok) return ok;
      if (items.size() < static_cast<std::size_t>(s_.page_size) || skip + s_.page_size >= total) return {};
    }
  }

 private:
  // One Admin API call with the session token; a session that expired is opened again once.
  Result<json::object> graphql(const std::string& query, json::object variables) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (token_.empty())
        if (auto ok = login(); !ok) return ok.error();
      auto answer = post(query, variables);
      if (!answer) {
        if (answer.error().code == Errc::unauthorized && attempt == 0) {
          token_.clear();
          continue;
        }
        return answer.error();
      }
      return answer;
    }
    return make_error(Errc::unauthorized, "Vendure refused the session after a fresh login");
  }

  Result<> login() {
    HttpRequest r = request(kLogin, {{"u", s_.username}, {"p", s_.password}});
    auto answer = host_.http().send(r);
    if (!answer) return answer.error();
    boost::system::error_code ec;
    auto doc = json::parse(answer->body, ec);
    const auto* result = ec ? nullptr : doc.find_pointer("/data/login", ec);
    if (!result || !result->is_object()) return make_error(Errc::bad_response, "Vendure sent no login result");
    if (result->as_object().contains("errorCode")) {
      const auto* message = result->as_object().if_contains("message");
      return make_error(Errc::unauthorized, "Vendure refused the login of \"" + s_.username + "\": " +
                                                (message && message->is_string() ? std::string(message->get_string())
                                                                                  : "no reason given"));
    }
    auto token = answer->header("vendure-auth-token");
    if (!token)
      return make_error(Errc::remote_rejected,
                        "Vendure sent no vendure-auth-token header: set authOptions.tokenMethod to include 'bearer'");
    token_ = *token;
    host_.register_secret(token_);
    return {};
  }

  HttpRequest request(const std::string& query, json::object variables) const {
    HttpRequest r;
    r.method = "POST";
    r.url = s_.url + "/admin-api";
    r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    if (!s_.channel_token.empty()) r.headers.push_back({"vendure-token", s_.channel_token});
    r.body = json::serialize(json::object{{"query", query}, {"variables", std::move(variables)}});
    return r;
  }

  Result<json::object> post(const std::string& query, json::object variables) {
    HttpRequest r = request(query, std::move(variables));
    r.headers.push_back({"Authorization", "Bearer " + token_});
    auto answer = host_.http().send(r);
    if (!answer) return answer.error();
    boost::system::error_code ec;
    auto doc = json::parse(answer->body, ec);
    if (ec || !doc.is_object()) return make_error(Errc::bad_response, "Vendure sent an answer that is not JSON, cut short?");
    const auto& o = doc.as_object();
    if (const auto* errors = o.if_contains("errors"); errors && errors->is_array() && !errors->as_array().empty()) {
      const auto& first = errors->as_array()[0].as_object();
      std::string code;
      if (const auto* ext = first.if_contains("extensions"); ext && ext->is_object())
        if (const auto* c = ext->as_object().if_contains("code"); c && c->is_string()) code = c->get_string();
      std::string message = first.contains("message") ? std::string(first.at("message").as_string()) : "an error";
      return make_error(code == "FORBIDDEN" ? Errc::unauthorized : Errc::remote_rejected,
                        "Vendure refused the query: " + message + (code.empty() ? "" : " (" + code + ")"));
    }
    const auto* data = o.if_contains("data");
    if (!data || !data->is_object()) return make_error(Errc::bad_response, "Vendure sent an answer without data");
    return data->as_object();
  }

  VendureSettings s_;
  sextant::plugin::Host& host_;
  std::string token_;
};

class VendureFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Orders and refunds from a Vendure shop (Admin GraphQL API)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             kCounted, {.orders = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "username", "password", "channel_token", "page_size", "money_precision"}); !ok)
      return ok.error();
    VendureSettings v;
    auto url = s.credential_url("url");
    auto username = s.string("username");
    auto password = s.string("password");
    auto channel = s.string("channel_token", "");
    auto page_size = s.integer("page_size", 1, 1000, 100);
    auto precision = s.integer("money_precision", 0, 6, 2);
    for (const auto* r : {&url, &username, &password, &channel})
      if (!*r) return r->error();
    if (!page_size) return page_size.error();
    if (!precision) return precision.error();
    v.url = *url;
    v.username = *username;
    v.password = *password;
    v.channel_token = *channel;
    v.page_size = static_cast<int>(*page_size);
    v.money_precision = static_cast<int>(*precision);
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<VendureSource>(std::move(v), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(VendureFactory, "vendure", "1.0.0")
