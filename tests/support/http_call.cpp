#include "support/http_call.hpp"

#include <sextant/http/curl_transport.hpp>

#include <boost/json/parse.hpp>

#include <stdexcept>

namespace sextant::test {

HttpAnswer http_call(const std::string& method, const std::string& url, std::vector<plugin::HttpHeader> headers,
                     const std::string& body, const std::string& ca_file) {
  http::HttpOptions options;
  options.ca_file = ca_file;
  auto transport = http::make_curl_transport(options);
  if (!body.empty()) headers.push_back({"Content-Type", "application/json"});
  plugin::HttpRequest r;
  r.method = method;
  r.url = url;
  r.headers = std::move(headers);
  r.body = body;
  auto x = transport->perform(r);
  if (!x.response) throw std::runtime_error(method + " " + url + " failed: " + x.failure->message);
  return {x.response->status, x.response->body, x.response->headers};
}

boost::json::value http_json(const std::string& method, const std::string& url, std::vector<plugin::HttpHeader> headers,
                             const std::string& body) {
  auto answer = http_call(method, url, std::move(headers), body);
  if (answer.status < 200 || answer.status >= 300)
    throw std::runtime_error(method + " " + url + ": HTTP " + std::to_string(answer.status) + ": " + answer.body);
  return boost::json::parse(answer.body);
}

}  // namespace sextant::test
