// Where each value of a JSON text sits (line and column), by JSON pointer, so that a message
// about /priorities/2/quadrant can point at the exact spot in the user's file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::json {

struct TextPosition {
  int line = 1;    ///< 1-based
  int column = 1;  ///< 1-based, in characters (UTF-8 code points)
  friend bool operator==(const TextPosition&, const TextPosition&) = default;
};

/// A member name given twice in one object: the second is the error, the first is named in it.
struct DuplicateKey {
  std::string pointer;  ///< the member's pointer
  std::string name;     ///< the member's name, decoded
  TextPosition first;   ///< where the name is first given
  TextPosition second;  ///< where it is given again
};

class LocationIndex {
 public:
  LocationIndex() = default;
  /// Indexes a text that Boost.JSON accepted (comments and trailing commas allowed) and appends
  /// every member name given twice in one object to `duplicates`. Reads no deeper than
  /// kMaxNestingDepth; stops quietly at anything it cannot read.
  static LocationIndex build(std::string_view text, std::vector<DuplicateKey>& duplicates);
  /// Where a syntax error at `offset` happened: the pointer of the innermost value being read,
  /// the innermost object or array still open ('{', '[' or 0 when none), whether the offset is
  /// inside a string, and where a /* comment that is still open there starts (npos: none).
  struct ErrorPlace {
    std::string pointer;
    char open = 0;
    bool in_string = false;
    std::size_t open_comment = std::string_view::npos;
  };
  static ErrorPlace error_place(std::string_view text, std::size_t offset);
  /// The position of a byte offset in `text`.
  static TextPosition position(std::string_view text, std::size_t offset);

  /// Where the value at `pointer` starts; the nearest indexed ancestor if it has none.
  [[nodiscard]] TextPosition value(std::string_view pointer) const;
  /// Where the member name of `pointer` starts (unknown fields point there); else value().
  [[nodiscard]] TextPosition key(std::string_view pointer) const;

 private:
  // One per value, found by a hash of its pointer: 24 bytes a value and no strings, so that a
  // large file costs a small multiple of its size.
  struct Spot {
    std::uint64_t pointer_hash = 0;
    TextPosition value;
    TextPosition key{0, 0};  ///< line 0: not a member
  };
  [[nodiscard]] const Spot* find(std::string_view pointer) const;

  friend class Scanner;
  std::vector<Spot> spots_;  // sorted by pointer_hash
};

/// Appends one reference token to a JSON pointer, escaping '~' and '/'.
std::string pointer_append(std::string_view pointer, std::string_view token);

}  // namespace sextant::json
