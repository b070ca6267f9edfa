// The conformance suite: every plugin this build produces describes itself, accepts its own
// sample settings, rejects bad ones with an error (never an exception), and its check() meets the
// outcome its code gives for a server that refuses every request. Every address a plugin could
// reach is replaced by a local TLS server (tests/fakes/fake_refusing.py): a check never leaves
// 127.0.0.1.
#include "built_plugins.hpp"
#include "support/fake_server.hpp"
#include "support/test_host.hpp"

#include <sextant/loading/plugin_loader.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

// What check() returns for each plugin, from its code: those that call out meet a 401 ("HTTP 401:"
// and the refusing server's message, then the plugin's own advice); file reads a shop file that is
// not there; demo and local reach nothing and pass.
struct CheckOutcome {
  std::optional<Errc> code;  ///< nullopt: check() passes
  std::string fragment;      ///< in the error's message
};
const std::string kRefused = "HTTP 401: Refused by the test server";
const std::map<std::string, CheckOutcome> kCheckOutcomes{
    {"source-demo", {}},
    {"source-file", {Errc::not_found, "cannot read the file (missing or not readable)"}},
    {"source-ga4", {Errc::unauthorized, kRefused}},
    {"source-matomo", {Errc::unauthorized, kRefused + " — check token_auth"}},
    {"source-plausible", {Errc::unauthorized, kRefused}},
    {"source-shopify", {Errc::unauthorized, kRefused}},
    {"source-vendure", {Errc::unauthorized, kRefused}},
    {"source-woocommerce",
     {Errc::unauthorized, kRefused + " — check the consumer key and secret, and that the key has Read permission"}},
    {"tracker-github", {Errc::unauthorized, kRefused + " — check the token"}},
    {"tracker-gitlab", {Errc::unauthorized, kRefused + " — check the token and its api scope"}},
    {"tracker-jira", {Errc::unauthorized, kRefused + " — check the e-mail and the API token"}},
    {"tracker-local", {}},
    {"tracker-redmine", {Errc::unauthorized, kRefused + " — check the API key, and that the REST API is enabled"}},
    {"tracker-trello", {Errc::unauthorized, kRefused + " — check the API key and the token"}},
};

class Conformance : public ::testing::TestWithParam<const char*> {
 protected:
  static void SetUpTestSuite() {
    // A safety net under the url override: a request to any other host would go to a proxy on a
    // closed loopback port (libcurl reads these), never out to the internet.
    ::setenv("ALL_PROXY", "http://127.0.0.1:9", 1);
    ::setenv("NO_PROXY", "127.0.0.1", 1);
    certificate_dir_ = std::make_unique<ScratchDir>();
    make_certificate(certificate_dir_->path());
    const auto dir = certificate_dir_->path();
    refusing_server_ = std::make_unique<FakeServer>(
        "fake_refusing.py", std::vector<std::string>{"--tls", (dir / "cert.pem").string(), (dir / "key.pem").string()},
        (dir / "cert.pem").string());
  }
  static void TearDownTestSuite() {
    refusing_server_.reset();
    certificate_dir_.reset();
  }
  inline static std::unique_ptr<ScratchDir> certificate_dir_;
  inline static std::unique_ptr<FakeServer> refusing_server_;

  fs::path path() const { return GetParam(); }
  // sextant-<kind>-<name>.so
  std::string kind() const { return path().stem().string().substr(8, path().stem().string().find('-', 8) - 8); }
  std::string name() const { return path().stem().string().substr(9 + kind().size()); }

  // Runs the checks common to both kinds on a factory.
  template <class Factory, class Create>
  void check_factory(const Factory& factory, Create create) {
    const auto& m = factory->manifest();
    EXPECT_FALSE(m.summary.empty());
    boost::system::error_code ec;
    auto schema = boost::json::parse(m.config_schema, ec);
    ASSERT_FALSE(ec) << "the settings schema is not JSON";
    ASSERT_TRUE(schema.is_object());
    EXPECT_EQ(schema.at("type"), "object");
    EXPECT_TRUE(schema.as_object().contains("properties"));
    auto sample = boost::json::parse(m.sample_config, ec);
    ASSERT_FALSE(ec) << "the sample settings are not JSON";
    ASSERT_TRUE(sample.is_object());

    // The sample names its secrets ({"env": ...}); the core would resolve them: stand-ins here.
    std::function<void(boost::json::value&)> stand_in = [&](boost::json::value& v) {
      if (v.is_object()) {
        const auto& o = v.as_object();
        if (o.size() == 1 && (o.contains("env") || o.contains("file"))) {
          v = "sample-secret";
          return;
        }
        for (auto& member : v.as_object()) stand_in(member.value());
      }
    };
    stand_in(sample);
    // A secret that is a document: a service account key whose token endpoint is the local server.
    if (kind() + "-" + name() == "source-ga4")
      sample.as_object()["service_account"] = boost::json::serialize(boost::json::object{
          {"type", "service_account"},
          {"client_email", "conformance@sextant-tests.iam.gserviceaccount.com"},
          {"private_key", read_file(certificate_dir_->path() / "key.pem")},
          {"token_uri", refusing_server_->url() + "/token"}});
    // The sample's server (a public host) becomes the local one that refuses everyone.
    if (schema.at("properties").as_object().contains("url")) {
      sample.as_object()["url"] = refusing_server_->url();
      sample.as_object().erase("shop");  // Shopify's other way to name its server
    }
    ScratchDir base;
    TestHost host(std::chrono::sys_days{std::chrono::year{2025} / 3 / 1}, base.path(), (certificate_dir_->path() / "cert.pem").string());
    auto made = create(sample.as_object(), host);
    ASSERT_TRUE(made) << "the sample settings are refused: " << made.error().message;
    auto check = (*made)->check();
    auto expected = kCheckOutcomes.find(kind() + "-" + name());
    ASSERT_NE(expected, kCheckOutcomes.end()) << "no expected check() outcome for this plugin: add one";
    if (!expected->second.code) {
      EXPECT_TRUE(check) << check.error().message;
    } else {
      ASSERT_FALSE(check) << "check() passed against a server that refuses everyone";
      EXPECT_EQ(check.error().code, *expected->second.code) << check.error().message;
      EXPECT_NE(check.error().message.find(expected->second.fragment), std::string::npos) << check.error().message;
    }

    auto bad = create(boost::json::object{{"no_such_setting_exists", 1}}, host);
    ASSERT_FALSE(bad) << "an unknown setting is accepted";
    EXPECT_EQ(bad.error().code, Errc::invalid_input) << bad.error().message;
    EXPECT_FALSE(bad.error().message.empty());
  }
};

TEST_P(Conformance, DescribesItselfAndHandlesItsSettings) {
  loading::PluginLoader loader({path().parent_path()});
  auto listed = loader.list();
  auto it = std::find_if(listed.begin(), listed.end(), [&](const auto& p) { return p.path == path(); });
  ASSERT_NE(it, listed.end());
  EXPECT_EQ(it->problem, "");
  EXPECT_EQ(it->kind, kind());
  EXPECT_EQ(it->name, name());
  EXPECT_FALSE(it->version.empty());

  if (kind() == "source") {
    auto factory = loader.source_factory(name());
    ASSERT_TRUE(factory) << factory.error().message;
    check_factory(*factory, [&](const boost::json::object& s, plugin::Host& h) {
      return loading::create_source(*factory, name(), s, h);
    });
    const auto& manifest = (*factory)->manifest();
    EXPECT_TRUE(manifest.facts.orders || manifest.facts.sessions) << "a source must say which facts it brings";
    // Statuses are those of orders: a source of sessions only has none to count.
    if (manifest.facts.orders) {
      EXPECT_FALSE(manifest.counted_statuses.empty()) << "a source of orders must say which statuses count";
    }
  } else {
    ASSERT_EQ(kind(), "tracker");
    auto factory = loader.tracker_factory(name());
    ASSERT_TRUE(factory) << factory.error().message;
    check_factory(*factory, [&](const boost::json::object& s, plugin::Host& h) {
      return loading::create_tracker(*factory, name(), s, h);
    });
  }
}

INSTANTIATE_TEST_SUITE_P(EveryBuiltPlugin, Conformance, ::testing::ValuesIn(kBuiltPlugins),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = fs::path(p.param).stem().string();
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace sextant::test
