// The parts of a URL that decide where a request goes: its origin (scheme, host, port), which
// credentials are bound to, its host, which rate limits are kept by, and the URL without its
// query, which is what messages show (queries may carry keys).
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace sextant::plugin {

/// "https://shop.example/wp-json/wc/v3/orders" from a URL with a query or a fragment.
inline std::string url_without_query(const std::string& url) { return url.substr(0, url.find_first_of("?#")); }

/// The host of a URL, with its port when it has one and without user info ("shop.example:8443").
inline std::string url_host(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (auto at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
  return host;
}

/// "https://shop.example:443": scheme and host in lower case, the port always written (80 for
/// http, 443 for https when the URL omits it), so that equal origins compare equal as text.
inline std::string url_origin(const std::string& url) {
  auto colon = url.find("://");
  std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  std::string host = url_host(url);
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  };
  lower(scheme);
  lower(host);
  const auto bracket = host.rfind(']');  // an IPv6 literal holds colons of its own
  const auto port = host.find(':', bracket == std::string::npos ? 0 : bracket);
  if (port == std::string::npos) host += scheme == "https" ? ":443" : ":80";
  return scheme + "://" + host;
}

}  // namespace sextant::plugin
