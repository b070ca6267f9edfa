// The fields the WooCommerce mapping keeps from a streamed JSON value (json_events.hpp): text as
// plugin::json_text reads a DOM member, and amounts kept raw until the order's currency is known
// (Woo may send "currency" after the amounts).
#pragma once

#include "json_events.hpp"

#include <sextant/plugin/money.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <charconv>
#include <string>

namespace sextant::woo {

/// A text field. As plugin::json_text: a string as is, an integer or boolean written out, null as
/// "", a double as boost::json::serialize writes it. An object or a list is no text: `container`
/// says so, for the reader to refuse with the order and field named (json_text would have
/// serialized it; no WooCommerce text or id field is ever one).
struct StreamedText {
  std::string text;
  bool container = false;

  void set(const JsonScalar& v) {
    container = v.container();
    char buf[24];
    switch (v.kind) {
      case JsonScalar::Kind::string: text.assign(v.text); return;
      case JsonScalar::Kind::int64: text.assign(buf, std::to_chars(buf, buf + sizeof buf, v.int64).ptr); return;
      case JsonScalar::Kind::uint64: text.assign(buf, std::to_chars(buf, buf + sizeof buf, v.uint64).ptr); return;
      case JsonScalar::Kind::number: text = boost::json::serialize(boost::json::value(v.number)); return;
      case JsonScalar::Kind::boolean: text.assign(v.boolean ? "true" : "false"); return;
      default: text.clear(); return;  // null; a container is flagged
    }
  }
  void clear() {
    text.clear();
    container = false;
  }
};

/// An amount field as sent, read once the currency is known. Absent, null or "" is 0.
struct StreamedAmount {
  bool is_string = false;
  std::string text;             // a string's content, reused across orders
  boost::json::value other;     // a number, boolean or container: scalars, or empty, never allocate

  void set(const JsonScalar& v) {
    is_string = v.kind == JsonScalar::Kind::string;
    other = nullptr;
    switch (v.kind) {
      case JsonScalar::Kind::string: text.assign(v.text); break;
      case JsonScalar::Kind::int64: other = v.int64; break;
      case JsonScalar::Kind::uint64: other = v.uint64; break;
      case JsonScalar::Kind::number: other = v.number; break;
      case JsonScalar::Kind::boolean: other = v.boolean; break;
      case JsonScalar::Kind::object: other.emplace_object(); break;  // refused as parse_minor_json does
      case JsonScalar::Kind::array: other.emplace_array(); break;
      case JsonScalar::Kind::null: break;
    }
  }
  void clear() {
    is_string = false;
    other = nullptr;
  }
  [[nodiscard]] bool zero() const { return is_string ? text.empty() : other.is_null(); }

  /// In minor units, as parse_minor_json reads the same value from a DOM.
  [[nodiscard]] Result<std::int64_t> minor(int exponent, ExtraDigits extra) const {
    if (zero()) return std::int64_t{0};
    return is_string ? parse_minor_json_string(text, exponent, extra) : parse_minor_json(other, exponent, extra);
  }
};

}  // namespace sextant::woo
