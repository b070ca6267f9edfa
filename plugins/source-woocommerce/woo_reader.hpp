// The pieces both streaming readers of WooCommerce answers share (woo_orders.cpp, woo_refunds.cpp):
// the plugin's error wording, amounts and dates read from streamed fields, the lines of an order or a
// refund kept from one record to the next, and where a reader is in its body's fixed shape.
#pragma once

#include "json_events.hpp"
#include "streamed_values.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/money.hpp>

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sextant::woo::detail {

using Kind = JsonScalar::Kind;

inline Error bad(const std::string& what) { return make_error(Errc::bad_response, "WooCommerce sent " + what); }

// An amount field; `where` builds the order (and line) for the message, "order 101, line_items/0/",
// only when there is one.
template <class Where>
Result<std::int64_t> amount(const StreamedAmount& a, const char* key, int exponent, const Where& where) {
  auto minor = a.minor(exponent, ExtraDigits::round_half);
  if (!minor) return bad(where() + key + ": " + minor.error().message);
  return *minor;
}

inline Result<std::chrono::sys_seconds> instant(const StreamedText& t, const char* key) {
  if (t.text.empty()) return bad("no \"" + std::string(key) + "\"");
  auto at = parse_instant(t.text);  // *_gmt values have no offset: UTC
  if (!at) return bad(at.error().message);
  return *at;
}

// A text field that is an object or a list, refused (see StreamedText); `owner` builds the record
// for the message, "order 101", only when there is one.
template <class Owner>
std::optional<Error> not_text(const StreamedText& t, const Owner& owner, const char* key) {
  if (!t.container) return std::nullopt;
  return bad(owner() + " with \"" + key + "\" a JSON object or list, not text");
}

// A line of an order or a refund as streamed: its index in the list (lines that are not objects
// are skipped but counted, as in the messages' paths), its amounts and quantity.
struct Line {
  std::size_t index = 0;
  std::optional<std::int64_t> quantity;  // only a JSON integer counts
  StreamedAmount first, second;          // order: subtotal; refund: total, total_tax
};

// Lines reused from one order to the next: their strings keep their capacity.
struct Lines {
  std::vector<Line> all;
  std::size_t count = 0, next_index = 0;

  void clear() { count = next_index = 0; }
  // An element of the list: true when it is a line to read (an object), now last().
  bool element(const JsonScalar& v) {
    const std::size_t index = next_index++;
    if (v.kind != Kind::object) return false;
    if (count == all.size()) all.emplace_back();
    Line& l = all[count++];
    l.index = index;
    l.quantity.reset();
    l.first.clear();
    l.second.clear();
    return true;
  }
  Line& last() { return all[count - 1]; }
  [[nodiscard]] const Line* begin() const { return all.data(); }
  [[nodiscard]] const Line* end() const { return all.data() + count; }
};

// Where a reader is in its body's fixed shape, and the levels it came through: the end of a
// container returns to the level that entered it.
template <class At>
class Levels {
 public:
  [[nodiscard]] At at() const { return at_; }
  bool enter(At level) {
    stack_[depth_++] = at_;
    at_ = level;
    return true;
  }
  At leave() {
    const At left = at_;
    at_ = stack_[--depth_];
    return left;
  }

 private:
  At at_ = At::top;
  std::array<At, 4> stack_{};  // top, list, record, lines: a line is the deepest level read
  std::size_t depth_ = 0;
};

// What both readers share: where they are, and the first mapping error, which stops the read
// (JsonEvents asks failed()).
template <class At>
class Reader {
 public:
  [[nodiscard]] const Error* failed() const { return error_ ? &*error_ : nullptr; }

 protected:
  bool fail(const std::string& what) {
    error_ = bad(what);
    return false;  // a container: not entered
  }
  void keep(Result<> done) {
    if (!done) error_ = done.error();
  }
  // A value the shape requires: a list of records, a record.
  bool expect(const JsonScalar& v, Kind kind, At next, const char* otherwise) {
    return v.kind == kind ? level_.enter(next) : fail(otherwise);
  }

  Levels<At> level_;

 private:
  std::optional<Error> error_;
};

}  // namespace sextant::woo::detail
