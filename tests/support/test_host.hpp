// A Host and an Emitter for driving plugins directly in tests: a fixed clock, log lines kept in
// memory, pages kept in memory.
#pragma once

#include <sextant/http/curl_transport.hpp>
#include <sextant/http/policy_client.hpp>
#include <sextant/log/logger.hpp>
#include <sextant/plugin/host.hpp>
#include <sextant/plugin/source.hpp>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace sextant::test {

class TestHost final : public plugin::Host {
 public:
  /// `ca_file`: the certificate a local TLS test server presents ("" = the system's CA store).
  explicit TestHost(std::chrono::sys_seconds now = std::chrono::sys_days{std::chrono::year{2025} / 3 / 1},
                    std::filesystem::path base = std::filesystem::temp_directory_path(), std::string ca_file = "")
      : now_(now), base_(std::move(base)) {
    options_.ca_file = std::move(ca_file);
  }
  void log(plugin::LogLevel, std::string_view message) override { lines.emplace_back(message); }
  [[nodiscard]] std::chrono::sys_seconds now() const override { return now_; }
  [[nodiscard]] std::chrono::sys_seconds wall_now() const override { return now_; }
  [[nodiscard]] std::string resolve_path(std::string_view path) const override {
    std::filesystem::path p{std::string(path)};
    return (p.is_absolute() ? p : base_ / p).string();
  }
  void set_now(std::chrono::sys_seconds now) { now_ = now; }
  void wait_for(std::chrono::milliseconds, std::string_view) override {}
  /// A real client with short timeouts and a single attempt: tests must not wait on the network.
  plugin::HttpClient& http() override {
    if (!http_) {
      options_.connect_timeout = std::chrono::milliseconds{2000};
      options_.timeout = std::chrono::milliseconds{5000};
      options_.max_attempts = 1;
      http_ = std::make_unique<http::PolicyClient>(options_, http::make_curl_transport(options_), timer_, logger_,
                                                   "test", [] { return 0.5; });
    }
    return *http_;
  }

  void register_secret(std::string_view value) override { secrets.emplace_back(value); }
  [[nodiscard]] std::string time_zone() const override { return zone; }

  std::string zone = "Europe/Paris";  ///< the plan's time zone, as time_zone() tells it

  std::vector<std::string> lines;
  std::vector<std::string> secrets;  ///< what the plugin registered through register_secret

 private:
  std::chrono::sys_seconds now_;
  std::filesystem::path base_;
  http::HttpOptions options_;
  http::SteadyTimer timer_;
  log::Logger logger_{std::cerr, plugin::LogLevel::warning};
  std::unique_ptr<http::PolicyClient> http_;
};

class CollectingEmitter final : public plugin::Emitter {
 public:
  Result<> emit(Page page) override {
    pages.push_back(std::move(page));
    return {};
  }
  [[nodiscard]] bool stop_requested() const noexcept override { return stop; }

  std::vector<Page> pages;
  bool stop = false;
};

}  // namespace sextant::test
