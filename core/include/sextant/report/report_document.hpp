// The report laid out for people: one section per step (or only step N), as a Document that
// renders to text or Markdown.
#pragma once

#include "sextant/report/document.hpp"
#include "sextant/report/report.hpp"

namespace sextant::report {

Document to_document(const Report& report, int step = 0);

}  // namespace sextant::report
