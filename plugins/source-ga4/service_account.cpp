#include "service_account.hpp"

#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace sextant::ga4 {

namespace json = boost::json;
using namespace std::chrono;

namespace {

// The token endpoint's grant for a signed JWT (RFC 7523 §2.1).
constexpr std::string_view kJwtGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
// A token is renewed this long before Google says it expires, so that no request carries a dying one.
constexpr seconds kRenewAhead{60};

Result<std::string> sign_rs256(const std::string& pem, std::string_view data) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
  if (!key) return make_error(Errc::invalid_input, "the service account's private_key is not a PEM private key");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return make_error(Errc::invalid_input, "the service account's private_key cannot sign RS256 (is it an RSA key?)");
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    return make_error(Errc::invalid_input, "signing the JWT with the service account's private_key failed");
  signature.resize(length);
  return signature;
}

}  // namespace

Result<ServiceAccountKey> parse_service_account(std::string_view key_json) {
  boost::system::error_code ec;
  auto doc = json::parse(key_json, ec);
  if (ec || !doc.is_object())
    return make_error(Errc::invalid_input, "the service account key is not a JSON object (download it again from "
                                           "Google Cloud: IAM > Service accounts > Keys > Add key > JSON)");
  const auto& o = doc.as_object();
  if (plugin::json_text(o, "type") != "service_account")
    return make_error(Errc::invalid_input, "the key's \"type\" is not \"service_account\": use a service account's JSON key");
  ServiceAccountKey key{plugin::json_text(o, "client_email"), plugin::json_text(o, "private_key_id"),
                        plugin::json_text(o, "private_key"), plugin::json_text(o, "token_uri")};
  for (auto [name, value] : {std::pair{"client_email", &key.client_email}, {"private_key", &key.private_key},
                             {"token_uri", &key.token_uri}})
    if (value->empty()) return make_error(Errc::invalid_input, std::string("the service account key has no \"") + name + "\"");
  if (!key.token_uri.starts_with("https://") && !key.token_uri.starts_with("http://"))
    return make_error(Errc::invalid_input, "the service account key's \"token_uri\" is not an http(s) address");
  return key;
}

Result<std::string> signed_assertion(const ServiceAccountKey& key, std::string_view scope, sys_seconds now) {
  json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  const auto iat = now.time_since_epoch().count();
  json::object claims{{"iss", key.client_email}, {"scope", scope}, {"aud", key.token_uri},
                      {"iat", iat}, {"exp", iat + 3600}};  // Google takes at most an hour
  std::string signing_input = plugin::base64url(json::serialize(header)) + "." + plugin::base64url(json::serialize(claims));
  auto signature = sign_rs256(key.private_key, signing_input);
  if (!signature) return signature.error();
  return signing_input + "." + plugin::base64url(*signature);
}

Result<std::string> AccessTokens::token() {
  const sys_seconds now = host_.wall_now();
  if (!token_.empty() && now < renew_at_) return token_;
  auto assertion = signed_assertion(key_, scope_, now);
  if (!assertion) return assertion.error();
  host_.register_secret(*assertion);  // it mints tokens for an hour: a server echoing it is redacted too
  plugin::HttpRequest r;
  r.method = "POST";
  r.url = key_.token_uri;
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  r.body = plugin::query_string({{"grant_type", std::string(kJwtGrant)}, {"assertion", *assertion}});
  auto answer = host_.http().send(r);
  if (!answer) {
    if (answer.error().code == Errc::unauthorized || answer.error().code == Errc::remote_rejected)
      return make_error(Errc::unauthorized, "Google refused the service account " + key_.client_email + ": " +
                                                answer.error().message);
    return answer.error();
  }
  auto doc = plugin::parse_answer(answer->body, "Google's token endpoint");
  if (!doc) return doc.error();
  const auto* o = doc->if_object();
  const auto* expires = o ? o->if_contains("expires_in") : nullptr;
  std::string token = o ? plugin::json_text(*o, "access_token") : "";
  if (token.empty() || !expires || !expires->is_number())
    return make_error(Errc::bad_response, "Google's token endpoint answered without access_token and expires_in");
  token_ = std::move(token);
  host_.register_secret(token_);
  renew_at_ = now + seconds{expires->to_number<std::int64_t>()} - kRenewAhead;
  return token_;
}

}  // namespace sextant::ga4
