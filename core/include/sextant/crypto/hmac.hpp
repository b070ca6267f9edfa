// Message authentication for webhooks: shops sign each delivery's raw body with HMAC-SHA256 and a
// secret shared with the receiver, and send the signature Base64-encoded in a header.
#pragma once

#include <string_view>

namespace sextant::crypto {

/// Whether `signature_base64` is the Base64 HMAC-SHA256 of `body` under `secret`, compared in
/// constant time.
bool hmac_sha256_base64_matches(std::string_view secret, std::string_view body, std::string_view signature_base64);

/// Whether two secrets are equal, in a time that does not depend on where they differ.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace sextant::crypto
