// "did you mean ...?": the closest candidate to a misspelt word.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sextant::text {

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo
/// (at most a third of the word's length, and at least 1, edits away). None when two
/// candidates are equally near.
std::optional<std::string> closest(std::string_view word, std::span<const std::string_view> candidates);
std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates);

/// `did you mean "x"?` appended to a message when there is a close candidate.
std::string with_suggestion(std::string message, const std::optional<std::string>& suggestion);

}  // namespace sextant::text
