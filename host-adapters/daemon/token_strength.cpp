#include "token_strength.hpp"

#include <array>
#include <cctype>
#include <cmath>

namespace sextant::daemon {

namespace {

// Bits per character of an alphabet made of the classes the token uses.
double alphabet_bits(std::string_view token) {
  bool lower = false, upper = false, digit = false, other = false, hex_only = true;
  for (unsigned char c : token) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
    digit |= c >= '0' && c <= '9';
    other |= !std::isalnum(c);
    hex_only &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
  if (hex_only) return digit && !lower && !upper ? std::log2(10.0) : 4.0;
  double size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
  return std::log2(size);
}

double shannon_bits(std::string_view token) {
  std::array<int, 256> counts{};
  for (unsigned char c : token) ++counts[c];
  double bits = 0;
  for (int n : counts)
    if (n > 0) {
      double p = static_cast<double>(n) / static_cast<double>(token.size());
      bits -= p * std::log2(p);
    }
  return bits;
}

}  // namespace

std::optional<std::string> weak_token(std::string_view token) {
  if (token.size() < kTokenMinLength)
    return "is " + std::to_string(token.size()) + " characters long, fewer than " + std::to_string(kTokenMinLength);
  const double bits = static_cast<double>(token.size()) * alphabet_bits(token);
  if (bits < kTokenMinBits)
    return "carries about " + std::to_string(static_cast<int>(bits)) + " bits, fewer than " +
           std::to_string(static_cast<int>(kTokenMinBits));
  if (shannon_bits(token) < kTokenMinBitsPerCharacter) return "repeats itself (too few different characters)";
  return std::nullopt;
}

}  // namespace sextant::daemon
