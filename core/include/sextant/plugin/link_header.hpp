// RFC 8288 Link headers, as GitHub and GitLab page their listings: the address of the next page.
#pragma once

#include "sextant/plugin/http.hpp"

#include <string>
#include <string_view>

namespace sextant::plugin {

/// The target of `rel="next"` in the answer's Link header, or "" on the last page.
inline std::string next_link(const HttpResponse& response) {
  auto header = response.header("link");
  if (!header) return {};
  std::string_view links = *header;
  while (!links.empty()) {
    auto open = links.find('<');
    auto close = links.find('>', open);
    if (open == std::string_view::npos || close == std::string_view::npos) return {};
    auto end = links.find(",", close);  // URLs inside <> may hold commas; parameters do not
    std::string_view params = links.substr(close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos || params.find("rel=next") != std::string_view::npos)
      return std::string(links.substr(open + 1, close - open - 1));
    if (end == std::string_view::npos) return {};
    links.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace sextant::plugin
