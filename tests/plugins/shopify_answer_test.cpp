// source-shopify's reading of the members Shopify's answers must have: a member missing or of
// another type is a bad_response error that names it, never an exception.
#include "../../plugins/source-shopify/shopify_answer.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace sextant::test {
namespace {

namespace json = boost::json;

json::object parse(const char* text) { return json::parse(text).as_object(); }

TEST(ShopifyAnswer, APageWithANextPageGivesItsCursor) {
  auto data = parse(R"({"orders": {"nodes": [{"id": "a"}, {"id": "b"}],
                                   "pageInfo": {"hasNextPage": true, "endCursor": "c2"}}})");
  auto page = shopify::need_page(data, "orders", "orders");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->nodes->size(), 2U);
  EXPECT_EQ(page->next, "c2");
}

TEST(ShopifyAnswer, TheLastPageHasNoNextCursorAndNeedsNone) {
  auto data = parse(R"({"orders": {"nodes": [], "pageInfo": {"hasNextPage": false}}})");
  auto page = shopify::need_page(data, "orders", "orders");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_FALSE(page->next);
}

TEST(ShopifyAnswer, AMissingMemberIsAnErrorNamingIt) {
  struct Case {
    const char* answer;
    const char* message;
  };
  for (const auto& c : {
           Case{R"({})", "Shopify sent no orders"},
           Case{R"({"orders": {"pageInfo": {"hasNextPage": false}}})", "Shopify sent no orders.nodes"},
           Case{R"({"orders": {"nodes": []}})", "Shopify sent no orders.pageInfo"},
           Case{R"({"orders": {"nodes": [], "pageInfo": {"hasNextPage": "yes"}}})",
                "Shopify sent no orders.pageInfo.hasNextPage"},
           Case{R"({"orders": {"nodes": [], "pageInfo": {"hasNextPage": true, "endCursor": null}}})",
                "Shopify sent no orders.pageInfo.endCursor"},
       }) {
    auto page = shopify::need_page(parse(c.answer), "orders", "orders");
    ASSERT_FALSE(page) << c.answer;
    EXPECT_EQ(page.error().code, Errc::bad_response) << c.answer;
    EXPECT_EQ(page.error().message, c.message) << c.answer;
  }
  auto lines = shopify::need_page(parse(R"({"lineItems": {"nodes": []}})"), "lineItems", "lineItems", " of order 7");
  ASSERT_FALSE(lines);
  EXPECT_EQ(lines.error().message, "Shopify sent no lineItems.pageInfo of order 7");
}

TEST(ShopifyAnswer, AWholeNumberComesAsANumberOrAsDigits) {
  EXPECT_EQ(shopify::need_integer(json::value(1000), "a count").value(), 1000);
  EXPECT_EQ(shopify::need_integer(json::value("5550"), "a count").value(), 5550);
  for (const auto& v : {json::value("12 sessions"), json::value(""), json::value(nullptr), json::value(1.5)}) {
    auto n = shopify::need_integer(v, "a sessions cell");
    ASSERT_FALSE(n) << json::serialize(v);
    EXPECT_EQ(n.error().code, Errc::bad_response);
    EXPECT_EQ(n.error().message.rfind("Shopify sent a sessions cell that is not a whole number: ", 0), 0U)
        << n.error().message;
  }
}

}  // namespace
}  // namespace sextant::test
