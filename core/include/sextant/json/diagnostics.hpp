// Problems found in a user's file, each pinned to FILE:LINE:COL and a JSON pointer, collected so
// that `sextant validate` reports all of them at once.
#pragma once

#include "sextant/json/location_index.hpp"

#include <string>
#include <vector>

namespace sextant::json {

struct Diagnostic {
  std::string file;
  TextPosition position;
  std::string pointer;  ///< "" for the whole document
  std::string message;

  /// "plan.json:14:7: /priorities/2/quadrant: attack/manage is taken by priority p2"
  [[nodiscard]] std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

/// All diagnostics, one per line, in file order.
std::string to_string(const Diagnostics& diagnostics);

}  // namespace sextant::json
