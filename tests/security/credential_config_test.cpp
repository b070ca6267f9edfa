// Credentials refused at load, before anything is sent: an http:// address without
// allow_insecure_http, and a secret too short to be kept out of text. Exit 2, located, nothing written.
#include "support/process.hpp"

#include <gtest/gtest.h>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  ProcessResult result;
  bool wrote_anything = false;
};

// `sextant validate` on a config whose tracker is GitHub with `settings` (one line of JSON).
Loaded validate(const std::string& settings, const std::string& token) {
  ScratchDir dir;
  write_file(dir / "plan.json", read_file(source_dir() / "examples/plan.json"));
  write_file(dir / "sextant.json",
             "{\"plan\": \"plan.json\", \"sources\": [{\"name\": \"shop\", \"plugin\": \"demo\"}],\n"
             " \"tracker\": {\"plugin\": \"github\", \"owners\": {\"claire\": \"a\", \"sophie\": \"a\", \"malik\": \"b\"},\n"
             "  \"settings\": " + settings + "}}\n");
  Loaded out{run({sextant_program(), "validate"}, {dir.path(), {{"GITHUB_TOKEN", token}}}), false};
  for (const auto& f : fs::directory_iterator(dir.path()))
    out.wrote_anything = out.wrote_anything || (f.path().filename() != "plan.json" && f.path().filename() != "sextant.json");
  return out;
}

TEST(CredentialConfig, RefusesPlainHttpUnlessAllowed) {
  auto refused = validate(R"({"url": "http://127.0.0.1:9", "owner": "acme", "repo": "shop", "token": {"env": "GITHUB_TOKEN"}})",
                          "ghp_a-real-looking-token");
  EXPECT_EQ(refused.result.exit_code, 2);
  EXPECT_EQ(refused.result.err,
            "sextant.json:3:23: /tracker/settings/url: plugin \"github\" rejected its settings: "
            "\"http://127.0.0.1:9\" would send the credentials in clear: use "
            "https://, or set \"allow_insecure_http\": true for a test server or a trusted network\n1 problem found\n");
  EXPECT_FALSE(refused.wrote_anything);

  auto allowed = validate(R"({"url": "http://127.0.0.1:9", "allow_insecure_http": true, "owner": "acme", "repo": "shop",)"
                          R"( "token": {"env": "GITHUB_TOKEN"}})",
                          "ghp_a-real-looking-token");
  EXPECT_EQ(allowed.result.exit_code, 0) << allowed.result.err;
}

TEST(CredentialConfig, RefusesASecretShorterThanFourCharacters) {
  auto r = validate(R"({"owner": "acme", "repo": "shop", "token": {"env": "GITHUB_TOKEN"}})", "abc");
  EXPECT_EQ(r.result.exit_code, 2);
  EXPECT_EQ(r.result.err,
            "sextant.json:3:58: /tracker/settings/token: the secret is 3 characters long: a credential has at least 4\n"
            "1 problem found\n");
  EXPECT_FALSE(r.wrote_anything);
  EXPECT_EQ(validate(R"({"owner": "acme", "repo": "shop", "token": {"env": "GITHUB_TOKEN"}})", "abcd").result.exit_code, 0);
}

}  // namespace
}  // namespace sextant::test
