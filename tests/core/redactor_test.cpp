// The redactor on encodings made by hand (and, for Base64, by Python's base64 module): each form
// a secret takes on the wire or in an echoed request is starred out, and ordinary text is not.
#include <sextant/log/logger.hpp>
#include <sextant/log/redactor.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace sextant::log {
namespace {

std::string redacted(std::initializer_list<std::string_view> secrets, std::string_view text) {
  Redactor r;
  for (auto s : secrets) r.add(s);
  return r.redact(text);
}

TEST(Redactor, StarsOutASecretAsIs) {
  EXPECT_EQ(redacted({"abcd1234efgh"}, "token abcd1234efgh, again abcd1234efgh."), "token ***, again ***.");
}

TEST(Redactor, ReplacesTheLongestSecretWhole) {
  EXPECT_EQ(redacted({"abcd1234", "abcd1234efgh"}, "x abcd1234efgh y abcd1234 z"), "x *** y *** z");
}

TEST(Redactor, IgnoresSecretsShorterThanFourCharacters) {
  EXPECT_EQ(redacted({"abc"}, "abcabc abc"), "abcabc abc");
}

TEST(Redactor, FindsPercentEncodingInEitherCaseAndPlusForSpace) {
  // "p@ss w/rd!": @ = %40, space = %20 or +, / = %2F, ! = %21.
  EXPECT_EQ(redacted({"p@ss w/rd!"}, "?a=p%40ss%20w%2Frd%21&b=1"), "?a=***&b=1");
  EXPECT_EQ(redacted({"p@ss w/rd!"}, "?a=p%40ss%20w%2frd%21&b=1"), "?a=***&b=1");
  EXPECT_EQ(redacted({"p@ss w/rd!"}, "consumer_secret=p%40ss+w%2Frd%21"), "consumer_secret=***");
  // Over-encoded (every letter as %XX) is still the secret.
  EXPECT_EQ(redacted({"p@ss w/rd!"}, "%70%40%73%73+w/rd!"), "***");
}

TEST(Redactor, FindsJsonEscapesAndEscapesOfEscapes) {
  const std::string_view secret = R"(qu"ote\back/slash)";
  EXPECT_EQ(redacted({secret}, R"({"password":"qu\"ote\\back/slash"})"), R"({"password":"***"})");
  EXPECT_EQ(redacted({secret}, R"({"password":"qu\"ote\\back\/slash"})"), R"({"password":"***"})");
  EXPECT_EQ(redacted({secret}, R"({"password":"qu\u0022ote\u005Cback\u002fslash"})"), R"({"password":"***"})");
  // A JSON body echoed inside a JSON string: escaped twice.
  EXPECT_EQ(redacted({secret}, R"({"body":"{\"password\":\"qu\\\"ote\\\\back/slash\"}"})"),
            R"({"body":"{\"password\":\"***\"}"})");
  EXPECT_EQ(redacted({"line1\nline2"}, R"(["line1\nline2"])"), R"(["***"])");
}

TEST(Redactor, FindsBase64AloneAndInsideABasicPair) {
  // base64("hunter2-secret") = "aHVudGVyMi1zZWNyZXQ="; base64("user:hunter2-secret") =
  // "dXNlcjpodW50ZXIyLXNlY3JldA==": what is left is what the user name and the padding decide.
  EXPECT_EQ(redacted({"hunter2-secret"}, "x aHVudGVyMi1zZWNyZXQ= y"), "x ***Q= y");
  EXPECT_EQ(redacted({"hunter2-secret"}, "Authorization: Basic dXNlcjpodW50ZXIyLXNlY3JldA=="),
            "Authorization: Basic dXNlcjp***A==");
  // base64("~~~~~~") = "fn5+fn5+", URL-safe "fn5-fn5-", and percent-encoded in a query.
  EXPECT_EQ(redacted({"~~~~~~"}, "a fn5+fn5+ b fn5-fn5- c fn5%2Bfn5%2b d"), "a *** b *** c *** d");
}

TEST(Redactor, LeavesOrdinaryTextAlone) {
  const std::string text = R"(50% off + "quotes" \ back\slash %zz %4 \u12 end)";
  EXPECT_EQ(redacted({"hunter2-secret", "p@ss w/rd!"}, text), text);
}

TEST(Logger, RedactsEveryLineItWrites) {
  std::ostringstream out;
  Logger logger(out);
  logger.add_secret("s3cr3t-token");
  logger.write(plugin::LogLevel::warning, "github", R"(GET /x: HTTP 401: {"echo":"Bearer s3cr3t-token"})");
  EXPECT_EQ(out.str(), "warning [github] GET /x: HTTP 401: {\"echo\":\"Bearer ***\"}\n");
}

}  // namespace
}  // namespace sextant::log
