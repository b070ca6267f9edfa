#include "matomo_zone.hpp"

#include <date/tz.h>

#include <stdexcept>

namespace sextant::matomo {

namespace {

const date::time_zone* find(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

}  // namespace

Result<SiteZone> SiteZone::locate(std::string_view name, std::int64_t site_id) {
  if (const auto* zone = find(name)) return SiteZone(zone, std::string(name));
  return make_error(Errc::invalid_input,
                    "the Matomo site " + std::to_string(site_id) + " reports days in \"" + std::string(name) +
                        "\", which is no time zone of the tzdata (a manual UTC offset?): give the site a city's time "
                        "zone, the plan's, in Matomo (Administration > Websites > Manage)");
}

std::chrono::sys_days SiteZone::local_day(std::chrono::sys_seconds instant) const {
  const auto local = zone_->to_local(instant);
  return std::chrono::sys_days{std::chrono::floor<std::chrono::days>(local).time_since_epoch()};
}


}  // namespace sextant::matomo
