// How each figure of the report is computed: the text behind every "def" id in the JSON report,
// so that a page can show a figure's definition next to it.
#pragma once

#include <span>
#include <string_view>

namespace sextant::report {

struct Definition {
  std::string_view id;
  std::string_view text;
};

std::span<const Definition> definitions();

}  // namespace sextant::report
