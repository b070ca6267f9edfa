// Matomo's Reporting API as the plugin speaks to it: every call a POST to index.php whose form
// body carries the method, its parameters and token_auth, and nothing in the URL (Matomo 5's
// secure-only tokens are refused in a query string, and a query string would win over the body).
#pragma once

#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/http.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace sextant::matomo {

struct MatomoAccess {
  std::string index_url;  ///< https://matomo.example/index.php
  std::int64_t site_id = 0;
  std::string token;      ///< token_auth: in the body only (the core redacts it from every message)
};

class MatomoApi {
 public:
  MatomoApi(plugin::HttpClient& http, MatomoAccess access) : http_(http), a_(std::move(access)) {}

  /// One API method for the site, with `params` beside module, method, idSite, format and
  /// token_auth: its JSON answer. Errors: the token refused (HTTP 401, as JSON or as Matomo's
  /// HTML error page), an error in an HTTP 200 ({"result":"error"}), with Matomo's message.
  Result<boost::json::value> call(std::string_view method, const plugin::QueryParams& params = {});

 private:
  plugin::HttpClient& http_;
  MatomoAccess a_;
};

}  // namespace sextant::matomo
