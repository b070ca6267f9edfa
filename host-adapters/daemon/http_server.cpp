#include "http_server.hpp"

#include "request_reading.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>
#include <sys/time.h>
#include <thread>

namespace sextant::daemon {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr int kTimeoutSeconds = 15;

}  // namespace

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  tcp protocol = tcp::v4();
  Handler handler;
};

Result<std::unique_ptr<HttpServer>> HttpServer::bind(const std::string& host, int port, Handler handler) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return make_error(Errc::invalid_input, "cannot listen on \"" + host + "\": not an IP address", "/serve/listen");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  impl->protocol = endpoint.protocol();
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return make_error(Errc::io, "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  int bound = impl->acceptor.local_endpoint().port();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl), bound));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

HttpServer::~HttpServer() = default;

void HttpServer::run() {
  while (!stopping_) {
    boost::system::error_code ec;
    tcp::socket socket(impl_->io);
    impl_->acceptor.accept(socket, ec);
    if (ec) {
      if (stopping_) break;
      continue;  // a client gone before it was accepted
    }
    int fd = socket.release(ec);
    if (ec) continue;
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
    }
    std::thread([this, fd] { serve_connection(fd); }).detach();
  }
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return in_flight_ == 0; });
}

void HttpServer::stop() {
  stopping_ = true;
  // Wakes the blocked accept: shutting the listening socket down makes it fail at once.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
}

void HttpServer::serve_connection(int fd) {
  {
    // A client that sends or reads too slowly is dropped, not waited for.
    timeval timeout{kTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    asio::io_context io;
    tcp::socket socket(io, impl_->protocol, fd);
    boost::system::error_code ec;
    boost::beast::flat_buffer buffer;
    RequestParser parser;
    limit(parser);
    http::read(socket, buffer, parser, ec);
    http::response<http::string_body> response;
    if (ec) {
      response.result(static_cast<unsigned>(refusal_status(ec)));
      response.set(http::field::content_type, "application/json");
      response.body() = R"({"error":"a request this server cannot read"})";
    } else {
      HttpReply reply = impl_->handler(to_ask(parser.get()));
      response.result(static_cast<unsigned>(reply.status));
      response.set(http::field::content_type, reply.content_type);
      for (const auto& [name, value] : reply.headers) response.set(name, value);
      response.body() = std::move(reply.body);
    }
    response.set(http::field::server, "sextant");
    response.set(http::field::cache_control, "no-store");
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
  std::lock_guard lock(mutex_);
  if (--in_flight_ == 0) idle_.notify_all();
}

}  // namespace sextant::daemon
