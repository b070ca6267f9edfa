#include "http_connection.hpp"

#include "request_reading.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace sextant::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::size_t kFirstRead = 4096;
constexpr std::chrono::seconds kLinger{2};

}  // namespace

HttpConnection::HttpConnection(asio::ip::tcp::socket socket, ConnectionContext context)
    : stream_(std::move(socket)), context_(context) {}

void HttpConnection::start(Connections::iterator where) {
  where_ = where;
  await_request();
}

void HttpConnection::close() {
  if (state_ == State::closed) return;
  state_ = State::closed;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);  // cancels what is pending: its handlers see the closed state
  context_.open.erase(where_);      // the pending handlers keep this object alive until they run
}

// The idle deadline: a connection that sends nothing (new, or kept alive after an answer) is
// closed when it passes. Bytes already read (a pipelined request) go straight to reading.
void HttpConnection::await_request() {
  state_ = State::waiting;
  if (buffer_.size() > 0) return read_request();
  stream_.expires_after(context_.limits.idle);
  stream_.async_read_some(buffer_.prepare(kFirstRead), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
    if (self->state_ == State::closed) return;
    if (ec) return self->close();
    self->buffer_.commit(n);
    self->read_request();
  });
}

// The request deadline, from its first byte to the end of its body: a client that trickles its
// headers (slowloris) is dropped when it passes.
void HttpConnection::read_request() {
  state_ = State::reading;
  parser_.emplace();
  limit(*parser_, context_.limits);
  stream_.expires_after(context_.limits.request);
  http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (self->state_ == State::closed) return;
    if (!ec) return self->answer(self->parser_->get());
    auto reply = refusal(ec);
    if (!reply) return self->close();
    self->state_ = State::answering;
    self->write(std::move(*reply), false, false);
  });
}

// The handler may block (a ledger write): it runs on the pool, and its answer comes back here.
void HttpConnection::answer(const Request& request) {
  state_ = State::answering;
  auto ask = std::make_shared<HttpAsk>(to_ask(request));
  const bool head = request.method() == http::verb::head;
  const bool keep_alive = request.keep_alive();
  // A tracked executor: the I/O thread keeps running until the answer has come back.
  auto back = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
  asio::post(context_.pool, [self = shared_from_this(), ask, head, keep_alive, back]() mutable {
    HttpReply reply = self->context_.handler(*ask);
    asio::post(back, [self, reply = std::move(reply), head, keep_alive]() mutable {
      if (self->state_ == State::closed) return;
      self->write(std::move(reply), head, keep_alive);
    });
  });
}

void HttpConnection::write(HttpReply reply, bool head, bool keep_alive) {
  ++served_;
  keep_alive = keep_alive && served_ < context_.limits.requests_per_connection && !context_.stopping;
  response_ = {};
  response_.version(11);
  response_.result(static_cast<unsigned>(reply.status));
  response_.set(http::field::server, "sextant");
  response_.set(http::field::cache_control, "no-store");
  response_.set(http::field::content_type, reply.content_type);
  for (const auto& [name, value] : reply.headers) response_.set(name, value);
  response_.keep_alive(keep_alive);
  response_.content_length(reply.body.size());  // a HEAD answer says the length of the GET's body
  if (!head) response_.body() = std::move(reply.body);
  stream_.expires_after(context_.limits.request);
  http::async_write(stream_, response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
    if (self->state_ == State::closed) return;
    if (ec) return self->close();
    if (!keep_alive || self->context_.stopping) return self->linger();
    self->await_request();
  });
}

// After the last answer, the sending side is shut and what the client still sends (the rest of a
// refused body, pipelined requests) is read and dropped for a moment: closing with unread bytes
// would reset the connection and could destroy the answer before the client reads it (nginx's
// lingering close).
void HttpConnection::linger() {
  state_ = State::lingering;
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLinger);
  drain();
}

void HttpConnection::drain() {
  buffer_.clear();
  stream_.async_read_some(buffer_.prepare(kFirstRead), [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (self->state_ == State::closed) return;
    if (ec) return self->close();  // the client's end, or the moment is over
    self->drain();
  });
}

}  // namespace sextant::daemon
