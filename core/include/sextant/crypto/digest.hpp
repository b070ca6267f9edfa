// Hashes the core needs: a stable, non-reversible key for guest customers' e-mails, and content
// hashes that tell whether a task changed.
#pragma once

#include <string>
#include <string_view>

namespace sextant::crypto {

/// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view data);

}  // namespace sextant::crypto
