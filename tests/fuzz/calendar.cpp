// Dates, months and ISO 8601 instants as plans and shop APIs write them (plugin/calendar.hpp).
#include "fuzz_check.hpp"

#include <sextant/plugin/calendar.hpp>

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Both forms accept exactly one spelling of each day and month: formatting gives it back.
  if (auto day = sextant::parse_date(text)) FUZZ_CHECK(sextant::format_date(*day) == text);
  if (auto month = sextant::parse_month(text)) FUZZ_CHECK(sextant::format_month(*month) == text);
  if (auto instant = sextant::parse_instant(text)) {
    std::string written = sextant::format_instant(*instant);
    // Once written in UTC, the instant reads back as itself.
    auto again = sextant::parse_instant(written);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(*again == *instant);
  } else {
    FUZZ_CHECK(!instant.error().message.empty());
  }
  return 0;
}
