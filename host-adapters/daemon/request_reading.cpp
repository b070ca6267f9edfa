#include "request_reading.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace sextant::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

HttpReply error_reply(int status, const char* why) {
  return {status, "application/json", std::string(R"({"error":")") + why + "\"}", {}};
}

}  // namespace

void limit(RequestParser& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
  parser.body_limit(limits.body_bytes);
}

std::optional<HttpReply> refusal(const boost::system::error_code& ec) {
  if (ec == http::error::body_limit) return error_reply(413, "the body is too large");
  if (ec == http::error::header_limit) return error_reply(431, "the headers are too large");
  if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
    return std::nullopt;
  return error_reply(400, "a request this server cannot read");
}

HttpAsk to_ask(const Request& request) {
  HttpAsk ask;
  ask.method = request.method() == http::verb::head ? "GET" : std::string(request.method_string());
  std::string_view target = request.target();
  ask.path = std::string(target.substr(0, target.find('?')));
  for (const auto& field : request) ask.headers.emplace(lower(field.name_string()), std::string(field.value()));
  ask.body = request.body();
  return ask;
}

}  // namespace sextant::daemon
