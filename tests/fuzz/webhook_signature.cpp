// The webhook verifier: WooCommerce and Shopify sign each delivery's raw body with HMAC-SHA256
// and send the signature in Base64 (crypto/hmac.hpp). Input: the secret, a newline, the signature
// header's value, a newline, the body. Beyond not crashing, the verifier must accept the right
// signature, computed here with OpenSSL's own Base64, and refuse it with any one byte changed.
#include "fuzz_check.hpp"

#include <sextant/crypto/hmac.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

std::string right_signature(std::string_view secret, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  unsigned char encoded[2 * EVP_MAX_MD_SIZE];
  int written = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
  return {reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(written)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto first = input.find('\n');
  if (first == std::string_view::npos) return 0;
  auto second = input.find('\n', first + 1);
  if (second == std::string_view::npos) return 0;
  std::string_view secret = input.substr(0, first);
  std::string_view signature = input.substr(first + 1, second - first - 1);
  std::string_view body = input.substr(second + 1);

  std::string right = right_signature(secret, body);
  FUZZ_CHECK(sextant::crypto::hmac_sha256_base64_matches(secret, body, signature) == (signature == right));
  FUZZ_CHECK(sextant::crypto::hmac_sha256_base64_matches(secret, body, right));
  std::string wrong = right;
  wrong[signature.size() % wrong.size()] ^= 1;
  FUZZ_CHECK(!sextant::crypto::hmac_sha256_base64_matches(secret, body, wrong));
  FUZZ_CHECK(!sextant::crypto::hmac_sha256_base64_matches(secret, body, right + "="));
  FUZZ_CHECK(!sextant::crypto::hmac_sha256_base64_matches(secret, body, ""));
  return 0;
}
