#include "request_reading.hpp"

#include <boost/beast/http/error.hpp>

namespace sextant::daemon {

namespace http = boost::beast::http;

namespace {

constexpr std::size_t kBodyLimit = 1 << 20;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

}  // namespace

void limit(RequestParser& parser) { parser.body_limit(kBodyLimit); }

int refusal_status(const boost::system::error_code& ec) { return ec == http::error::body_limit ? 413 : 400; }

HttpAsk to_ask(const http::request<http::string_body>& request) {
  HttpAsk ask;
  ask.method = std::string(request.method_string());
  std::string target(request.target());
  ask.path = target.substr(0, target.find('?'));
  for (const auto& field : request) ask.headers[lower(std::string(field.name_string()))] = std::string(field.value());
  ask.body = request.body();
  return ask;
}

}  // namespace sextant::daemon
