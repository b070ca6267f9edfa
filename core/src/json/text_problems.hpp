// What is wrong with a text the JSON parser cannot take, in words: the checks made before
// parsing (size, byte-order mark, UTF-8) and the parser's own errors.
#pragma once

#include "sextant/json/location_index.hpp"

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::json::detail {

struct TextProblem {
  std::size_t offset = 0;  ///< the byte the message is about
  std::string message;
};

/// A problem found before parsing: too large, empty, a byte-order mark, invalid UTF-8.
std::optional<TextProblem> check_text(std::string_view text);

/// The parser's error `ec` at `offset`, in words, knowing what was being read there (`place`).
/// May move the offset to where the problem starts.
TextProblem describe_syntax_error(const boost::system::error_code& ec, std::string_view text, std::size_t offset,
                                  const LocationIndex::ErrorPlace& place);

}  // namespace sextant::json::detail
