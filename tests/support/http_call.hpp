// One plain HTTP request from a test (to a fake's control endpoints, or to a real server's API
// to see what a plugin wrote), without the core's retry policy.
#pragma once

#include <sextant/plugin/http.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace sextant::test {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::vector<plugin::HttpHeader> headers;
};

/// Throws when no answer came (a test cannot go on without one).
HttpAnswer http_call(const std::string& method, const std::string& url, std::vector<plugin::HttpHeader> headers = {},
                     const std::string& body = "", const std::string& ca_file = "");

/// The body of a 2xx answer as JSON; throws with the status and body otherwise.
boost::json::value http_json(const std::string& method, const std::string& url,
                             std::vector<plugin::HttpHeader> headers = {}, const std::string& body = "");

}  // namespace sextant::test
