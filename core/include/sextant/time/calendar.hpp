// Calendar days and months as the plan and the reports write them (ISO 8601: 2026-03-02, 2026-03);
// the functions live in the plugin API, so plugins and the core read dates the same way.
#pragma once

#include "sextant/plugin/calendar.hpp"

namespace sextant::time {

using sextant::format_date;
using sextant::format_instant;
using sextant::format_month;
using sextant::parse_date;
using sextant::parse_month;

}  // namespace sextant::time
