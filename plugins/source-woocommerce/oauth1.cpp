#include "oauth1.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

namespace sextant::woo {

std::string percent_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string query_string(const Params& params) {
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + percent_encode(k) + "=" + percent_encode(v);
  return out;
}

namespace {

std::string base64(const unsigned char* data, unsigned int length) {
  std::string out(4 * ((length + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(length));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

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
  params.emplace_back("oauth_signature", base64(digest, length));
  return params;
}

}  // namespace sextant::woo
