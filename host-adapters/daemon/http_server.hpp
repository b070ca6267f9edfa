// The daemon's HTTP/1.1 server (Boost.Beast): one listening socket, a thread per connection, one
// request per connection, bodies capped, slow clients timed out. What it serves is the handler's.
#pragma once

#include <sextant/plugin/error.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sextant::daemon {

struct HttpAsk {
  std::string method;
  std::string path;                            ///< without the query
  std::map<std::string, std::string> headers;  ///< names in lower case
  std::string body;                            ///< raw, as signed by webhook senders
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(const HttpAsk&)>;

  /// Binds HOST:PORT (port 0: any free one) or says why it cannot.
  static Result<std::unique_ptr<HttpServer>> bind(const std::string& host, int port, Handler handler);
  ~HttpServer();

  [[nodiscard]] int port() const { return port_; }
  /// Serves until stop(); returns once every connection is answered.
  void run();
  /// From any thread (a signal's watcher).
  void stop();

 private:
  struct Impl;
  HttpServer(std::unique_ptr<Impl> impl, int port);
  void serve_connection(int fd);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable idle_;
  int in_flight_ = 0;
};

}  // namespace sextant::daemon
