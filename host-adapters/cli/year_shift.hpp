// Moves the example plan to another year: every year, month and date in it (values and keys)
// shifts by the same number of years, so its fiscal calendar keeps its shape.
#pragma once

#include <boost/json/value.hpp>

namespace sextant::cli {

void shift_years(boost::json::value& value, int years);

}  // namespace sextant::cli
