// OAuth 1.0a "one-legged" signing as the WooCommerce REST API takes it over plain HTTP:
// HMAC-SHA256 over the method, the URL and the sorted, percent-encoded parameters, keyed with
// the consumer secret and "&".
#pragma once

#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/error.hpp>

#include <memory>
#include <string>

namespace sextant::woo {

using Params = plugin::QueryParams;

/// Signs requests with one consumer's credentials. The HMAC is set up and keyed once: a sync signs
/// thousands of requests, and looking the algorithm up again for each was a tenth of its time.
class OAuth1Signer {
 public:
  static Result<OAuth1Signer> make(std::string consumer_key, const std::string& consumer_secret);

  /// The query string for `method base_url`: `params`, the oauth_* parameters and the signature.
  [[nodiscard]] std::string signed_query(std::string_view method, std::string_view base_url, const Params& params,
                                         long timestamp, std::string_view nonce) const;

 private:
  struct Keyed;  // the HMAC, keyed
  OAuth1Signer(std::string consumer_key, std::shared_ptr<const Keyed> keyed);
  std::string consumer_key_;
  std::shared_ptr<const Keyed> keyed_;
};

}  // namespace sextant::woo
