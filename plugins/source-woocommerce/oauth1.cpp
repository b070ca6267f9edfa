#include "oauth1.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <algorithm>

namespace sextant::woo {

using plugin::percent_encode;

struct OAuth1Signer::Keyed {
  std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac{nullptr, EVP_MAC_free};
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context{nullptr, EVP_MAC_CTX_free};
};

Result<OAuth1Signer> OAuth1Signer::make(std::string consumer_key, const std::string& consumer_secret) {
  auto keyed = std::make_shared<Keyed>();
  keyed->mac.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (keyed->mac) keyed->context.reset(EVP_MAC_CTX_new(keyed->mac.get()));
  const std::string key = consumer_secret + "&";
  char digest[] = "SHA256";
  const OSSL_PARAM settings[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_END};
  if (!keyed->context ||
      EVP_MAC_init(keyed->context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), settings) != 1)
    return make_error(Errc::internal, "OpenSSL offers no HMAC-SHA256 for OAuth 1.0a signatures");
  return OAuth1Signer(std::move(consumer_key), std::move(keyed));
}

OAuth1Signer::OAuth1Signer(std::string consumer_key, std::shared_ptr<const Keyed> keyed)
    : consumer_key_(std::move(consumer_key)), keyed_(std::move(keyed)) {}

std::string OAuth1Signer::signed_query(std::string_view method, std::string_view base_url, const Params& params,
                                       long timestamp, std::string_view nonce) const {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(params.size() + 4);
  for (const auto& [k, v] : params) encoded.emplace_back(percent_encode(k), percent_encode(v));
  encoded.emplace_back("oauth_consumer_key", percent_encode(consumer_key_));
  encoded.emplace_back("oauth_nonce", percent_encode(nonce));
  encoded.emplace_back("oauth_signature_method", "HMAC-SHA256");
  encoded.emplace_back("oauth_timestamp", std::to_string(timestamp));
  std::sort(encoded.begin(), encoded.end());
  std::string query;
  for (const auto& [k, v] : encoded) query.append(query.empty() ? "" : "&").append(k).append("=").append(v);
  std::string base;
  base.append(method).append("&").append(percent_encode(base_url)).append("&").append(percent_encode(query));
  // A copy of the keyed HMAC for each signature: the key's setup is not done again.
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> context(EVP_MAC_CTX_dup(keyed_->context.get()),
                                                                      EVP_MAC_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (!context || EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(base.data()), base.size()) != 1 ||
      EVP_MAC_final(context.get(), digest, &length, sizeof digest) != 1)
    length = 0;  // an empty signature: the server refuses it with 401, which names the credentials
  const std::string signature = plugin::base64({reinterpret_cast<const char*>(digest), length});
  return query.append("&oauth_signature=").append(percent_encode(signature));
}

}  // namespace sextant::woo
