#include "sextant/crypto/hmac.hpp"

#include "sextant/plugin/encoding.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace sextant::crypto {

bool hmac_sha256_base64_matches(std::string_view secret, std::string_view body, std::string_view signature_base64) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length))
    return false;
  return equal_in_constant_time(plugin::base64({reinterpret_cast<const char*>(digest), length}), signature_base64);
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  // Lengths are not secret (a SHA-256 in Base64 is 44 characters); the bytes are.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sextant::crypto
