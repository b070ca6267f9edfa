// Typed, located reading of a user's JSON document: every wrong type, unknown field, missing
// field or out-of-range value becomes a diagnostic, and reading goes on so that all problems
// are reported at once.
#pragma once

#include "sextant/json/document.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sextant::json {

class Node {
 public:
  Node(const Document& doc, Diagnostics& out, const boost::json::value* value, std::string pointer)
      : doc_(&doc), out_(&out), value_(value), pointer_(std::move(pointer)) {}
  /// The document's root.
  static Node root(const Document& doc, Diagnostics& out) { return Node(doc, out, &doc.root, ""); }

  [[nodiscard]] bool present() const { return value_ != nullptr && !value_->is_null(); }
  [[nodiscard]] const std::string& pointer() const { return pointer_; }
  [[nodiscard]] const boost::json::value* raw() const { return value_; }
  [[nodiscard]] const Document& document() const { return *doc_; }

  /// Records a problem with this value (or with its member name).
  void fail(std::string message) const;
  void fail_at_key(std::string message) const;

  /// True if this is an object; reports members not in `known` (with a did-you-mean).
  bool object(std::initializer_list<std::string_view> known) const;
  /// True if this is an object, whatever its members (a map keyed by the user).
  bool map() const;
  /// An optional member (absent → a Node that is not present).
  [[nodiscard]] Node at(std::string_view name) const;
  /// A required member: reports "missing required field" on this object when absent.
  [[nodiscard]] Node need(std::string_view name) const;
  /// Members of a map, in file order.
  [[nodiscard]] std::vector<std::pair<std::string, Node>> members() const;
  /// Elements of an array (reports when this is not an array).
  [[nodiscard]] std::vector<Node> elements() const;

  // Scalars: nullopt when absent, or when wrong (and then reported).
  [[nodiscard]] std::optional<std::string> string() const;
  [[nodiscard]] std::optional<std::string> nonempty_string() const;
  [[nodiscard]] std::optional<bool> boolean() const;
  [[nodiscard]] std::optional<double> number(double min, double max) const;
  [[nodiscard]] std::optional<std::int64_t> integer(std::int64_t min, std::int64_t max) const;
  /// One of a fixed set of words, with a did-you-mean when it is not.
  [[nodiscard]] std::optional<std::string> one_of(std::span<const std::string_view> allowed) const;
  /// An amount in minor units: a decimal string ("1500.00") or a number, at most `exponent` decimals.
  [[nodiscard]] std::optional<std::int64_t> amount(int exponent, bool allow_negative = false) const;
  /// A calendar date written YYYY-MM-DD.
  [[nodiscard]] std::optional<std::chrono::sys_days> date() const;
  /// A month written YYYY-MM.
  [[nodiscard]] std::optional<std::chrono::year_month> month() const;

 private:
  [[nodiscard]] bool expect(bool ok, std::string_view expected) const;

  const Document* doc_;
  Diagnostics* out_;
  const boost::json::value* value_;
  std::string pointer_;
};

/// "a string", "a number", ... for messages about wrong types.
std::string kind_name(const boost::json::value& v);
/// A value as a message quotes it: "text" for strings, 1.4 for numbers.
std::string shown(const boost::json::value& v);

}  // namespace sextant::json
