// Amounts as plans and shop APIs write them, to integer minor units (plugin/money.hpp). The first
// byte picks the currency's exponent (0 to 3) and the handling of extra digits; the rest is the
// amount, read as text and, when it is JSON, as a JSON value.
#include "fuzz_check.hpp"

#include <sextant/plugin/money.hpp>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int exponent = data[0] & 3;
  const auto extra = (data[0] & 4) != 0 ? sextant::ExtraDigits::round_half : sextant::ExtraDigits::reject;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto minor = sextant::parse_minor(text, exponent, extra);
  if (minor) {
    // What is written back reads back as the same amount.
    auto again = sextant::parse_minor(sextant::format_minor(*minor, exponent), exponent);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *minor);
  } else {
    FUZZ_CHECK(!minor.error().message.empty());
  }
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (!ec) {
    auto from_json = sextant::parse_minor_json(value, exponent, extra);
    if (!from_json) FUZZ_CHECK(!from_json.error().message.empty());
  }
  return 0;
}
