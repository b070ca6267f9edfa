// RFC 8288 Link headers as GitHub and GitLab page their listings (plugin/link_header.hpp).
#include "fuzz_check.hpp"

#include <sextant/plugin/link_header.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string value(reinterpret_cast<const char*>(data), size);
  sextant::plugin::HttpResponse response;
  response.status = 200;
  response.headers.push_back({"Link", value});
  std::string next = sextant::plugin::next_link(response);
  // The next page is a part of the header, and never holds the brackets around it.
  FUZZ_CHECK(next.size() <= value.size());
  FUZZ_CHECK(next.empty() || value.find("<" + next + ">") != std::string::npos);
  return 0;
}
