#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <limits>

namespace sextant {
namespace {

std::int64_t minor(std::string_view text, int exponent, ExtraDigits extra = ExtraDigits::reject) {
  auto r = parse_minor(text, exponent, extra);
  EXPECT_TRUE(r) << text;
  return r ? *r : -999;
}

TEST(Money, ParsesDecimalTextExactly) {
  EXPECT_EQ(minor("1234.5", 2), 123450);
  EXPECT_EQ(minor("0.05", 2), 5);
  EXPECT_EQ(minor("-12.30", 2), -1230);
  EXPECT_EQ(minor("+7", 2), 700);
  EXPECT_EQ(minor("12.3400", 2), 1234);  // trailing zeros beyond the exponent are harmless
  EXPECT_EQ(minor("1500", 0), 1500);     // JPY
  EXPECT_EQ(minor("1.234", 3), 1234);    // KWD
  EXPECT_EQ(minor("92233720368547758.07", 2), std::numeric_limits<std::int64_t>::max());
}

TEST(Money, RefusesWhatIsNotAnAmount) {
  EXPECT_EQ(parse_minor("12.345", 2).error().message, "\"12.345\" is not an amount: more than 2 decimals");
  EXPECT_EQ(parse_minor("1500.5", 0).error().message, "\"1500.5\" is not an amount: more than 0 decimals");
  EXPECT_EQ(parse_minor("1,50", 2).error().message, "\"1,50\" is not an amount: unexpected ','");
  EXPECT_EQ(parse_minor("1.2.3", 2).error().message, "\"1.2.3\" is not an amount: two decimal points");
  EXPECT_EQ(parse_minor("", 2).error().message, "\"\" is not an amount: no digits");
  EXPECT_EQ(parse_minor("-.", 2).error().message, "\"-.\" is not an amount: no digits");
  EXPECT_EQ(parse_minor("92233720368547758.08", 2).error().message,
            "\"92233720368547758.08\" is not an amount: too large");
}

TEST(Money, RoundsHalfAwayFromZeroWhenAsked) {
  EXPECT_EQ(minor("2.125", 2, ExtraDigits::round_half), 213);
  EXPECT_EQ(minor("2.1249", 2, ExtraDigits::round_half), 212);
  EXPECT_EQ(minor("-2.125", 2, ExtraDigits::round_half), -213);
  EXPECT_EQ(minor("12.3406", 2, ExtraDigits::round_half), 1234);  // only the first extra digit decides
  EXPECT_EQ(minor("3.333333", 2, ExtraDigits::round_half), 333);
}

TEST(Money, ReadsJsonAmountsAsApisSendThem) {
  EXPECT_EQ(*parse_minor_json(boost::json::value("19.90"), 2), 1990);
  EXPECT_EQ(*parse_minor_json(boost::json::value(19.9), 2), 1990);  // a float 19.9 means the decimal 19.9
  EXPECT_EQ(*parse_minor_json(boost::json::value(0.1), 2), 10);
  EXPECT_EQ(*parse_minor_json(boost::json::value(12), 2), 1200);
  EXPECT_FALSE(parse_minor_json(boost::json::value(true), 2));
}

TEST(Money, ReadsAStreamedJsonStringAsTheSameStringInADom) {
  // A streaming reader has the string's text alone: same amount, same bound, same message.
  EXPECT_EQ(*parse_minor_json_string("19.90", 2), 1990);
  EXPECT_EQ(*parse_minor_json_string("3.335", 2, ExtraDigits::round_half), 334);  // 333.5 rounded half away
  EXPECT_EQ(parse_minor_json_string("92233720368547758.08", 2).error().message,
            "\"92233720368547758.08\" is too large: an amount is at most 100000000000.00 (10^13 minor units)");
  EXPECT_EQ(parse_minor_json_string("1.2.3", 2).error().message,
            parse_minor_json(boost::json::value("1.2.3"), 2).error().message);
}

TEST(Money, FormatsMinorUnitsAsDecimalText) {
  EXPECT_EQ(format_minor(123450, 2), "1234.50");
  EXPECT_EQ(format_minor(-5, 2), "-0.05");
  EXPECT_EQ(format_minor(0, 2), "0.00");
  EXPECT_EQ(format_minor(7, 0), "7");
  EXPECT_EQ(format_minor(1234, 3), "1.234");
  EXPECT_EQ(format_minor(std::numeric_limits<std::int64_t>::min(), 2), "-92233720368547758.08");
}

TEST(Money, AcceptsAmountsUpToTheBoundWhereTheyEnter) {
  // kAmountBound = 10^13 minor units: 100 000 000 000.00 in EUR, 10 000 000 000 000 in JPY.
  EXPECT_EQ(kAmountBound, INT64_C(10'000'000'000'000));
  EXPECT_EQ(*parse_minor_json(boost::json::value("100000000000.00"), 2), kAmountBound);
  EXPECT_EQ(*parse_minor_json(boost::json::value("-100000000000.00"), 2), -kAmountBound);
  EXPECT_EQ(*parse_minor_json(boost::json::value(100000000000), 2), kAmountBound);
  EXPECT_EQ(*parse_minor_json(boost::json::value(10000000000000), 0), kAmountBound);
  const std::string limit = " is too large: an amount is at most 100000000000.00 (10^13 minor units)";
  EXPECT_EQ(parse_minor_json(boost::json::value("100000000000.01"), 2).error().message, "\"100000000000.01\"" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(-100000000000.01), 2).error().message, "-100000000000.01" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(10000000000001), 0).error().message,
            "10000000000001 is too large: an amount is at most 10000000000000 (10^13 minor units)");
  // Beyond 64 bits, the bound speaks, not the parser: 2^63 minor units is 92233720368547758.08.
  EXPECT_EQ(parse_minor_json(boost::json::value("92233720368547758.08"), 2).error().message,
            "\"92233720368547758.08\"" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(std::numeric_limits<std::uint64_t>::max()), 2).error().message,
            "18446744073709551615" + limit);
}

TEST(Money, RefusesNumbersOutOfRangeWithTheirValueNotGarbage) {
  const std::string limit = " is too large: an amount is at most 100000000000.00 (10^13 minor units)";
  EXPECT_EQ(parse_minor_json(boost::json::value(1e300), 2).error().message, "1e+300" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(-1e300), 2).error().message, "-1e+300" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(1e20), 2).error().message, "1e+20" + limit);
  EXPECT_EQ(parse_minor_json(boost::json::value(std::numeric_limits<double>::infinity()), 2).error().message,
            "inf" + limit);
  // 1e-300 written out needs 300 zeros after the point: the buffer's limit, refused as decimals.
  EXPECT_EQ(parse_minor_json(boost::json::value(1e-300), 2).error().message, "1e-300 is not an amount: more than 2 decimals");
  EXPECT_EQ(parse_minor_json(boost::json::value(1.5e-20), 2).error().message,
            "\"0.000000000000000000015\" is not an amount: more than 2 decimals");
}

TEST(Money, CheckedSumsAndProductsRefuseToWrap) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();  // 9223372036854775807
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(*checked_add(kMax - 1, 1), kMax);
  EXPECT_FALSE(checked_add(kMax, 1));
  EXPECT_EQ(*checked_add(kMin + 1, -1), kMin);
  EXPECT_FALSE(checked_add(kMin, -1));
  EXPECT_EQ(*checked_add(kMax, kMin), -1);
  // 3037000499² = 9223372030926249001 <= kMax < 3037000500² = 9223372037000250000.
  EXPECT_EQ(*checked_multiply(3037000499, 3037000499), INT64_C(9223372030926249001));
  EXPECT_FALSE(checked_multiply(3037000500, 3037000500));
  EXPECT_FALSE(checked_multiply(kMin, -1));
  // 922337 amounts at the bound fit; 922338 do not: kMax / 10^13 = 922337.2...
  EXPECT_EQ(*checked_multiply(kAmountBound, 922337), INT64_C(9223370000000000000));
  EXPECT_FALSE(checked_multiply(kAmountBound, 922338));
}

TEST(Money, CheckedScaleRoundsHalfAwayAndRefusesWhatDoesNotFit) {
  EXPECT_EQ(*checked_scale(1999, 0.5), 1000);    // 999.5 → 1000
  EXPECT_EQ(*checked_scale(-1999, 0.5), -1000);  // -999.5 → -1000
  EXPECT_EQ(*checked_scale(kAmountBound, 10.0), INT64_C(100'000'000'000'000));  // the bound at +1000 %
  // -2^62 × 2 = -2^63 = INT64_MIN exactly; 2^62 × 2 = 2^63 is one beyond INT64_MAX.
  EXPECT_EQ(*checked_scale(-(INT64_C(1) << 62), 2.0), std::numeric_limits<std::int64_t>::min());
  EXPECT_FALSE(checked_scale(INT64_C(1) << 62, 2.0));
  // INT64_MAX as a double is 2^63 already: refused rather than rounded into a wrapped value.
  EXPECT_FALSE(checked_scale(std::numeric_limits<std::int64_t>::max(), 1.0));
  EXPECT_FALSE(checked_scale(1, std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(checked_scale(0, std::numeric_limits<double>::quiet_NaN()));
}

TEST(Currency, KnowsTheMinorUnitOfEachCode) {
  EXPECT_EQ(find_currency("EUR")->exponent, 2);
  EXPECT_EQ(find_currency("JPY")->exponent, 0);
  EXPECT_EQ(find_currency("KWD")->exponent, 3);
  EXPECT_EQ(find_currency("CLF")->exponent, 4);
  EXPECT_FALSE(find_currency("EUX"));
  EXPECT_FALSE(find_currency("eur"));
}

}  // namespace
}  // namespace sextant
