// Sums of the integers a server sends (amounts in minor units, quantities) that refuse to wrap
// round: a page whose amounts add up past the int64 range is an error, never a silently wrong
// total (nor undefined behaviour).
#pragma once

#include <cstdint>

namespace sextant {

/// total += value; false, and total unchanged, when the result would leave the int64 range.
inline bool add_checked(std::int64_t& total, std::int64_t value) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(total, value, &sum)) return false;
  total = sum;
  return true;
}

/// total -= value; false, and total unchanged, when the result would leave the int64 range.
inline bool subtract_checked(std::int64_t& total, std::int64_t value) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(total, value, &difference)) return false;
  total = difference;
  return true;
}

}  // namespace sextant
