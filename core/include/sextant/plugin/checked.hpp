// Sums and products of money that refuse to wrap. Amounts enter within ±kAmountBound (money.hpp),
// but an order may have any number of lines and a history any number of orders: every sum of
// them goes through these (or the report's checked sums built on them), never through a bare +.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace sextant {

/// a + b, or nothing when the sum does not fit in 64 bits.
inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

/// a - b, or nothing when the difference does not fit in 64 bits.
inline std::optional<std::int64_t> checked_subtract(std::int64_t a, std::int64_t b) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) return std::nullopt;
  return difference;
}

/// total += v; false, and total unchanged, when the sum would not fit in 64 bits: for the lines of
/// an order, each amount within the bound but any number of them.
[[nodiscard]] inline bool checked_add_to(std::int64_t& total, std::int64_t v) {
  auto sum = checked_add(total, v);
  if (sum) total = *sum;
  return sum.has_value();
}

/// a × b, or nothing when the product does not fit in 64 bits.
inline std::optional<std::int64_t> checked_multiply(std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product)) return std::nullopt;
  return product;
}

/// value × factor (a rate, a share, a growth), rounded half away from zero, or nothing when it
/// is not a number or does not fit in 64 bits.
inline std::optional<std::int64_t> checked_scale(std::int64_t value, double factor) {
  const double product = static_cast<double>(value) * factor;
  constexpr double kTwoTo63 = 9223372036854775808.0;  // the first double beyond INT64_MAX
  if (!std::isfinite(product) || product >= kTwoTo63 || product < -kTwoTo63) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(product));
}

}  // namespace sextant
