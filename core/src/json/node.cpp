#include "sextant/json/node.hpp"

#include "sextant/plugin/money.hpp"
#include "sextant/time/calendar.hpp"
#include "sextant/text/suggest.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace sextant::json {

std::string kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

std::string shown(const boost::json::value& v) {
  if (v.is_string()) return "\"" + std::string(v.get_string()) + "\"";
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    return std::string(buf, r.ptr);
  }
  return boost::json::serialize(v);
}

namespace {
std::string format_number(double x) { return shown(boost::json::value(x)); }

// The readers take null for "absent" (present() is false); the schemas allow null nowhere, so a
// null that is written is refused where it stands instead of being read as absent.
constexpr const char* kNullRefused = "null is not allowed here: leave the field out or give a value";
}  // namespace

void Node::fail(std::string message) const { out_->push_back(doc_->diagnose(pointer_, std::move(message))); }

void Node::fail_at_key(std::string message) const {
  out_->push_back(doc_->diagnose(pointer_, std::move(message), true));
}

bool Node::expect(bool ok, std::string_view expected) const {
  if (!ok) fail("expected " + std::string(expected) + ", got " + kind_name(*value_));
  return ok;
}

bool Node::object(std::initializer_list<std::string_view> known) const {
  if (!present() || !expect(value_->is_object(), "an object")) return false;
  std::span<const std::string_view> names(known.begin(), known.size());
  for (const auto& member : value_->get_object()) {
    std::string_view key = member.key();
    bool is_known = false;
    for (auto k : names) is_known = is_known || k == key;
    if (!is_known)
      at(key).fail_at_key(text::with_suggestion("unknown field \"" + std::string(key) + "\"",
                                                text::closest(key, names)));
    else if (member.value().is_null())
      at(key).fail(kNullRefused);
  }
  return true;
}

bool Node::map() const { return present() && expect(value_->is_object(), "an object"); }

Node Node::at(std::string_view name) const {
  const boost::json::value* child = nullptr;
  if (value_ && value_->is_object()) child = value_->get_object().if_contains(name);
  return Node(*doc_, *out_, child, pointer_append(pointer_, name));
}

Node Node::need(std::string_view name) const {
  Node child = at(name);
  if (child.raw() == nullptr && value_ && value_->is_object())  // a null one is refused by object()
    fail("missing required field \"" + std::string(name) + "\"");
  return child;
}

std::vector<std::pair<std::string, Node>> Node::members() const {
  std::vector<std::pair<std::string, Node>> out;
  if (!map()) return out;
  for (const auto& member : value_->get_object()) {
    out.emplace_back(std::string(member.key()), at(member.key()));
    if (member.value().is_null()) out.back().second.fail(kNullRefused);
  }
  return out;
}

std::vector<Node> Node::elements() const {
  std::vector<Node> out;
  if (!present() || !expect(value_->is_array(), "an array")) return out;
  const auto& array = value_->get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    out.emplace_back(*doc_, *out_, &array[i], pointer_append(pointer_, std::to_string(i)));
    if (array[i].is_null()) out.back().fail(kNullRefused);
  }
  return out;
}

std::optional<std::string> Node::string() const {
  if (!present() || !expect(value_->is_string(), "a string")) return std::nullopt;
  return std::string(value_->get_string());
}

std::optional<std::string> Node::nonempty_string() const {
  auto s = string();
  if (s && s->find_first_not_of(" \t\r\n") == std::string::npos) {
    fail("must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> Node::boolean() const {
  if (!present() || !expect(value_->is_bool(), "true or false")) return std::nullopt;
  return value_->get_bool();
}

std::optional<double> Node::number(double min, double max) const {
  if (!present() || !expect(value_->is_number(), "a number")) return std::nullopt;
  double x = value_->to_number<double>();
  if (!(x >= min && x <= max)) {
    fail(shown(*value_) + " is out of range: expected a number from " + format_number(min) + " to " +
         format_number(max));
    return std::nullopt;
  }
  return x;
}

std::optional<std::int64_t> Node::integer(std::int64_t min, std::int64_t max) const {
  if (!present()) return std::nullopt;
  bool whole = value_->is_int64() || value_->is_uint64() ||
               (value_->is_double() && std::floor(value_->get_double()) == value_->get_double());
  if (!expect(whole, "a whole number")) return std::nullopt;
  double x = value_->to_number<double>();
  if (x < static_cast<double>(min) || x > static_cast<double>(max)) {
    fail(shown(*value_) + " is out of range: expected a whole number from " + std::to_string(min) +
         " to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<std::int64_t>(x);
}

std::optional<std::string> Node::one_of(std::span<const std::string_view> allowed) const {
  auto s = string();
  if (!s) return std::nullopt;
  for (auto a : allowed)
    if (a == *s) return s;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  auto hint = text::closest(*s, allowed);
  fail(hint ? text::with_suggestion("\"" + *s + "\" is not allowed", hint)
            : "\"" + *s + "\" is not allowed: expected one of " + list);
  return std::nullopt;
}

std::optional<std::int64_t> Node::amount(int exponent, bool allow_negative) const {
  if (!present()) return std::nullopt;
  if (!expect(value_->is_string() || value_->is_number(), "an amount (a decimal string such as \"1500.00\")"))
    return std::nullopt;
  auto minor = parse_minor_json(*value_, exponent);
  if (!minor) {
    fail(minor.error().message);
    return std::nullopt;
  }
  if (*minor < 0 && !allow_negative) {
    fail(shown(*value_) + " is negative: expected an amount of 0 or more");
    return std::nullopt;
  }
  return *minor;
}

std::optional<std::chrono::sys_days> Node::date() const {
  auto s = string();
  if (!s) return std::nullopt;
  auto day = time::parse_date(*s);
  if (!day) fail("\"" + *s + "\" is not a date: expected YYYY-MM-DD, a day that exists");
  return day;
}

std::optional<std::chrono::year_month> Node::month() const {
  auto s = string();
  if (!s) return std::nullopt;
  auto m = time::parse_month(*s);
  if (!m) fail("\"" + *s + "\" is not a month: expected YYYY-MM");
  return m;
}

}  // namespace sextant::json
