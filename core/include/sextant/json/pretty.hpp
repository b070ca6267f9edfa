// JSON as people read it: two-space indentation, members in insertion order, and numbers written
// in plain decimal (0.0213, not 2.13E-2).
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace sextant::json {

std::string pretty(const boost::json::value& value);

}  // namespace sextant::json
