// `sextant serve`'s reading of a request: the bytes a client sent go through Beast's parser with
// the daemon's limits and become the request its routes see (daemon/request_reading.hpp), which
// the daemon then routes and authorises (Daemon::handle), as the server does once a client has
// sent everything and closed. The daemon's workspace has the test plan and no plugins; its
// schedule never runs, so no page is drawn and no webhook delivery is recorded.
#include "fuzz_check.hpp"

#include <daemon/daemon.hpp>
#include <daemon/request_reading.hpp>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string_view>

namespace {

namespace http = boost::beast::http;
using sextant::daemon::HttpAsk;

constexpr std::string_view kToken = "fuzz-token-7Qm2xV9pL4sK8wZ3";

sextant::daemon::Daemon& daemon_under_test() {
  static sextant::log::Logger logger(std::cerr);
  static sextant::time::FixedClock clock(std::chrono::sys_days{std::chrono::year{2026} / 3 / 2});
  static std::unique_ptr<sextant::app::Workspace> workspace = [] {
    sextant::app::WorkspaceOptions options;
    options.config = SEXTANT_FUZZ_SOURCE_DIR "/tests/data/valid/sextant.json";
    options.config_text = R"({"sources": [], "log": {"level": "error"}})";
    sextant::json::Diagnostics diagnostics;
    auto opened = sextant::app::Workspace::open(options, logger, clock, diagnostics);
    if (!opened) {
      std::cerr << "cannot open the daemon's workspace: " << sextant::json::to_string(diagnostics) << "\n";
      std::abort();
    }
    return std::move(*opened);
  }();
  static std::atomic<bool> stop{false};
  static sextant::daemon::Daemon daemon(*workspace,
                                        {std::string(kToken), "woo-fuzz-secret", "shopify-fuzz-secret"}, {}, stop);
  return daemon;
}

// What a client reaches without the token: health, and the webhooks (signed instead).
bool open_route(const HttpAsk& ask) { return ask.path == "/health" || ask.path.starts_with("/webhooks/"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& daemon = daemon_under_test();
  sextant::daemon::RequestParser parser;
  sextant::daemon::limit(parser, sextant::daemon::ServerLimits{});
  parser.eager(true);
  boost::system::error_code ec;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!ec && !parser.is_done()) {
    std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    rest.remove_prefix(used);
    // All the client sent is there: wanting more (or taking nothing more) means it closed before
    // the end; http::read then tells the server end_of_stream if nothing came, else put_eof's word.
    if (ec == http::error::need_more || (!ec && used == 0)) {
      ec = {};
      if (!parser.got_some()) ec = http::error::end_of_stream;
      else parser.put_eof(ec);
      if (!ec && !parser.is_done()) ec = http::error::partial_message;
    }
  }
  if (ec) {
    auto refusal = sextant::daemon::refusal(ec);
    FUZZ_CHECK(!refusal || refusal->status == 400 || refusal->status == 413 || refusal->status == 431);
    return 0;
  }
  HttpAsk ask = sextant::daemon::to_ask(parser.get());
  FUZZ_CHECK(ask.path.find('?') == std::string::npos);
  for (const auto& [name, value] : ask.headers)
    for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  auto reply = daemon.handle(ask);
  FUZZ_CHECK(reply.status >= 200 && reply.status <= 599);
  // A success on a guarded route means the request carried the token.
  if (reply.status < 300 && !open_route(ask)) {
    auto authorization = ask.headers.find("authorization");
    FUZZ_CHECK(authorization != ask.headers.end());
    FUZZ_CHECK(authorization->second == "Bearer " + std::string(kToken));
  }
  return 0;
}
