#include <sextant/json/document.hpp>
#include <sextant/json/node.hpp>

#include <gtest/gtest.h>

namespace sextant::json {
namespace {

TEST(JsonDocument, AcceptsCommentsAndTrailingCommas) {
  Diagnostics out;
  auto doc = parse_document("a.json", "{\n  // a comment\n  \"a\": [1, 2,], /* another */\n  \"b\": {\"c\": true,},\n}\n", out);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(doc->root.at("a").as_array().size(), 2u);
}

TEST(JsonDocument, LocatesEveryValueAndMemberName) {
  Diagnostics out;
  auto doc = parse_document("a.json", "{\n  \"shop\": {\n    \"name\": \"Dupont\",\n    \"list\": [10, {\"x\": 1}]\n  }\n}", out);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locations.value("/shop").line, 2);
  EXPECT_EQ(doc->locations.value("/shop").column, 11);
  EXPECT_EQ(doc->locations.value("/shop/name").column, 13);
  EXPECT_EQ(doc->locations.key("/shop/name").column, 5);
  EXPECT_EQ(doc->locations.value("/shop/list/1/x").line, 4);
  EXPECT_EQ(doc->locations.value("/shop/list/1/x").column, 24);
  // A pointer to nothing falls back to its nearest ancestor.
  EXPECT_EQ(doc->locations.value("/shop/missing").column, 11);
}

TEST(JsonDocument, CountsColumnsInCharactersAndEscapesPointers) {
  Diagnostics out;
  auto doc = parse_document("a.json", "{\"é/~\": \"ü\", \"k\": 1}", out);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->locations.value("/é~1~0").column, 9);
  EXPECT_EQ(doc->locations.value("/k").column, 19);
}

TEST(JsonDocument, ReportsASyntaxErrorWithItsPlaceAndPointer) {
  Diagnostics out;
  EXPECT_FALSE(parse_document("a.json", "{\n  \"a\": {\"b\": [1, 2 3]}\n}", out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].to_string(), "a.json:2:20: /a/b: syntax error: unexpected '3': is a comma missing before it?");
}

TEST(JsonNode, ReportsEveryProblemWithItsPlace) {
  Diagnostics out;
  auto doc = parse_document("p.json", "{\"n\": \"x\", \"r\": 2, \"d\": \"2025-02-30\", \"e\": \"big\", \"zz\": 1}", out);
  ASSERT_TRUE(doc);
  Node root = Node::root(*doc, out);
  EXPECT_TRUE(root.object({"n", "r", "d", "e", "z"}));
  EXPECT_FALSE(root.at("n").integer(0, 10));
  EXPECT_FALSE(root.at("r").number(0, 1));
  EXPECT_FALSE(root.at("d").date());
  std::array<std::string_view, 2> allowed{"small", "medium"};
  EXPECT_FALSE(root.at("e").one_of(allowed));
  EXPECT_FALSE(root.need("missing").present());
  EXPECT_EQ(to_string(out),
            "p.json:1:1: /: missing required field \"missing\"\n"
            "p.json:1:7: /n: expected a whole number, got a string\n"
            "p.json:1:17: /r: 2 is out of range: expected a number from 0 to 1\n"
            "p.json:1:25: /d: \"2025-02-30\" is not a date: expected YYYY-MM-DD, a day that exists\n"
            "p.json:1:44: /e: \"big\" is not allowed: expected one of small, medium\n"
            "p.json:1:51: /zz: unknown field \"zz\"; did you mean \"z\"?\n");
}

}  // namespace
}  // namespace sextant::json
