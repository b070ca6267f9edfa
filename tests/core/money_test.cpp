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

TEST(Money, FormatsMinorUnitsAsDecimalText) {
  EXPECT_EQ(format_minor(123450, 2), "1234.50");
  EXPECT_EQ(format_minor(-5, 2), "-0.05");
  EXPECT_EQ(format_minor(0, 2), "0.00");
  EXPECT_EQ(format_minor(7, 0), "7");
  EXPECT_EQ(format_minor(1234, 3), "1.234");
  EXPECT_EQ(format_minor(std::numeric_limits<std::int64_t>::min(), 2), "-92233720368547758.08");
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
