// Writing HTML by hand, safely: escaping, and figures shown as people read them.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::dashboard {

/// Text made safe for HTML content and attribute values.
std::string escape(std::string_view text);

/// How a figure of the report reads: money "4,252,913.94 EUR", a count "32,523", a ratio
/// "2.15 %", a percentage "112.1 %"; "—" for none.
enum class Shown { money, count, ratio, percent, plain };
std::string shown(const boost::json::value& value, Shown as, std::string_view currency);

/// A figure's value as a number, for drawing (0 for none).
double number(const boost::json::value& value);

/// A money or count figure exactly: "4252913.94" is 425291394 at exponent 2, 32523 is 32523 at
/// exponent 0; none for a ratio or no value.
struct Exact {
  std::int64_t units = 0;
  int exponent = 0;
};
std::optional<Exact> exact(const boost::json::value& value);

}  // namespace sextant::dashboard
