// The report as JSON (schemas/report.schema.json): every figure as {"def": id, "value": v}, the
// definitions alongside. Money is decimal text; step 0 means every step.
#pragma once

#include "sextant/report/report.hpp"

#include <boost/json/value.hpp>

namespace sextant::report {

boost::json::value to_json(const Report& report, int step = 0);

}  // namespace sextant::report
