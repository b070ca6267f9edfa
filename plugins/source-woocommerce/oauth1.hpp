// OAuth 1.0a "one-legged" signing as the WooCommerce REST API takes it over plain HTTP:
// HMAC-SHA256 over the method, the URL and the sorted, percent-encoded parameters, keyed with
// the consumer secret and "&".
#pragma once

#include <sextant/plugin/encoding.hpp>

#include <string>

namespace sextant::woo {

using Params = plugin::QueryParams;

/// `params` with the oauth_* parameters and the signature added, for the query string.
Params oauth1_sign(const std::string& method, const std::string& base_url, Params params, const std::string& consumer_key,
                   const std::string& consumer_secret, long timestamp, const std::string& nonce);

}  // namespace sextant::woo
