// Exact conversions between decimal text and integer minor units. Sources call these once, at the
// edge, on whatever the API sends (decimal strings, JSON numbers, integers); nothing downstream
// ever sees a floating-point amount.
#pragma once

#include "sextant/plugin/error.hpp"

#include <boost/json/value.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace sextant {

/// How digits beyond the currency's exponent are handled.
enum class ExtraDigits : std::uint8_t {
  reject,      ///< "12.345" in EUR is an error (plan files: the user typed too many decimals)
  round_half,  ///< rounded half away from zero (APIs that send tax amounts with 4+ decimals)
};

/// "1234.5" with exponent 2 → 123450. Accepts an optional sign, no exponent notation, no
/// thousands separators.
inline Result<std::int64_t> parse_minor(std::string_view text, int exponent,
                                             ExtraDigits extra = ExtraDigits::reject) {
  auto fail = [&](std::string why) {
    return Result<std::int64_t>(make_error(
        Errc::invalid_input, "\"" + std::string(text) + "\" is not an amount: " + why));
  };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return fail("no digits");
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  int decimals = -1;  // -1 until the point is seen
  bool round_up = false;
  bool any_digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.') {
      if (decimals >= 0) return fail("two decimal points");
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return fail(std::string("unexpected '") + c + "'");
    any_digit = true;
    int digit = c - '0';
    if (decimals >= exponent) {  // beyond the currency's precision
      if (digit != 0 && extra == ExtraDigits::reject)
        return fail("more than " + std::to_string(exponent) + " decimals");
      // Half away from zero: only the first extra digit decides.
      if (decimals == exponent && digit >= 5) round_up = true;
      ++decimals;
      continue;
    }
    if (value > (kMax - digit) / 10) return fail("too large");
    value = value * 10 + digit;
    if (decimals >= 0) ++decimals;
  }
  if (!any_digit) return fail("no digits");
  for (int d = decimals < 0 ? 0 : decimals; d < exponent; ++d) {
    if (value > kMax / 10) return fail("too large");
    value *= 10;
  }
  if (round_up) value += 1;
  return negative ? -value : value;
}

/// A JSON amount as APIs send them: a decimal string, an integer of major units or a number.
/// Numbers go through their shortest round-trip text, which is the decimal the API wrote.
inline Result<std::int64_t> parse_minor_json(const boost::json::value& v, int exponent,
                                             ExtraDigits extra = ExtraDigits::reject) {
  if (v.is_string()) return parse_minor(std::string_view(v.get_string()), exponent, extra);
  char buf[64];
  std::to_chars_result r{};
  if (v.is_int64()) r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
  else if (v.is_uint64()) r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
  else if (v.is_double()) r = std::to_chars(buf, buf + sizeof buf, v.get_double(), std::chars_format::fixed);
  else return make_error(Errc::invalid_input, "an amount must be a decimal string or a number");
  return parse_minor(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)), exponent, extra);
}

/// 123450 with exponent 2 → "1234.50"; -5 → "-0.05".
inline std::string format_minor(std::int64_t minor, int exponent) {
  bool negative = minor < 0;
  // Through unsigned so that the most negative value does not overflow.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (exponent > 0) {
    auto e = static_cast<std::size_t>(exponent);
    if (digits.size() <= e) digits.insert(0, e + 1 - digits.size(), '0');
    digits.insert(digits.size() - e, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace sextant
