// source-plausible as the core calls it, on a TestHost (today 2025-01-08 in Paris) and its fake:
// it reads nothing when the shop takes its sessions elsewhere, and stops at a page boundary when
// the host asks it to.
#include "support/fake_server.hpp"
#include "support/test_host.hpp"

#include <sextant/loading/plugin_loader.hpp>

#include <gtest/gtest.h>

namespace sextant::test {
namespace {

using namespace std::chrono;

// Pages kept in memory; the host asks to stop once `stop_after` pages are stored.
class StoppingEmitter final : public plugin::Emitter {
 public:
  explicit StoppingEmitter(std::size_t stop_after) : stop_after_(stop_after) {}
  Result<> emit(Page page) override {
    pages.push_back(std::move(page));
    return {};
  }
  [[nodiscard]] bool stop_requested() const noexcept override { return pages.size() >= stop_after_; }
  std::vector<Page> pages;

 private:
  std::size_t stop_after_;
};

class PlausibleRead : public ::testing::Test {
 protected:
  // 01-01 to 01-08, a visit count every day: 8 rows, in pages of 3.
  FakeServer fake_{"fake_plausible.py", {"--now", "2025-01-08T10:00:00Z", "--generate-from", "2025-01-01",
                                         "--generate-to", "2025-01-08"}};
  std::shared_ptr<plugin::Source> source() {
    auto factory = loader_.source_factory("plausible");
    EXPECT_TRUE(factory) << factory.error().message;
    boost::json::object settings{{"url", fake_.url()},          {"allow_insecure_http", true},
                                 {"site_id", "shop.example"},   {"api_key", "plausible-key"},
                                 {"timezone", "Europe/Paris"},  {"since", "2025-01-01"},
                                 {"page_size", 3}};
    auto made = loading::create_source(*factory, "plausible", settings, host_);
    EXPECT_TRUE(made) << made.error().message;
    return *made;
  }
  loading::PluginLoader loader_{{SEXTANT_TEST_PLUGIN_DIR}};
  TestHost host_{sys_days{year{2025} / 1 / 8} + hours{12}};
};

TEST_F(PlausibleRead, AsksNothingWhenTheShopTakesItsSessionsElsewhere) {
  StoppingEmitter out(100);
  plugin::ReadRequest request;
  request.facts = {.orders = true, .sessions = false};
  ASSERT_TRUE(source()->read(request, out));
  EXPECT_TRUE(out.pages.empty());
  EXPECT_EQ(fake_.stats().at("requests"), 0);
}

TEST_F(PlausibleRead, StopsAtThePageBoundaryWhenTheHostAsks) {
  StoppingEmitter out(1);
  auto r = source()->read({}, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::cancelled);
  // One page of 3 rows (01-01 to 01-03), its cursor the last of them; the second never asked.
  ASSERT_EQ(out.pages.size(), 1u);
  EXPECT_EQ(out.pages[0].daily.size(), 3u);
  EXPECT_EQ(out.pages[0].cursor, "2025-01-03");
  EXPECT_EQ(out.pages[0].total_hint, 3);  // 8 rows in pages of 3
  EXPECT_EQ(fake_.stats().at("requests"), 1);
}

}  // namespace
}  // namespace sextant::test
