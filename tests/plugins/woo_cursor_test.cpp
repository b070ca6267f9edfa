// source-woocommerce's cursor: what a page stores, what a read takes up, what an older version's
// plain instant still means, and the cursors it refuses.
#include "woo_cursor.hpp"

#include <sextant/plugin/calendar.hpp>

#include <gtest/gtest.h>

namespace sextant::woo {
namespace {

using namespace std::chrono;

sys_seconds at(const char* text) { return *parse_instant(text); }

TEST(WooCursor, APageBeforeTheLastStoresWhereTheReadGoesOn) {
  const ReadPoint read{at("2026-03-01T09:00:00Z"), at("2026-04-05T04:00:00Z"), 100, 1};
  const std::string cursor = cursor_after(read, 12, 30);
  EXPECT_EQ(cursor, R"({"since":"2026-03-01T09:00:00Z","watermark":"2026-04-05T04:00:00Z","per_page":100,"next_page":13})");
  auto parsed = parse_cursor(cursor);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_TRUE(parsed->unfinished);
  EXPECT_FALSE(parsed->finished);
  EXPECT_EQ(parsed->unfinished->since, read.since);
  EXPECT_EQ(parsed->unfinished->watermark, read.watermark);
  EXPECT_EQ(parsed->unfinished->per_page, 100);
  EXPECT_EQ(parsed->unfinished->next_page, 13);
}

TEST(WooCursor, AFirstReadHasNoSince) {
  const ReadPoint read{std::nullopt, at("2026-04-05T04:00:00Z"), 50, 1};
  const std::string cursor = cursor_after(read, 1, 2);
  EXPECT_EQ(cursor, R"({"since":null,"watermark":"2026-04-05T04:00:00Z","per_page":50,"next_page":2})");
  auto parsed = parse_cursor(cursor);
  ASSERT_TRUE(parsed && parsed->unfinished);
  EXPECT_EQ(parsed->unfinished->since, std::nullopt);
}

TEST(WooCursor, TheLastPageStoresTheWatermarkAloneAsOlderVersionsDid) {
  const ReadPoint read{at("2026-03-01T09:00:00Z"), at("2026-04-05T04:00:00Z"), 100, 13};
  EXPECT_EQ(cursor_after(read, 30, 30), "2026-04-05T04:00:00Z");
  auto parsed = parse_cursor("2026-04-05T04:00:00Z");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->finished, at("2026-04-05T04:00:00Z"));
  EXPECT_FALSE(parsed->unfinished);
  auto never = parse_cursor("");
  ASSERT_TRUE(never);
  EXPECT_FALSE(never->finished || never->unfinished);
}

TEST(WooCursor, RefusesACursorItDidNotWrite) {
  EXPECT_EQ(parse_cursor("yesterday").error().message,
            "the stored cursor \"yesterday\" is not a time: run `sextant sync --full` to read everything again");
  EXPECT_EQ(parse_cursor("{\"since\":").error().message,
            "the stored cursor \"{\"since\":\" is not JSON: run `sextant sync --full` to read everything again");
  for (const char* wrong :
       {R"({"watermark":"2026-04-05T04:00:00Z","per_page":100,"next_page":2})",                 // no since
        R"({"since":"soon","watermark":"2026-04-05T04:00:00Z","per_page":100,"next_page":2})",  // not a time
        R"({"since":null,"watermark":"2026-04-05T04:00:00Z","per_page":100,"next_page":0})",    // no page 0
        R"({"since":null,"watermark":"2026-04-05T04:00:00Z","per_page":"100","next_page":2})",  // not a number
        R"({"since":null,"per_page":100,"next_page":2})"}) {                                     // no watermark
    auto parsed = parse_cursor(wrong);
    ASSERT_FALSE(parsed) << wrong;
    EXPECT_EQ(parsed.error().code, Errc::invalid_input);
    EXPECT_NE(parsed.error().message.find("is not one this plugin wrote"), std::string::npos) << wrong;
  }
}

}  // namespace
}  // namespace sextant::woo
