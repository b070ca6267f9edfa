#include "sextant/time/zone.hpp"

#include "sextant/text/suggest.hpp"

#include <date/tz.h>

#include <vector>

namespace sextant::time {

Result<Zone> Zone::locate(std::string_view iana_name) {
  try {
    const date::time_zone* zone = date::locate_zone(iana_name);
    return Zone(zone, std::string(iana_name));
  } catch (const std::exception&) {
    std::vector<std::string> names;
    try {
      for (const auto& z : date::get_tzdb().zones) names.emplace_back(z.name());
    } catch (const std::exception&) {
      return make_error(Errc::io, "cannot read the time zone database (is the tzdata package installed?)");
    }
    return make_error(Errc::invalid_input,
                      text::with_suggestion("\"" + std::string(iana_name) + "\" is not an IANA time zone",
                                            text::closest(iana_name, names)));
  }
}

std::chrono::sys_days Zone::local_day(std::chrono::sys_seconds instant) const {
  auto local = zone_->to_local(instant);
  return std::chrono::sys_days{std::chrono::floor<std::chrono::days>(local.time_since_epoch())};
}

std::chrono::sys_seconds Zone::start_of(std::chrono::sys_days local_day) const {
  date::local_seconds midnight{local_day.time_since_epoch()};
  // choose::earliest resolves ambiguous midnights; a nonexistent midnight maps to the first
  // valid instant after the gap.
  return std::chrono::time_point_cast<std::chrono::seconds>(
      zone_->to_sys(midnight, date::choose::earliest));
}

}  // namespace sextant::time
