// Calendar days and months as the plan and the reports write them (ISO 8601: 2026-03-02, 2026-03).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::time {

/// "2026-03-02" → that day; nullopt for anything else, including days that do not exist.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);
/// "2026-03" → that month.
std::optional<std::chrono::year_month> parse_month(std::string_view text);

std::string format_date(std::chrono::sys_days day);
std::string format_month(std::chrono::year_month month);
/// "2026-03-02T10:15:00Z"
std::string format_instant(std::chrono::sys_seconds instant);

}  // namespace sextant::time
