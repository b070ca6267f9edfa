#include "sextant/json/diagnostics.hpp"

#include <algorithm>

namespace sextant::json {

std::string Diagnostic::to_string() const {
  return file + ":" + std::to_string(position.line) + ":" + std::to_string(position.column) + ": " +
         (pointer.empty() ? "/" : pointer) + ": " + message;
}

std::string to_string(const Diagnostics& diagnostics) {
  Diagnostics sorted = diagnostics;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return false;  // keep files in the order they were read
    if (a.position.line != b.position.line) return a.position.line < b.position.line;
    return a.position.column < b.position.column;
  });
  std::string out;
  for (const auto& d : sorted) out += d.to_string() + "\n";
  return out;
}

}  // namespace sextant::json
