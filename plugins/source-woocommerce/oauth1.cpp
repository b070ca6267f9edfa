#include "oauth1.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace sextant::woo {

using plugin::percent_encode;

Params oauth1_sign(const std::string& method, const std::string& base_url, Params params, const std::string& consumer_key,
                   const std::string& consumer_secret, long timestamp, const std::string& nonce) {
  params.emplace_back("oauth_consumer_key", consumer_key);
  params.emplace_back("oauth_nonce", nonce);
  params.emplace_back("oauth_signature_method", "HMAC-SHA256");
  params.emplace_back("oauth_timestamp", std::to_string(timestamp));
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : params) encoded.emplace_back(percent_encode(k), percent_encode(v));
  std::sort(encoded.begin(), encoded.end());
  std::string normalized;
  for (const auto& [k, v] : encoded) normalized += (normalized.empty() ? "" : "&") + k + "=" + v;
  std::string base = method + "&" + percent_encode(base_url) + "&" + percent_encode(normalized);
  std::string key = consumer_secret + "&";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(base.data()),
       base.size(), digest, &length);
  params.emplace_back("oauth_signature", plugin::base64({reinterpret_cast<const char*>(digest), length}));
  return params;
}

}  // namespace sextant::woo
