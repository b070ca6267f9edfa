#include "html_text.hpp"

#include "sextant/plugin/money.hpp"

#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sextant::dashboard {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// "1234567.89" → "1,234,567.89": groups the integer digits of a decimal text.
std::string grouped(const std::string& decimal) {
  std::size_t start = decimal.starts_with('-') ? 1 : 0;
  std::size_t point = decimal.find('.');
  std::size_t end = point == std::string::npos ? decimal.size() : point;
  std::string out = decimal.substr(0, start);
  for (std::size_t i = start; i < end; ++i) {
    out += decimal[i];
    std::size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + decimal.substr(end);
}

std::string fixed(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

}  // namespace

std::optional<Exact> exact(const boost::json::value& v) {
  if (v.is_int64()) return Exact{v.get_int64(), 0};
  if (!v.is_string()) return std::nullopt;
  std::string_view text = v.get_string();
  auto point = text.find('.');
  int exponent = point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
  auto units = parse_minor(text, exponent);
  if (!units) return std::nullopt;
  return Exact{*units, exponent};
}

double number(const boost::json::value& v) {
  if (v.is_string()) return std::strtod(v.get_string().c_str(), nullptr);
  if (v.is_number()) return v.to_number<double>();
  return 0;
}

std::string shown(const boost::json::value& v, Shown as, std::string_view currency) {
  if (v.is_null()) return "—";
  switch (as) {
    case Shown::money:
      return grouped(v.is_string() ? std::string(v.get_string()) : fixed(number(v), 2)) + " " + std::string(currency);
    case Shown::count: return grouped(v.is_string() ? std::string(v.get_string()) : fixed(number(v), 0));
    case Shown::ratio: return fixed(number(v) * 100, 2) + " %";
    case Shown::percent: return fixed(number(v), 1) + " %";
    case Shown::plain: return v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v);
  }
  return "";
}

}  // namespace sextant::dashboard
