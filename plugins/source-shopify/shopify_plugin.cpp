// source-shopify, the plugin: its manifest, and its settings read into a ShopifySource.
#include "shopify_source.hpp"
#include "source_shopify_embedded.hpp"

#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <array>

namespace {

using sextant::Errc;
using sextant::Result;

constexpr std::array<std::string_view, 5> kCounted{"paid", "partially_paid", "partially_refunded", "refunded",
                                                   "authorized"};
constexpr std::array<std::string_view, 2> kSecrets{"/access_token", "/client_secret"};

class ShopifyFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Orders, refunds and sessions from a Shopify store (Admin GraphQL API)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             kCounted, {.orders = true, .sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings given(settings);
    if (auto ok = given.only({"shop", "url", "allow_insecure_http", "api_version", "access_token", "client_id",
                              "client_secret", "page_size", "bulk_threshold", "sessions"});
        !ok)
      return ok.error();
    auto shop = given.string("shop", "");
    auto url = given.has("url") ? given.credential_url("url") : Result<std::string>(std::string());
    auto version = given.string("api_version", "2025-10");
    auto token = given.string("access_token", "");
    auto client_id = given.string("client_id", "");
    auto client_secret = given.string("client_secret", "");
    auto page_size = given.integer("page_size", 1, 250, 250);
    auto threshold = given.integer("bulk_threshold", 1, INT64_MAX, 10000);
    auto sessions = given.boolean("sessions", true);
    for (const auto* r : {&shop, &url, &version, &token, &client_id, &client_secret})
      if (!*r) return r->error();
    if (!page_size) return page_size.error();
    if (!threshold) return threshold.error();
    if (!sessions) return sessions.error();
    sextant::shopify::ShopifySettings read;
    auto& api = read.api;
    if (!url->empty()) api.url = *url;  // a full address: a proxy, or a test server
    else if (!shop->empty()) api.url = "https://" + *shop;
    else return sextant::make_error(Errc::invalid_input, "give the store as \"shop\" (name.myshopify.com)");
    while (api.url.back() == '/') api.url.pop_back();
    api.version = *version;
    if (version->size() != 7 || (*version)[4] != '-')
      return Settings::fail("api_version", "\"" + *version + "\" is not an API version such as 2025-10");
    api.access_token = *token;
    api.client_id = *client_id;
    api.client_secret = *client_secret;
    if (api.access_token.empty() == (api.client_id.empty() || api.client_secret.empty()))
      return sextant::make_error(Errc::invalid_input,
                                 "give either an access_token, or a client_id and a client_secret (client credentials)");
    read.page_size = static_cast<int>(*page_size);
    read.bulk_threshold = *threshold;
    read.sessions = *sessions;
    return sextant::shopify::make_source(std::move(read), host);
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(ShopifyFactory, "shopify", "1.0.0")
