// One client's connection to the daemon's server: a request read under its deadlines, answered
// by the handler on the pool, then the next one on the same connection within the keep-alive
// limits. Lives on the server's I/O thread; every member is called there.
#pragma once

#include "http_server.hpp"
#include "request_reading.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <list>
#include <memory>
#include <optional>

namespace sextant::daemon {

class HttpConnection;
using Connections = std::list<std::shared_ptr<HttpConnection>>;  // oldest first

/// What every connection shares with its server.
struct ConnectionContext {
  const ServerLimits& limits;
  const HttpServer::Handler& handler;
  boost::asio::thread_pool& pool;
  Connections& open;  ///< a connection takes itself out when it closes
  bool& stopping;
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
 public:
  HttpConnection(boost::asio::ip::tcp::socket socket, ConnectionContext context);

  /// Starts reading; `where` is this connection's place in the open list.
  void start(Connections::iterator where);
  /// Nothing owed to the client (no byte of a request received yet, or the last answer sent): the
  /// connection may be closed to make room for a new one (nginx's "reusable" connections), or at
  /// once when the server stops.
  [[nodiscard]] bool idle() const { return state_ == State::waiting || state_ == State::lingering; }
  /// Closes now, whatever it was doing.
  void close();

 private:
  enum class State { waiting, reading, answering, lingering, closed };

  void await_request();
  void read_request();
  void answer(const Request& request);
  void write(HttpReply reply, bool head, bool keep_alive);
  void linger();
  void drain();

  boost::beast::tcp_stream stream_;
  ConnectionContext context_;
  Connections::iterator where_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  boost::beast::http::response<boost::beast::http::string_body> response_;
  State state_ = State::waiting;
  int served_ = 0;
};

}  // namespace sextant::daemon
