#include "year_shift.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <string>

namespace sextant::cli {

namespace {

// "2026", "2026-03" and "2026-03-02" (and only those shapes) get their year moved.
bool shift_text(std::string& text, int years) {
  bool shape = (text.size() == 4 || (text.size() == 7 && text[4] == '-') ||
                (text.size() == 10 && text[4] == '-' && text[7] == '-'));
  if (!shape) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  text.replace(0, 4, std::to_string(std::stoi(text.substr(0, 4)) + years));
  return true;
}

}  // namespace

void shift_years(boost::json::value& value, int years) {
  if (value.is_string()) {
    std::string text(value.get_string());
    if (shift_text(text, years)) value = text;
  } else if (value.is_array()) {
    for (auto& v : value.get_array()) shift_years(v, years);
  } else if (value.is_object()) {
    boost::json::object moved;
    for (auto& member : value.get_object()) {
      std::string key(member.key());
      shift_text(key, years);  // objectives are keyed by year
      if (key == "year" && member.value().is_int64()) member.value() = member.value().get_int64() + years;
      else shift_years(member.value(), years);
      moved[key] = std::move(member.value());
    }
    value = std::move(moved);
  }
}

}  // namespace sextant::cli
