// Exact conversions between decimal text and integer minor units. Sources call these once, at the
// edge, on whatever the API sends (decimal strings, JSON numbers, integers); nothing downstream
// ever sees a floating-point amount.
#pragma once

#include "sextant/plugin/error.hpp"

#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
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
  if (round_up) {
    if (value == kMax) return fail("too large");
    value += 1;
  }
  return negative ? -value : value;
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

/// The largest amount Sextant accepts where money enters (plans, configs, shop APIs), in minor
/// units: 10^13, that is 100 000 000 000.00 in a currency with two decimals, far above any real
/// order or budget. Under it, sums of up to 922 337 amounts fit in 64 bits, and an amount times a
/// rate of up to 1000 % stays below 2^53, where a double is still exact to the unit.
inline constexpr std::int64_t kAmountBound = 10'000'000'000'000;

/// Whether `minor` is within ±kAmountBound.
constexpr bool within_bound(std::int64_t minor) { return minor >= -kAmountBound && minor <= kAmountBound; }

/// `minor` itself, or an error when it is beyond ±kAmountBound; `shown` is the amount as the
/// input wrote it, for the message.
inline Result<std::int64_t> within_amount_bound(std::int64_t minor, int exponent, std::string_view shown) {
  if (within_bound(minor)) return minor;
  return make_error(Errc::invalid_input, std::string(shown) + " is too large: an amount is at most " +
                                             format_minor(kAmountBound, exponent) + " (10^13 minor units)");
}

namespace detail {
/// The tail of parse_minor_json*: the decimal `text` of an amount, within ±kAmountBound; `quoted`
/// when the JSON wrote it as a string (the message shows it as written).
inline Result<std::int64_t> bounded_minor(std::string_view text, int exponent, ExtraDigits extra, bool quoted) {
  auto minor = parse_minor(text, exponent, extra);
  if (!minor) {
    // "99999999999999999999.00" is refused for the bound, not for the 64 bits parse_minor allows.
    double magnitude = 0;
    auto digits = text.substr(!text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
    if (ec == std::errc{} && end == digits.data() + digits.size() && magnitude > 1e13)
      return within_amount_bound(kAmountBound + 1, exponent, "\"" + std::string(text) + "\"");
    return minor;
  }
  if (within_bound(*minor)) return *minor;  // the message's text is built only for an error
  return within_amount_bound(*minor, exponent, quoted ? "\"" + std::string(text) + "\"" : std::string(text));
}
}  // namespace detail

/// A JSON string amount, "12.50", as parse_minor_json reads it: for readers that see the string's
/// text without a boost::json::value around it (a streaming parse).
inline Result<std::int64_t> parse_minor_json_string(std::string_view text, int exponent,
                                                    ExtraDigits extra = ExtraDigits::reject) {
  return detail::bounded_minor(text, exponent, extra, true);
}

/// A JSON amount as APIs send them: a decimal string, an integer of major units or a number,
/// within ±kAmountBound. Numbers go through their shortest round-trip text, which is the decimal
/// the API wrote.
inline Result<std::int64_t> parse_minor_json(const boost::json::value& v, int exponent,
                                             ExtraDigits extra = ExtraDigits::reject) {
  if (v.is_string()) return parse_minor_json_string(v.get_string(), exponent, extra);
  char buf[64];
  std::string_view text;
  if (v.is_int64() || v.is_uint64() || v.is_double()) {
    // Above 10^13 no amount is within the bound, whatever the currency's decimals: such numbers
    // are refused before the fixed notation, which would not fit (1e300 needs 301 digits).
    const double x = v.to_number<double>();
    const bool far = !std::isfinite(x) || std::fabs(x) > 1e13;
    std::to_chars_result r{};
    if (v.is_int64()) r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
    else if (v.is_uint64()) r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
    else if (far) r = std::to_chars(buf, buf + sizeof buf, x);  // shortest form, 1e+300, for the message
    else r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
    if (far)
      return within_amount_bound(x < 0 ? -kAmountBound - 1 : kAmountBound + 1, exponent,
                                 std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    if (r.ec != std::errc{}) {  // 1e-300: hundreds of zeros after the point, far beyond any currency
      r = std::to_chars(buf, buf + sizeof buf, x);
      return make_error(Errc::invalid_input, std::string(buf, static_cast<std::size_t>(r.ptr - buf)) +
                                                 " is not an amount: more than " + std::to_string(exponent) +
                                                 " decimals");
    }
    text = std::string_view(buf, static_cast<std::size_t>(r.ptr - buf));
  } else {
    return make_error(Errc::invalid_input, "an amount must be a decimal string or a number");
  }
  return detail::bounded_minor(text, exponent, extra, false);
}

}  // namespace sextant
