// Whether `serve.token` is strong enough to stand alone in front of the dashboard and the runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::daemon {

inline constexpr std::size_t kTokenMinLength = 32;
inline constexpr double kTokenMinBits = 128;

inline constexpr double kTokenMinBitsPerCharacter = 3;

/// Why the token is weak, or none: shorter than 32 characters; fewer than 128 bits estimated
/// (its length times the bits per character of the classes it draws from: hex digits 4, letters
/// and digits about 6); or repeating itself (under 3 bits of Shannon entropy per character, as
/// 40 times the same letter). `openssl rand -hex 16` passes. An estimate, not a proof.
std::optional<std::string> weak_token(std::string_view token);

}  // namespace sextant::daemon
