// A fake vendor server (tests/fakes/*.py) run for one test: started on a free port of
// 127.0.0.1, asked through its control endpoints, killed at the end.
#pragma once

#include "support/process.hpp"

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sextant::test {

class FakeServer {
 public:
  /// Starts tests/fakes/<script> with `args`; waits until it says it listens.
  FakeServer(const std::string& script, std::vector<std::string> args, std::string ca_file = "");
  ~FakeServer();
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  [[nodiscard]] int port() const { return port_; }
  /// "http://127.0.0.1:PORT" (or https when started with TLS).
  [[nodiscard]] std::string url() const;
  /// A request to the fake's own control endpoints (/__control/...): its body.
  std::string control(const std::string& method, const std::string& path, const std::string& body = "");
  /// The fake's counters (GET /__control/stats): requests, writes, throttled answers...
  boost::json::object stats();

 private:
  ScratchDir dir_;
  std::unique_ptr<Background> process_;
  int port_ = 0;
  std::string ca_file_;
};

/// A self-signed certificate for 127.0.0.1 (openssl), written as cert.pem and key.pem in `dir`.
void make_certificate(const std::filesystem::path& dir);

}  // namespace sextant::test
