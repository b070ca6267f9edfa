// A vendor's JSON REST API as plugins speak to it: requests carrying the vendor's headers
// (credentials, Accept, version), JSON bodies, answers parsed, listings followed page by page
// through their Link headers, all through the core's HttpClient and its policy.
#pragma once

#include "sextant/plugin/http.hpp"
#include "sextant/plugin/json_fields.hpp"
#include "sextant/plugin/link_header.hpp"
#include "sextant/plugin/url_origin.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace sextant::plugin {

struct JsonApiOptions {
  std::string vendor;                ///< named in errors: "GitHub sent ..."
  std::string base_url;              ///< paths are appended to it
  std::vector<HttpHeader> headers;   ///< sent with every request
  std::string limiter_key;           ///< the rate limiter of every request ("" = the host's)
  std::string write_limiter_key;     ///< the limiter of writes ("" = limiter_key)
};

class JsonApi {
 public:
  JsonApi(HttpClient& http, JsonApiOptions options) : http_(http), o_(std::move(options)) {}

  /// A GET of a path (or of a full URL, as Link headers give them).
  Result<boost::json::value> get(const std::string& path) {
    auto answer = http_.send(request("GET", path));
    if (!answer) return answer.error();
    return parse_answer(answer->body, o_.vendor);
  }

  Result<boost::json::object> get_object(const std::string& path) {
    auto value = get(path);
    if (!value) return value.error();
    if (!value->is_object()) return make_error(Errc::bad_response, o_.vendor + " sent something other than an object");
    return std::move(value->as_object());
  }

  /// Every item of a listing that answers arrays and pages with Link headers. A next page is
  /// followed only on the API's own origin (scheme, host, port), where the credentials belong,
  /// and never twice: a Link elsewhere or back to a page already read is an error.
  Result<boost::json::array> get_all(const std::string& path) {
    boost::json::array items;
    std::vector<std::string> seen;  // the pages read, as full URLs
    for (std::string next = path; !next.empty();) {
      const std::string url = is_absolute(next) ? next : o_.base_url + next;
      if (url_origin(url) != url_origin(o_.base_url))
        return make_error(Errc::bad_response, o_.vendor + " sent a next page on another origin, " + url_origin(url) +
                                                  " (the API is at " + url_origin(o_.base_url) +
                                                  "): not followed, its credentials stay on their origin");
      if (std::find(seen.begin(), seen.end(), url) != seen.end())
        return make_error(Errc::bad_response, o_.vendor + " sent a next page already read, " + url_without_query(url) +
                                                  ": a paging loop, not followed");
      seen.push_back(url);
      auto page = http_.send(request("GET", url));
      if (!page) return page.error();
      auto value = parse_answer(page->body, o_.vendor);
      if (!value) return value.error();
      if (!value->is_array()) return make_error(Errc::bad_response, o_.vendor + " sent a listing that is not a list");
      for (auto& item : value->as_array()) items.push_back(std::move(item));
      next = next_link(*page);
    }
    return items;
  }

  /// A write with a JSON body; its answer parsed (null when empty, as 204s are). `repeatable`:
  /// sending it twice does no harm, so the core may retry it after a server error.
  Result<boost::json::value> write(const std::string& method, const std::string& path, const boost::json::value& body,
                                   bool repeatable) {
    HttpRequest r = request(method, path);
    r.body = boost::json::serialize(body);
    r.headers.push_back({"Content-Type", "application/json"});
    r.idempotent = repeatable;
    r.expect_json = false;  // an empty 204 is an answer too; a body is parsed below
    if (!o_.write_limiter_key.empty()) r.limiter_key = o_.write_limiter_key;
    auto answer = http_.send(r);
    if (!answer) return answer.error();
    if (answer->body.find_first_not_of(" \t\r\n") == std::string::npos) return boost::json::value{};
    return parse_answer(answer->body, o_.vendor);
  }

  /// A request with the API's address and headers, for what the methods above do not cover.
  /// A full URL gets the headers (credentials) only when it is on the API's origin.
  [[nodiscard]] HttpRequest request(const std::string& method, const std::string& path) const {
    HttpRequest r;
    r.method = method;
    r.url = is_absolute(path) ? path : o_.base_url + path;
    if (url_origin(r.url) == url_origin(o_.base_url)) r.headers = o_.headers;
    r.limiter_key = o_.limiter_key;
    return r;
  }

  [[nodiscard]] const std::string& vendor() const { return o_.vendor; }

 private:
  static bool is_absolute(const std::string& path) {
    return path.starts_with("http://") || path.starts_with("https://");
  }


  HttpClient& http_;
  JsonApiOptions o_;
};

}  // namespace sextant::plugin
