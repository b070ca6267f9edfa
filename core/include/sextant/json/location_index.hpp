// Where each value of a JSON text sits (line and column), by JSON pointer, so that a message
// about /priorities/2/quadrant can point at the exact spot in the user's file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sextant::json {

struct TextPosition {
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in characters (UTF-8 code points)
};

class LocationIndex {
 public:
  LocationIndex() = default;
  /// Indexes a text that Boost.JSON accepted (comments and trailing commas allowed).
  static LocationIndex build(std::string_view text);
  /// The pointer of the innermost value being read at `offset`: where a syntax error happened.
  static std::string pointer_at(std::string_view text, std::size_t offset);

  /// Where the value at `pointer` starts; the nearest indexed ancestor if it has none.
  [[nodiscard]] TextPosition value(std::string_view pointer) const;
  /// Where the member name of `pointer` starts (unknown fields point there); else value().
  [[nodiscard]] TextPosition key(std::string_view pointer) const;
  /// The position of a byte offset in the text.
  [[nodiscard]] TextPosition position(std::size_t offset) const;

 private:
  struct Spot {
    std::size_t value = 0;
    std::size_t key = std::string_view::npos;
  };
  friend class Scanner;
  std::string text_;  // a copy: columns are counted in code points, which needs the bytes
  std::vector<std::size_t> line_starts_;
  std::unordered_map<std::string, Spot> spots_;
};

/// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string pointer_append(std::string_view pointer, std::string_view token);

}  // namespace sextant::json
