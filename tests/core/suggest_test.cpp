#include <sextant/text/suggest.hpp>

#include <gtest/gtest.h>

#include <array>

namespace sextant::text {
namespace {

TEST(Suggest, FindsTheNearestCandidateWithinATypo) {
  std::array<std::string_view, 3> fields{"currency", "timezone", "name"};
  EXPECT_EQ(closest("curency", fields), "currency");
  EXPECT_EQ(closest("TimeZone", fields), "timezone");  // case does not count
  EXPECT_EQ(closest("nmae", fields), std::nullopt);     // a transposition is two edits: too far for 4 letters
  EXPECT_EQ(closest("colour", fields), std::nullopt);
}

TEST(Suggest, SaysNothingWhenTwoCandidatesAreEquallyNear) {
  std::array<std::string_view, 3> ids{"p1", "p2", "p3"};
  EXPECT_EQ(closest("p5", ids), std::nullopt);
  EXPECT_EQ(with_suggestion("unknown", std::string("x")), "unknown; did you mean \"x\"?");
  EXPECT_EQ(with_suggestion("unknown", std::nullopt), "unknown");
}

}  // namespace
}  // namespace sextant::text
