// Days, months and timestamps as plans, reports and shop APIs write them: "2026-03-02",
// "2026-03", and ISO 8601 / RFC 3339 instants ("2026-03-02T10:15:00Z", "...+01:00").
#pragma once

#include "sextant/plugin/error.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace sextant {

namespace detail {
inline bool read_digits(std::string_view s, std::size_t at, std::size_t width, int& out) {
  if (at + width > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}
}  // namespace detail

/// "2026-03-02" → that day; nullopt for anything else, including days that do not exist.
inline std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  using namespace std::chrono;
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !detail::read_digits(text, 0, 4, y) ||
      !detail::read_digits(text, 5, 2, m) || !detail::read_digits(text, 8, 2, d))
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

/// "2026-03" → that month.
inline std::optional<std::chrono::year_month> parse_month(std::string_view text) {
  using namespace std::chrono;
  int y = 0, m = 0;
  if (text.size() != 7 || text[4] != '-' || !detail::read_digits(text, 0, 4, y) || !detail::read_digits(text, 5, 2, m))
    return std::nullopt;
  year_month ym{year{y}, month{static_cast<unsigned>(m)}};
  if (!ym.ok()) return std::nullopt;
  return ym;
}

inline std::string format_date(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

inline std::string format_month(std::chrono::year_month month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(month.year()), static_cast<unsigned>(month.month()));
  return buf;
}

/// The UTC instant of an ISO 8601 timestamp. Fractions of a second are dropped; a timestamp
/// without an offset is taken as UTC (APIs asked for GMT dates send them so).
inline Result<std::chrono::sys_seconds> parse_instant(std::string_view text) {
  using namespace std::chrono;
  auto fail = [&] {
    return Result<sys_seconds>(make_error(Errc::bad_response, "\"" + std::string(text) +
                                                                  "\" is not a timestamp (expected 2026-03-02T10:15:00Z)"));
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != ' ') ||
      text[13] != ':' || text[16] != ':')
    return fail();
  if (!detail::read_digits(text, 0, 4, y) || !detail::read_digits(text, 5, 2, mo) ||
      !detail::read_digits(text, 8, 2, d) || !detail::read_digits(text, 11, 2, h) ||
      !detail::read_digits(text, 14, 2, mi) || !detail::read_digits(text, 17, 2, s))
    return fail();
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return fail();
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  seconds offset{0};
  if (at < text.size()) {
    char sign = text[at];
    if (sign == 'Z' || sign == 'z') {
      ++at;
    } else if (sign == '+' || sign == '-') {
      int oh = 0, om = 0;
      if (!detail::read_digits(text, at + 1, 2, oh)) return fail();
      std::size_t minutes_at = text.size() > at + 3 && text[at + 3] == ':' ? at + 4 : at + 3;
      if (!detail::read_digits(text, minutes_at, 2, om) || oh > 23 || om > 59) return fail();
      offset = hours{oh} + minutes{om};
      if (sign == '-') offset = -offset;
      at = minutes_at + 2;
    }
  }
  if (at != text.size()) return fail();
  const sys_seconds instant = sys_seconds{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{s} - offset;
  // format_instant writes four-digit years: an offset must not carry the UTC instant outside them.
  const year utc_year = year_month_day{floor<days>(instant)}.year();
  if (utc_year < year{0} || utc_year > year{9999}) return fail();
  return instant;
}

/// "2026-03-02T10:15:00Z"
inline std::string format_instant(std::chrono::sys_seconds instant) {
  using namespace std::chrono;
  auto day = floor<days>(instant);
  year_month_day ymd{day};
  hh_mm_ss hms{instant - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace sextant
