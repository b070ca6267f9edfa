// The conformance suite: every plugin this build produces describes itself, accepts its own
// sample settings, rejects bad ones with an error (never an exception), and checks cleanly.
#include "built_plugins.hpp"
#include "support/test_host.hpp"

#include <sextant/loading/plugin_loader.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;

class Conformance : public ::testing::TestWithParam<const char*> {
 protected:
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
    TestHost host;
    auto made = create(sample.as_object(), host);
    ASSERT_TRUE(made) << "the sample settings are refused: " << made.error().message;
    auto check = (*made)->check();  // must return, with or without network
    if (!check) {
      EXPECT_FALSE(check.error().message.empty());
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
    EXPECT_FALSE((*factory)->manifest().counted_statuses.empty()) << "a source must say which statuses count";
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
