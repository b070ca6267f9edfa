// The shop's reporting time zone (an IANA name read from the system tzdata), and the one
// conversion the ledger needs: which local calendar day an instant falls on.
#pragma once

#include "sextant/plugin/error.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace date { class time_zone; }

namespace sextant::time {

class Zone {
 public:
  /// "Europe/Paris" → that zone; an unknown name is an error with a did-you-mean.
  static Result<Zone> locate(std::string_view iana_name);

  [[nodiscard]] const std::string& name() const { return name_; }
  /// The local calendar day of an instant.
  [[nodiscard]] std::chrono::sys_days local_day(std::chrono::sys_seconds instant) const;
  /// The first instant of a local day (handles days that start at 01:00 after a DST jump).
  [[nodiscard]] std::chrono::sys_seconds start_of(std::chrono::sys_days local_day) const;

 private:
  Zone(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
};

}  // namespace sextant::time
