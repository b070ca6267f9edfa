// The daemon's HTTP/1.1 server (Boost.Beast, asynchronous I/O on one thread): a cap on open
// connections, deadlines on every request and between keep-alive requests, header and body
// limits, a graceful stop. The handler runs on a small pool beside the I/O thread, so that a slow
// answer (a ledger write) never holds up the others. What it serves is the handler's.
#pragma once

#include <sextant/plugin/error.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sextant::daemon {

struct HttpAsk {
  std::string method;                               ///< HEAD arrives as GET: the server drops the body
  std::string path;                                 ///< without the query
  std::multimap<std::string, std::string> headers;  ///< names in lower case, repeated ones kept
  std::string body;                                 ///< raw, as signed by webhook senders
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What one client may take; the defaults are the ones documented in the README (`serve.limits`).
struct ServerLimits {
  int connections = 512;                    ///< open at once; lowered to fit the open-file limit
  std::chrono::seconds request{15};         ///< from a request's first byte to its last (headers and body)
  std::chrono::seconds idle{10};            ///< waiting for a request's first byte (new or kept-alive connection)
  int requests_per_connection = 100;        ///< then the connection is closed (Connection: close)
  std::size_t header_bytes = 8 * 1024;      ///< request line and headers; more: 431
  std::size_t body_bytes = 1024 * 1024;     ///< more: 413 (webhooks and API calls are small)
  std::chrono::milliseconds grace{2000};    ///< on stop, for the requests in hand to be answered
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpAsk&)>;
  using Warn = std::function<void(const std::string&)>;

  /// Binds HOST:PORT (port 0: any free one) or says why it cannot. `warn` hears of trouble the
  /// server rides out (no file descriptor left), at most once a minute.
  static Result<std::unique_ptr<HttpServer>> bind(const std::string& host, int port, ServerLimits limits,
                                                  Handler handler, Warn warn);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  [[nodiscard]] int port() const;
  [[nodiscard]] bool loopback() const;
  /// The connection cap in force: the configured one, or less where the open-file limit is lower.
  [[nodiscard]] int connection_cap() const;
  /// Serves until stop(); returns once every connection is closed (the grace period at most
  /// after stop(), plus a handler still running).
  void run();
  /// From any thread: stops accepting, closes idle connections, lets the requests in hand finish
  /// for the grace period, then closes the rest.
  void stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sextant::daemon
