// Reading members of the JSON objects vendor APIs answer with, forgivingly: an id may come as a
// number or a string, a missing or null member reads as empty.
#pragma once

#include "sextant/plugin/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::plugin {

/// An answer's body as JSON; a body that is not JSON is Errc::bad_response naming the vendor.
inline Result<boost::json::value> parse_answer(std::string_view body, std::string_view vendor) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec) return make_error(Errc::bad_response, std::string(vendor) + " sent a body that is not JSON: " + ec.message());
  return value;
}

/// A member as text: a string as is, a number or boolean written out, absent or null as "".
inline std::string json_text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return {};
  if (v->is_string()) return std::string(v->get_string());
  return boost::json::serialize(*v);
}

/// A count or an id as vendors send it: a JSON integer, or its decimal digits in a string (proto3
/// JSON's int64, some PHP database drivers); nullopt for anything else (a fraction, text).
inline std::optional<std::int64_t> json_integer(const boost::json::value& v) {
  std::int64_t n = 0;
  if (v.is_string()) {
    const auto text = v.get_string();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
  }
  if (!v.is_number()) return std::nullopt;
  boost::system::error_code ec;
  n = v.to_number<std::int64_t>(ec);
  if (ec) return std::nullopt;
  return n;
}

/// A member that is an object, or nullptr.
inline const boost::json::object* json_object(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

/// A member that is an array, or nullptr.
inline const boost::json::array* json_array(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

}  // namespace sextant::plugin
