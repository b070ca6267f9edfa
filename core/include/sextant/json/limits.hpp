// The most Sextant reads of one JSON document (a plan, a config, the C ABI's JSON strings): far
// above any real plan or config, low enough that a wrong file or a hostile text is refused at once.
#pragma once

#include <boost/json/parse_options.hpp>

#include <cstddef>

namespace sextant::json {

/// A larger file or text is refused before it is parsed (a real plan is under 100 KiB).
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{4} << 20;  // 4 MiB
/// Objects and arrays nested deeper than this are refused (a plan nests 5 deep).
inline constexpr int kMaxNestingDepth = 64;

/// Boost.JSON's options for a user's text: comments, trailing commas, kMaxNestingDepth.
inline boost::json::parse_options reading_options() {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.max_depth = kMaxNestingDepth;
  return options;
}

}  // namespace sextant::json
