#include "sessions_csv.hpp"

#include <sextant/plugin/calendar.hpp>

#include <algorithm>
#include <charconv>
#include <optional>

namespace sextant::file {

namespace {

// The fields of one line; nullopt when a quote is left open.
std::optional<std::vector<std::string>> split_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c != '"') fields.back() += c;
      else if (i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
      else quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (auto& f : fields) {
    auto first = f.find_first_not_of(" \t"), last = f.find_last_not_of(" \t");
    f = first == std::string::npos ? "" : f.substr(first, last - first + 1);
  }
  return fields;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Result<std::vector<ListedSessions>> read_sessions_csv(std::string_view text, const std::string& file) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // the BOM spreadsheets write
  std::vector<ListedSessions> rows;
  std::optional<std::size_t> day_at, sessions_at;
  auto fail = [&](std::size_t line, std::string what) {
    return make_error(Errc::invalid_input, file + ": line " + std::to_string(line) + ", " + what);
  };
  std::size_t number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto fields = split_fields(line);
    if (!fields) return fail(number, "a quote is not closed");
    if (!day_at) {
      for (std::size_t i = 0; i < fields->size(); ++i) {
        auto name = lowercase((*fields)[i]);
        if (name == "day") day_at = i;
        if (name == "sessions") sessions_at = i;
      }
      if (!day_at || !sessions_at)
        return fail(number, "header: expected the columns day and sessions, such as \"day,sessions\"");
      continue;
    }
    if (fields->size() <= std::max(*day_at, *sessions_at))
      return fail(number, "expected " + std::to_string(std::max(*day_at, *sessions_at) + 1) + " columns, found " +
                              std::to_string(fields->size()));
    const std::string& day_text = (*fields)[*day_at];
    auto day = parse_date(day_text);
    if (!day) return fail(number, "day: \"" + day_text + "\" is not a date (YYYY-MM-DD)");
    const std::string& value_text = (*fields)[*sessions_at];
    std::int64_t value = -1;
    auto [ptr, ec] = std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
    if (ec != std::errc{} || ptr != value_text.data() + value_text.size() || value < 0 || value_text.empty())
      return fail(number, "sessions: \"" + value_text + "\" is not a whole number of 0 or more");
    rows.push_back({*day, value, "line " + std::to_string(number)});
  }
  if (!day_at) return make_error(Errc::invalid_input, file + ": empty: expected a header \"day,sessions\" and a row a day");
  return rows;
}

}  // namespace sextant::file
