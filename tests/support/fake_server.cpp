#include "support/fake_server.hpp"

#include "support/http_call.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace sextant::test {

FakeServer::FakeServer(const std::string& script, std::vector<std::string> args, std::string ca_file)
    : ca_file_(std::move(ca_file)) {
  std::vector<std::string> argv{SEXTANT_TEST_PYTHON, (source_dir() / "tests/fakes" / script).string()};
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<Background>(argv, dir_.path());
  for (int i = 0; i < 200 && port_ == 0; ++i) {
    std::string out = read_file(dir_ / "background.out");
    if (auto at = out.find("listening on "); at != std::string::npos && out.find('\n', at) != std::string::npos)
      port_ = std::stoi(out.substr(at + 13));
    else std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  if (port_ == 0) throw std::runtime_error(script + " did not start: " + read_file(dir_ / "background.err"));
}

FakeServer::~FakeServer() = default;

std::string FakeServer::url() const {
  return std::string(ca_file_.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port_);
}

std::string FakeServer::control(const std::string& method, const std::string& path, const std::string& body) {
  return http_call(method, url() + path, {}, body.empty() && method != "GET" ? "{}" : body, ca_file_).body;
}

boost::json::object FakeServer::stats() { return boost::json::parse(control("GET", "/__control/stats")).as_object(); }

void make_certificate(const std::filesystem::path& dir) {
  auto r = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", (dir / "key.pem").string(), "-out",
                (dir / "cert.pem").string()});
  if (r.exit_code != 0) throw std::runtime_error("openssl failed: " + r.err);
}

}  // namespace sextant::test
