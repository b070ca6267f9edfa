#include "signed_time.hpp"

#include <sextant/plugin/calendar.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>

namespace sextant::daemon {

std::optional<std::chrono::sys_seconds> signed_time(std::string_view platform, std::string_view body) {
  boost::system::error_code ec;
  auto document = boost::json::parse(body, ec);
  if (ec || !document.is_object()) return std::nullopt;
  const auto fields = platform == "woocommerce" ? std::array<const char*, 2>{"date_modified_gmt", "date_created_gmt"}
                                                : std::array<const char*, 2>{"updated_at", "created_at"};
  for (const char* field : fields) {
    const auto* value = document.as_object().if_contains(field);
    if (!value || !value->is_string()) continue;
    if (auto at = parse_instant(value->get_string())) return *at;
  }
  return std::nullopt;
}

}  // namespace sextant::daemon
