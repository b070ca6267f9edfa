// The daemon over time: `sextant serve` syncing every second from the fake WooCommerce server
// while its pages are fetched, over fifty syncs; memory and open file descriptors stay flat.
#include "daemon/listening.hpp"
#include "support/fake_server.hpp"
#include "support/http_call.hpp"
#include "support/process.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

namespace sextant::test {
namespace {

namespace json = boost::json;
using namespace std::chrono;

constexpr const char* kToken = "soak-test-token-3e7b0f91c5a2d846";  // 32+ characters, as serve demands

long resident_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  return -1;
}

long open_files(pid_t pid) {
  long n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) ++n;
  return n;
}

TEST(ServeSoak, MemoryAndFileDescriptorsStayFlat) {
  FakeServer woo("fake_woocommerce.py", {"--generate", "400", "--seed", "5"});
  ScratchDir dir, logs;
  write_file(dir / "plan.json", read_file(source_dir() / "examples/plan.json"));
  json::object config{
      {"plan", "plan.json"},
      {"sources", json::array{json::object{{"name", "woo"}, {"plugin", "woocommerce"},
                                           {"settings", {{"url", woo.url()}, {"consumer_key", {{"env", "WC_KEY"}}},
                                                         {"consumer_secret", {{"env", "WC_SECRET"}}}}}}}},
      {"tracker", {{"plugin", "local"}}},
      {"serve", {{"token", {{"env", "SEXTANT_TOKEN"}}}}}};
  write_file(dir / "sextant.json", json::serialize(config));
  ProcessOptions options{dir.path(), {{"SEXTANT_TOKEN", kToken}, {"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}}};
  Background serve({sextant_program(), "--config", (dir / "sextant.json").string(), "serve", "--listen",
                    "127.0.0.1:0", "--sync-every", "1", "--push-every", "5"},
                   logs.path(), options);
  const int port = listening_port(logs / "background.err");
  ASSERT_NE(port, 0) << read_file(logs / "background.err");
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto health = [&] {
    return json::parse(http_call("GET", base + "/health", {{"Authorization", std::string("Bearer ") + kToken}}).body);
  };

  // The pages exist once the first sync has rendered them (503 before): wait for it, bounded.
  for (int i = 0; i < 600 && health().at("sync").at("count").to_number<int>() == 0; ++i)
    std::this_thread::sleep_for(milliseconds{100});
  ASSERT_GE(health().at("sync").at("count").to_number<int>(), 1) << "no first sync within a minute";

  // Fetches pages until `enough` says so, or ten minutes pass (a guard against a hang only: the
  // soak is measured in syncs, never in seconds, so a loaded machine only makes it longer).
  auto exercise = [&](const std::function<bool()>& enough) {
    for (auto hang = steady_clock::now() + minutes{10}; !enough() && steady_clock::now() < hang;) {
      EXPECT_EQ(http_call("GET", base + "/report.json", {{"Authorization", std::string("Bearer ") + kToken}}).status, 200);
      EXPECT_EQ(http_call("GET", base + "/dashboard", {{"Authorization", std::string("Bearer ") + kToken}}).status, 200);
      std::this_thread::sleep_for(milliseconds{250});
    }
  };
  auto count = [](const json::value& h, const char* what) { return h.at(what).at("count").to_number<int>(); };
  // Warm up (caches, the allocator's pools, pooled connections) over twenty syncs, then measure over fifty
  // more and ten pushes.
  const int warm_up_from = count(health(), "sync");
  exercise([&] { return count(health(), "sync") >= warm_up_from + 20; });
  const long rss_before = resident_kb(serve.pid()), fds_before = open_files(serve.pid());
  const int syncs_before = count(health(), "sync");
  exercise([&] {
    auto h = health();
    return count(h, "sync") >= syncs_before + 50 && count(h, "push") >= 10;
  });
  const long rss_after = resident_kb(serve.pid()), fds_after = open_files(serve.pid());
  const auto h = health();
  const int syncs = h.at("sync").at("count").to_number<int>() - syncs_before;

  EXPECT_GE(syncs, 50) << json::serialize(h);
  EXPECT_EQ(h.at("sync").at("status"), "ok") << json::serialize(h);
  EXPECT_GE(h.at("push").at("count").to_number<int>(), 10) << json::serialize(h);
  EXPECT_LE(fds_after, fds_before + 2) << fds_before << " → " << fds_after;
  // Flat: no more than 4 MB over fifty syncs and the pages served meanwhile.
  EXPECT_LE(rss_after - rss_before, 4096) << rss_before << " kB → " << rss_after << " kB";
  RecordProperty("rss_kb_before", static_cast<int>(rss_before));
  RecordProperty("rss_kb_after", static_cast<int>(rss_after));
  std::cout << "soak: " << syncs << " syncs; RSS " << rss_before << " kB → " << rss_after << " kB; fds " << fds_before
            << " → " << fds_after << "\n";
  serve.kill(SIGTERM);
  EXPECT_EQ(serve.wait().exit_code, 0);
}

}  // namespace
}  // namespace sextant::test
