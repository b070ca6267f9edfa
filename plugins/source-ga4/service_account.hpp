// A Google service account: its JSON key, a JWT signed RS256 with its private key (OpenSSL),
// exchanged at the key's token_uri for an access token (RFC 7523), renewed before it expires.
// The key and the tokens are registered as secrets: no log line or error carries them.
#pragma once

#include <sextant/plugin/error.hpp>
#include <sextant/plugin/host.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace sextant::ga4 {

struct ServiceAccountKey {
  std::string client_email;
  std::string private_key_id;
  std::string private_key;  ///< PEM, PKCS#8
  std::string token_uri;
};

/// The key file's fields; an error names the missing or wrong one (never its value).
Result<ServiceAccountKey> parse_service_account(std::string_view key_json);

/// header.claims.signature, each part Base64url: {"alg":"RS256","typ":"JWT","kid"} and
/// {iss, scope, aud: token_uri, iat: now, exp: now + 1 h}, signed RSASSA-PKCS1-v1_5 SHA-256.
Result<std::string> signed_assertion(const ServiceAccountKey& key, std::string_view scope, std::chrono::sys_seconds now);

/// Access tokens for one scope, each kept until a minute before it expires.
class AccessTokens {
 public:
  AccessTokens(ServiceAccountKey key, std::string scope, plugin::Host& host)
      : key_(std::move(key)), scope_(std::move(scope)), host_(host) {}

  /// A token valid for at least another minute, from the token endpoint when needed.
  Result<std::string> token();
  /// Drops the token (the API refused it): the next token() asks for a new one.
  void forget() { token_.clear(); }

 private:
  ServiceAccountKey key_;
  std::string scope_;
  plugin::Host& host_;
  std::string token_;
  std::chrono::sys_seconds renew_at_{};
};

}  // namespace sextant::ga4
