#include "sextant/text/suggest.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sextant::text {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Case-insensitive Levenshtein distance, one row at a time.
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

template <class Range>
std::optional<std::string> closest_in(std::string_view word, const Range& candidates) {
  std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  bool tie = false;  // two candidates equally near: suggesting either would be a guess
  for (const auto& candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
      tie = false;
    } else if (d == best_distance && best && *best != candidate) {
      tie = true;
    }
  }
  return tie ? std::nullopt : best;
}

}  // namespace

std::optional<std::string> closest(std::string_view word, std::span<const std::string_view> candidates) {
  return closest_in(word, candidates);
}

std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates) {
  return closest_in(word, candidates);
}

std::string with_suggestion(std::string message, const std::optional<std::string>& suggestion) {
  if (suggestion) message += "; did you mean \"" + *suggestion + "\"?";
  return message;
}

}  // namespace sextant::text
