// The steering dashboard (step 7, with what it stands on) as one self-contained HTML page:
// inline CSS and SVG, no script, no font, nothing fetched, so it works offline and prints on A4.
// It is drawn from the report's JSON document (report::to_json): every figure on the page
// carries the JSON pointer of its source (data-path), its value exactly as the JSON has it
// (data-value), and its definition (data-def, shown on hover).
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace sextant::dashboard {

std::string render_html(const boost::json::object& report);

}  // namespace sextant::dashboard
