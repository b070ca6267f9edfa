#include "http_server.hpp"

#include "http_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>

namespace sextant::daemon {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono;

namespace {

// File descriptors kept for the rest of the program: the ledger and its journal, the logs, the
// plugins, the sync's own HTTP connections.
constexpr int kReservedFiles = 64;
// Out of file descriptors, accept() fails at once for as long as none is freed: rather than spin
// on it, the server stops accepting this long (nginx does the same).
constexpr milliseconds kAcceptPause{100};
constexpr int kHandlerThreads = 2;

int open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 30));
}

}  // namespace

struct HttpServer::Impl {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer pause{io};
  asio::steady_timer drain_timer{io};
  asio::thread_pool pool{kHandlerThreads};
  ServerLimits limits;
  Handler handler;
  Warn warn;
  Connections open;
  bool stopping = false;
  int port = 0;
  bool loopback = false;
  int cap = 0;
  steady_clock::time_point last_warning = steady_clock::time_point::min();

  ConnectionContext context() { return {limits, handler, pool, open, stopping}; }
  void accept();
  void take(tcp::socket socket);
  void begin_stop();
  void drain(steady_clock::time_point deadline);
  void warn_now_and_then(const std::string& what);
};

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (stopping || ec == asio::error::operation_aborted) return;
    if (!ec) {
      take(std::move(socket));
      return accept();
    }
    if (ec == asio::error::connection_aborted) return accept();  // a client gone before its turn
    if (ec == asio::error::no_descriptors || ec.value() == ENFILE || ec.value() == ENOBUFS || ec.value() == ENOMEM)
      warn_now_and_then("cannot accept a connection (" + ec.message() + "): pausing " +
                        std::to_string(kAcceptPause.count()) + " ms; raise LimitNOFILE or lower serve.limits.connections");
    pause.expires_after(kAcceptPause);
    pause.async_wait([this](boost::system::error_code waited) {
      if (!waited && !stopping) accept();
    });
  });
}

// At the cap, a new connection takes the place of the oldest one that has not sent a byte of a
// request (idle); if every one is in the middle of a request, the new one is closed at once.
void HttpServer::Impl::take(tcp::socket socket) {
  if (static_cast<int>(open.size()) >= cap) {
    auto idle = std::find_if(open.begin(), open.end(), [](const auto& c) { return c->idle(); });
    if (idle == open.end()) {
      boost::system::error_code ignored;
      socket.close(ignored);
      return;
    }
    (*idle)->close();
  }
  auto connection = std::make_shared<HttpConnection>(std::move(socket), context());
  open.push_back(connection);
  connection->start(std::prev(open.end()));
}

void HttpServer::Impl::begin_stop() {
  if (stopping) return;
  stopping = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  pause.cancel();
  for (auto it = open.begin(); it != open.end();) {
    auto connection = *it++;  // close() takes it out of the list
    if (connection->idle()) connection->close();
  }
  drain(steady_clock::now() + limits.grace);
}

// Waits for the requests in hand to be answered, until the grace period ends; then closes the rest.
void HttpServer::Impl::drain(steady_clock::time_point deadline) {
  if (open.empty()) return;
  if (steady_clock::now() >= deadline) {
    while (!open.empty()) open.front()->close();
    return;
  }
  drain_timer.expires_after(std::min<steady_clock::duration>(milliseconds{50}, deadline - steady_clock::now()));
  drain_timer.async_wait([this, deadline](boost::system::error_code) { drain(deadline); });
}

void HttpServer::Impl::warn_now_and_then(const std::string& what) {
  auto now = steady_clock::now();
  if (!warn || (last_warning != steady_clock::time_point::min() && now - last_warning < minutes{1})) return;
  last_warning = now;
  warn(what);
}

Result<std::unique_ptr<HttpServer>> HttpServer::bind(const std::string& host, int port, ServerLimits limits,
                                                     Handler handler, Warn warn) {
  auto impl = std::make_unique<Impl>();
  impl->limits = limits;
  impl->handler = std::move(handler);
  impl->warn = std::move(warn);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return make_error(Errc::invalid_input, "cannot listen on \"" + host + "\": not an IP address", "/serve/listen");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error(Errc::io, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  impl->port = impl->acceptor.local_endpoint().port();
  impl->loopback = address.is_loopback();
  const int files = open_file_limit();
  impl->cap = std::max(1, files < 0 ? limits.connections : std::min(limits.connections, files - kReservedFiles));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { impl_->pool.join(); }

int HttpServer::port() const { return impl_->port; }
bool HttpServer::loopback() const { return impl_->loopback; }
int HttpServer::connection_cap() const { return impl_->cap; }

void HttpServer::run() {
  impl_->accept();
  impl_->io.run();
  impl_->pool.join();
}

void HttpServer::stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace sextant::daemon
