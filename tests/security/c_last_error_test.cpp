// The C ABI's error path: sextant_last_error() after a sync against a server that echoes the
// request quotes the echo with the secrets starred out, Basic pair included.
#include "support/fake_server.hpp"
#include "support/process.hpp"

#include <sextant.h>

#include <gtest/gtest.h>

#include <cstdlib>

namespace sextant::test {
namespace {

TEST(CAbiLastError, IsRedacted) {
  ScratchDir dir;
  FakeServer echo("echo_server.py", {"--answer", "401", "--layout", "headers", "--shopify-token", "unused-token",
                                     "--vendure-token", "unused-token", "--log", (dir / "requests.jsonl").string()});
  const std::string key = R"(ck_WooKey+1/"a b)", secret = R"(cs_WooSecret=2&"c d)";
  ::setenv("C_ABI_WC_KEY", key.c_str(), 1);
  ::setenv("C_ABI_WC_SECRET", secret.c_str(), 1);
  write_file(dir / "plan.json", read_file(source_dir() / "examples/plan.json"));
  write_file(dir / "sextant.json",
             R"({"plan": "plan.json", "plugin_path": [")" SEXTANT_TEST_PLUGIN_DIR R"("], "sources": [{"name": "woo",
                 "plugin": "woocommerce", "http": {"max_attempts": 1}, "settings": {"url": ")" + echo.url() +
                 R"(", "allow_insecure_http": true, "auth": "basic", "consumer_key": {"env": "C_ABI_WC_KEY"},
                 "consumer_secret": {"env": "C_ABI_WC_SECRET"}}}]})");
  sextant_handle* handle = nullptr;
  ASSERT_EQ(sextant_open(&handle, (dir / "sextant.json").c_str(), nullptr), SEXTANT_OK) << sextant_last_error();
  char* out = nullptr;
  EXPECT_EQ(sextant_sync(&out, handle), SEXTANT_EAUTH);
  const std::string error = sextant_last_error();
  sextant_free(out);
  sextant_close(handle);
  // The echo's first line is the Basic header: quoted, and starred out.
  EXPECT_NE(error.find("woo: GET " + echo.url() + "/wp-json/wc/v3/orders: HTTP 401: Authorization: Basic "),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("***"), std::string::npos) << error;
  // base64(key + ":" + secret), from Python's base64 module.
  for (const std::string& leaked : {key, secret, std::string("Y2tfV29vS2V5KzEvImEgYjpjc19Xb29TZWNyZXQ9MiYiYyBk")})
    EXPECT_EQ(error.find(leaked), std::string::npos) << leaked << " in " << error;
}

}  // namespace
}  // namespace sextant::test
