// OAuth 1.0a "one-legged" signing as the WooCommerce REST API takes it over plain HTTP:
// HMAC-SHA256 over the method, the URL and the sorted, percent-encoded parameters, keyed with
// the consumer secret and "&".
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sextant::woo {

using Params = std::vector<std::pair<std::string, std::string>>;

/// RFC 3986 percent-encoding (unreserved characters kept).
std::string percent_encode(const std::string& text);

/// `params` with the oauth_* parameters and the signature added, for the query string.
Params oauth1_sign(const std::string& method, const std::string& base_url, Params params, const std::string& consumer_key,
                   const std::string& consumer_secret, long timestamp, const std::string& nonce);

/// "a=1&b=2", each part percent-encoded.
std::string query_string(const Params& params);

}  // namespace sextant::woo
