// The Shopify Admin GraphQL API as source-shopify calls it: each query at the cost this plugin
// computes for it (query_cost), paced on the cost bucket the API reports
// (extensions.cost.throttleStatus, fed to the core's limiter), THROTTLED and
// INTERNAL_SERVER_ERROR answers retried by the core, GraphQL errors turned into errors that say
// what to do, and client-credentials tokens renewed before they expire.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/host.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace sextant::shopify {

/// Where the store is and how to sign in: an access token, or a client id and secret.
struct ApiSettings {
  std::string url;  // https://{shop}.myshopify.com
  std::string version = "2025-10";
  std::string access_token;
  std::string client_id, client_secret;  // client credentials grant, instead of a token
};

class ShopifyApi {
 public:
  ShopifyApi(ApiSettings settings, plugin::Host& host);

  /// The `data` of one GraphQL call. A call that is not idempotent (a mutation) is not retried.
  Result<boost::json::object> graphql(const std::string& query, boost::json::object variables,
                                      bool idempotent = true);

  /// How many of `per` points fit beside `fixed` in one query: at least 1, at most `most`.
  [[nodiscard]] int fitting(double fixed, double per, int most) const;

  /// Shopify's requestedQueryCost for the last query answered, 0 when it did not say.
  [[nodiscard]] double last_requested_cost() const { return last_requested_cost_; }

  /// The orders a page the reads plan, named when Shopify finds a query over its cost limit.
  void plan_page(int orders) { planned_page_ = orders; }

 private:
  // The most points one query may ask: Shopify's single-query limit, or a smaller bucket.
  [[nodiscard]] double query_budget() const;
  void feed_budget(const plugin::RateBudget& budget);
  [[nodiscard]] Error refusal(const boost::json::value& first, const boost::json::object& answer,
                              double estimate) const;
  Result<> ensure_token();

  ApiSettings settings_;
  plugin::Host& host_;
  std::string limiter_key_;
  std::string token_;
  std::chrono::sys_seconds token_expires_{};
  double capacity_;                   // the bucket's size, once Shopify has said it
  double last_requested_cost_ = 0;
  int planned_page_ = 0;
};

}  // namespace sextant::shopify
