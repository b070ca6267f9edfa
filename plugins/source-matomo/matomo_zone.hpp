// The site's time zone, as Matomo names it, read from the system's tzdata (Howard Hinnant's
// date/tz, as the core reads the plan's): which day an instant is there, and whether it is the
// plan's zone.
#pragma once

#include <sextant/plugin/error.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace date { class time_zone; }

namespace sextant::matomo {

class SiteZone {
 public:
  /// An IANA name ("Europe/Paris", "UTC"); Matomo's manual offsets ("UTC+5.5") are no zone of the
  /// tzdata and are refused, naming the setting to change.
  static Result<SiteZone> locate(std::string_view name, std::int64_t site_id);

  [[nodiscard]] const std::string& name() const { return name_; }
  /// The calendar day of an instant in this zone.
  [[nodiscard]] std::chrono::sys_days local_day(std::chrono::sys_seconds instant) const;
  /// Whether this is the zone named `iana_name`, by its name as written: the system's tzdata does
  /// not tell a link ("Asia/Calcutta") from its zone ("Asia/Kolkata"), so a link is another name
  /// to align, never taken for a zone it might not be.
  [[nodiscard]] bool is(std::string_view iana_name) const { return iana_name == name_; }

 private:
  SiteZone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace sextant::matomo
