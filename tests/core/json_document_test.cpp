#include <sextant/json/document.hpp>
#include <sextant/json/node.hpp>

#include <sextant/json/limits.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

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

std::string repeated(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

std::string parse_error(std::string_view text) {
  Diagnostics out;
  EXPECT_FALSE(parse_document("a.json", text, out));
  return to_string(out);
}

// This used to loop for ever: value() could succeed without reading a byte.
TEST(JsonDocument, AStrayCloserInsideAnArrayIsASyntaxErrorAtItsPlace) {
  EXPECT_EQ(parse_error("{\"a\": [1}"), "a.json:1:9: /a: syntax error: unexpected '}' inside an array: is a ']' missing before it?\n");
  EXPECT_EQ(parse_error("{\"a\": [1, /]}"), "a.json:1:11: /a: syntax error: a '/' that does not start a comment (// or /* */)\n");
  EXPECT_EQ(parse_error("{\"a\": {\"b\": 1]}"), "a.json:1:14: /a: syntax error: unexpected ']' inside an object: is a '}' missing before it?\n");
}

TEST(LocationIndex, EndsOnTextItCannotRead) {
  // Each of these stops the walk somewhere; what matters is that it stops, and where.
  EXPECT_EQ(LocationIndex::error_place("{\"a\": [1}", 9).pointer, "/a");
  EXPECT_EQ(LocationIndex::error_place("{\"a\": [1}", 9).open, '[');
  EXPECT_EQ(LocationIndex::error_place("[1, /]", 6).pointer, "");
  EXPECT_EQ(LocationIndex::error_place("{\"a\" 1}", 7).pointer, "/a");
  EXPECT_EQ(LocationIndex::error_place("{:,]}", 5).open, '{');
  EXPECT_EQ(LocationIndex::error_place("\"never closed", 13).pointer, "");
  EXPECT_EQ(LocationIndex::error_place("/* never closed", 15).pointer, "");
  std::vector<DuplicateKey> duplicates;
  auto index = LocationIndex::build("{\"a\": [1}, \"b\": 2}", duplicates);
  EXPECT_EQ(index.value("/a/0"), (TextPosition{1, 8}));
  EXPECT_EQ(index.value("/b"), (TextPosition{1, 1}));  // never reached: the root's position
}

TEST(LocationIndex, ReadsNoDeeperThanTheLimitWithoutRecursion) {
  // 100 000 levels overflowed the stack of the recursive scanner.
  const std::string deep = repeated("[", 100'000);
  auto place = LocationIndex::error_place(deep, deep.size());
  EXPECT_EQ(place.pointer, repeated("/0", kMaxNestingDepth));
  EXPECT_EQ(place.open, '[');
  std::vector<DuplicateKey> duplicates;
  auto index = LocationIndex::build(repeated("{\"a\":", 100'000), duplicates);
  EXPECT_EQ(index.value(repeated("/a", 63)), (TextPosition{1, 1 + 5 * 63}));
  EXPECT_EQ(index.value(repeated("/a", 70)), (TextPosition{1, 1 + 5 * 64}));  // the deepest indexed
}

TEST(JsonDocument, NestsAtMostSixtyFourLevels) {
  Diagnostics out;
  EXPECT_TRUE(parse_document("a.json", repeated("[", 64) + repeated("]", 64), out));
  EXPECT_TRUE(out.empty());
  const std::string message = "a.json:1:65: " + repeated("/0", 63) + ": nested deeper than 64 levels, the most Sextant reads\n";
  EXPECT_EQ(parse_error(repeated("[", 65) + repeated("]", 65)), message);
  EXPECT_EQ(parse_error(repeated("[", 100'000)), message);
  EXPECT_EQ(parse_error("{\"k\":\n" + repeated("{\"a\":", 10'000)),
            "a.json:2:" + std::to_string(1 + 5 * 63) + ": /k" + repeated("/a", 63) +
                ": nested deeper than 64 levels, the most Sextant reads\n");
}

TEST(JsonDocument, ADuplicateKeyIsAnErrorNamingBothPlaces) {
  EXPECT_EQ(parse_error("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2},\n \"a\": 3}"),
            "a.json:2:16: /b/c: duplicate key \"c\": first given at 2:8\n"
            "a.json:3:2: /a: duplicate key \"a\": first given at 1:2\n");
  // The same name written with an escape is the same key.
  EXPECT_EQ(parse_error("{\"ab\": 1, \"\\u0061b\": 2}"), "a.json:1:11: /ab: duplicate key \"ab\": first given at 1:2\n");
  // The same name in two objects is not a duplicate.
  Diagnostics out;
  EXPECT_TRUE(parse_document("a.json", "[{\"a\": 1}, {\"a\": 2}]", out));
}

TEST(JsonDocument, SaysInWordsWhatIsWrongWithTheText) {
  EXPECT_EQ(parse_error("\xEF\xBB\xBF{}"), "a.json:1:1: /: a byte-order mark: save the file as UTF-8 without BOM\n");
  EXPECT_EQ(parse_error("{\"a\": \"caf\xE9\"}"), "a.json:1:11: /a: invalid UTF-8 (byte 0xE9): save the file as UTF-8\n");
  EXPECT_EQ(parse_error("{\"a\": \"\xED\xA0\x80\"}"), "a.json:1:8: /a: invalid UTF-8 (byte 0xED): save the file as UTF-8\n");
  EXPECT_EQ(parse_error("{\"a\": \"x\\ud800\"}"),
            "a.json:1:9: /a: a lone UTF-16 surrogate \\ud800: write the character itself, or both halves of its pair\n");
  EXPECT_EQ(parse_error("{\"a\": \"x\\udc00\"}"),
            "a.json:1:9: /a: a lone UTF-16 surrogate \\udc00: write the character itself, or both halves of its pair\n");
  EXPECT_EQ(parse_error("{\"a\": \"x\ty\"}"),
            "a.json:1:9: /a: syntax error: control character U+0009 inside a string: write it as an escape (\\t, \\n or \\u0009)\n");
  EXPECT_EQ(parse_error("{\"a\": 1,\f\"b\": 2}"),
            "a.json:1:9: /: syntax error: control character U+000C: only spaces, tabs and line breaks may stand between values\n");
  EXPECT_EQ(parse_error("{\"a\": 1, /* b\n \"b\": 2}"), "a.json:1:10: /: syntax error: a /* comment that is never closed with */\n");
  EXPECT_EQ(parse_error("{\"a\": 1e400}"), "a.json:1:7: /a: a number too large to read\n");
  EXPECT_EQ(parse_error(" \n "), "a.json:1:1: /: the file is empty: expected a JSON object\n");
  EXPECT_EQ(parse_error(std::string(kMaxDocumentBytes + 1, ' ')),
            "a.json:1:1: /: larger than 4 MiB, the most Sextant reads: is this the right file?\n");
}

TEST(JsonDocument, DecodesSurrogatePairsInMemberNames) {
  Diagnostics out;
  auto doc = parse_document("a.json", "{\"\\ud83d\\ude00\": 1, \"\xF0\x9F\x98\x80x\": 2}", out);
  ASSERT_TRUE(doc) << to_string(out);
  EXPECT_EQ(doc->locations.value("/\xF0\x9F\x98\x80"), (TextPosition{1, 18}));
  EXPECT_EQ(doc->locations.key("/\xF0\x9F\x98\x80x"), (TextPosition{1, 21}));
  EXPECT_EQ(doc->locations.value("/\xF0\x9F\x98\x80x"), (TextPosition{1, 27}));
}

class JsonFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sextant-json-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string load_error(const std::filesystem::path& path) {
    Diagnostics out;
    EXPECT_FALSE(load_document(path, out));
    return to_string(out);
  }
  std::filesystem::path dir_;
};

TEST_F(JsonFile, ReadsOnlyRegularFilesWithoutBlocking) {
  const auto fifo = dir_ / "plan.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);  // nobody writes: a read would wait for ever
  EXPECT_EQ(load_error(fifo), fifo.string() + ":1:1: /: this is a named pipe (FIFO), not a regular file\n");
  EXPECT_EQ(load_error(dir_), dir_.string() + ":1:1: /: this is a directory, not a file\n");
  EXPECT_EQ(load_error("/dev/zero"), "/dev/zero:1:1: /: this is a device, not a regular file\n");
  EXPECT_EQ(load_error(dir_ / "missing.json"),
            (dir_ / "missing.json").string() + ":1:1: /: cannot read the file (missing or not readable)\n");
}

TEST_F(JsonFile, RefusesAFileOverTheLimitAndReadsOneAtIt) {
  const auto path = dir_ / "big.json";
  std::string text = "[" + std::string(kMaxDocumentBytes - 3, ' ') + "1]";
  ASSERT_EQ(text.size(), kMaxDocumentBytes);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_TRUE(f);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  Diagnostics out;
  EXPECT_TRUE(load_document(path, out)) << to_string(out);
  std::filesystem::resize_file(path, kMaxDocumentBytes + 1);
  EXPECT_EQ(load_error(path), path.string() + ":1:1: /: larger than 4 MiB, the most Sextant reads: is this the right file?\n");
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
