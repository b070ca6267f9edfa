#include "woo_mapping.hpp"

#include "json_events.hpp"
#include "streamed_values.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <array>
#include <limits>
#include <optional>

namespace sextant::woo {

namespace {

using Kind = JsonScalar::Kind;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "WooCommerce sent " + what); }

// An amount field; `where` builds the order (and line) for the message, "order 101, line_items/0/",
// only when there is one.
template <class Where>
Result<std::int64_t> amount(const StreamedAmount& a, const char* key, int exponent, const Where& where) {
  auto minor = a.minor(exponent, ExtraDigits::round_half);
  if (!minor) return bad(where() + key + ": " + minor.error().message);
  return *minor;
}

Result<std::chrono::sys_seconds> instant(const StreamedText& t, const char* key) {
  if (t.text.empty()) return bad("no \"" + std::string(key) + "\"");
  auto at = parse_instant(t.text);  // *_gmt values have no offset: UTC
  if (!at) return bad(at.error().message);
  return *at;
}

// A text field that is an object or a list, refused (see StreamedText).
std::optional<Error> not_text(const StreamedText& t, const std::string& owner, const char* key) {
  if (!t.container) return std::nullopt;
  return bad(owner + " with \"" + key + "\" a JSON object or list, not text");
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

enum class OrdersAt : std::uint8_t { top, page, order, billing, lines, line, refunds, refund };

// GET /orders, streamed: [ {order}, ... ] with the fields parse_orders documents.
class OrdersReader : public Reader<OrdersAt> {
  using At = OrdersAt;

 public:
  std::vector<WooOrder> orders;

  void key(std::string_view k) {
    switch (level_.at()) {
      case At::order: field_ = order_field(k); break;
      case At::billing: field_ = k == "email" ? Field::email : Field::other; break;
      case At::line: field_ = k == "quantity" ? Field::quantity : k == "subtotal" ? Field::subtotal : Field::other; break;
      case At::refund: field_ = k == "id" ? Field::refund_id : Field::other; break;
      default: break;
    }
  }

  bool value(const JsonScalar& v) {
    switch (level_.at()) {
      case At::top: return expect(v, Kind::array, At::page, "a page of orders that is not a list");
      case At::page:
        start_order();
        return expect(v, Kind::object, At::order, "an order that is not an object");
      case At::order: return order_value(v);
      case At::billing:
        if (field_ == Field::email) email_.set(v);
        return false;
      case At::lines:
        return lines_.element(v) && level_.enter(At::line);
      case At::line:
        if (field_ == Field::quantity) lines_.last().quantity = v.kind == Kind::int64 ? std::optional(v.int64) : std::nullopt;
        if (field_ == Field::subtotal) lines_.last().first.set(v);
        return false;
      case At::refunds:
        refund_id_.clear();
        return v.kind == Kind::object && level_.enter(At::refund);
      case At::refund:
        if (field_ == Field::refund_id) refund_id_.set(v);
        return false;
    }
    return false;
  }

  void end() {
    switch (level_.leave()) {
      case At::order: keep(finish_order()); break;
      case At::refund:
        refund_ids_container_ = refund_ids_container_ || refund_id_.container;
        order_.refund_ids.push_back(std::move(refund_id_.text));
        break;
      default: break;
    }
  }

 private:
  enum class Field : std::uint8_t {
    other, id, currency, status, customer_id, created, modified, billing, line_items, refunds,
    discount_total, shipping_total, total_tax, total, email, quantity, subtotal, refund_id,
  };

  static Field order_field(std::string_view k) {
    static constexpr std::pair<std::string_view, Field> kFields[] = {
        {"id", Field::id}, {"currency", Field::currency}, {"status", Field::status},
        {"customer_id", Field::customer_id}, {"date_created_gmt", Field::created},
        {"date_modified_gmt", Field::modified}, {"billing", Field::billing}, {"line_items", Field::line_items},
        {"refunds", Field::refunds}, {"discount_total", Field::discount_total},
        {"shipping_total", Field::shipping_total}, {"total_tax", Field::total_tax}, {"total", Field::total}};
    for (const auto& [name, field] : kFields)
      if (k == name) return field;
    return Field::other;
  }

  void start_order() {
    order_ = WooOrder{};
    for (auto* t : {&id_, &currency_text_, &status_, &customer_, &created_, &modified_, &email_}) t->clear();
    for (auto* a : {&discounts_, &shipping_, &taxes_, &total_}) a->clear();
    lines_.clear();
    refund_ids_container_ = false;
  }

  // A member of the order; the last of duplicate keys wins, as in a DOM.
  bool order_value(const JsonScalar& v) {
    switch (field_) {
      case Field::id: id_.set(v); return false;
      case Field::currency: currency_text_.set(v); return false;
      case Field::status: status_.set(v); return false;
      case Field::customer_id: customer_.set(v); return false;
      case Field::created: created_.set(v); return false;
      case Field::modified: modified_.set(v); return false;
      case Field::discount_total: discounts_.set(v); return false;
      case Field::shipping_total: shipping_.set(v); return false;
      case Field::total_tax: taxes_.set(v); return false;
      case Field::total: total_.set(v); return false;
      case Field::billing:
        email_.clear();
        return enter(v, Kind::object, At::billing);
      case Field::line_items:
        lines_.clear();
        return enter(v, Kind::array, At::lines);
      case Field::refunds:
        order_.refund_ids.clear();
        refund_ids_container_ = false;
        return enter(v, Kind::array, At::refunds);
      default: return false;
    }
  }

  bool enter(const JsonScalar& v, Kind kind, At at) {
    return v.kind == kind && level_.enter(at);
  }

  // The order's fact, checked in the order the DOM mapping checked it (the first error wins).
  Result<> finish_order() {
    WooOrder& w = order_;
    auto& f = w.fact;
    if (id_.container) return bad("an order with \"id\" a JSON object or list, not text");
    f.id = std::move(id_.text);  // the texts read move into the order: its strings are its own anyway
    const std::string owner = "order " + f.id;
    if (auto e = not_text(currency_text_, owner, "currency")) return *e;
    w.currency = std::move(currency_text_.text);
    if (!currency_ || currency_->code != w.currency) currency_ = find_currency(w.currency);  // a page's orders share one
    if (!currency_) return bad(owner + " in an unknown currency \"" + w.currency + "\"");
    const int e = currency_->exponent;
    if (auto err = not_text(created_, owner, "date_created_gmt")) return *err;
    auto placed = instant(created_, "date_created_gmt");
    if (!placed) return placed.error();
    f.placed_at = *placed;
    auto modified = instant(modified_, "date_modified_gmt");  // an object or list reads as "": no date
    f.updated_at = modified ? *modified : *placed;
    for (const auto& [t, key] : {std::pair{&status_, "status"}, {&customer_, "customer_id"}, {&email_, "billing/email"}})
      if (auto err = not_text(*t, owner, key)) return *err;
    if (refund_ids_container_) return bad(owner + " with \"refunds/id\" a JSON object or list, not text");
    f.status = std::move(status_.text);
    f.customer_id = std::move(customer_.text);
    if (f.customer_id == "0") f.customer_id.clear();  // a guest
    f.email = std::move(email_.text);
    const auto where = [&] { return owner + ", "; };
    for (const Line& l : lines_) {
      if (l.quantity && !checked_add_to(f.items, *l.quantity)) return bad(where() + "quantities that add up beyond 64 bits");
      // Before discounts, excluding tax.
      auto subtotal = amount(l.first, "subtotal", e, [&] { return where() + "line_items/" + std::to_string(l.index) + "/"; });
      if (!subtotal) return subtotal.error();
      if (!checked_add_to(f.gross_sales, *subtotal)) return bad(where() + "subtotals that add up beyond 64 bits");
    }
    auto discounts = amount(discounts_, "discount_total", e, where);
    if (!discounts) return discounts.error();
    auto shipping = amount(shipping_, "shipping_total", e, where);
    if (!shipping) return shipping.error();
    auto taxes = amount(taxes_, "total_tax", e, where);
    if (!taxes) return taxes.error();
    auto total = amount(total_, "total", e, where);
    if (!total) return total.error();
    f.discounts = *discounts;
    f.shipping = *shipping;
    f.taxes = *taxes;
    w.total = *total;
    orders.push_back(std::move(w));
    return {};
  }

  Field field_ = Field::other;
  WooOrder order_;  // the order being read
  StreamedText id_, currency_text_, status_, customer_, created_, modified_, email_, refund_id_;
  std::optional<Currency> currency_;  // the last order's
  StreamedAmount discounts_, shipping_, taxes_, total_;
  Lines lines_;
  bool refund_ids_container_ = false;  // a refund of the list has an object or list for "id"
};

enum class RefundsAt : std::uint8_t { top, list, refund, lines, line };

// GET /orders/{id}/refunds, streamed: [ {refund}, ... ].
class RefundsReader : public Reader<RefundsAt> {
  using At = RefundsAt;

 public:
  explicit RefundsReader(const WooOrder& order) : order_(order), exponent_(find_currency(order.currency)->exponent) {}

  std::vector<RefundFact> refunds;

  void key(std::string_view k) {
    if (level_.at() == At::refund) {
      field_ = k == "id"                 ? Field::id
               : k == "date_created_gmt" ? Field::created
               : k == "amount"           ? Field::amount
               : k == "line_items"       ? Field::line_items
               : k == "shipping_lines"   ? Field::shipping_lines
                                         : Field::other;
    } else if (level_.at() == At::line) {
      field_ = k == "total" ? Field::total : k == "total_tax" ? Field::total_tax : Field::other;
    }
  }

  bool value(const JsonScalar& v) {
    switch (level_.at()) {
      case At::top: return expect(v, Kind::array, At::list, "refunds that are not a list");
      case At::list:
        for (auto* t : {&id_, &created_}) t->clear();
        amount_.clear();
        for (auto& l : lines_) l.clear();
        return expect(v, Kind::object, At::refund, "a refund that is not an object");
      case At::refund:
        switch (field_) {
          case Field::id: id_.set(v); return false;
          case Field::created: created_.set(v); return false;
          case Field::amount: amount_.set(v); return false;
          case Field::line_items:
          case Field::shipping_lines:
            lines_in_ = field_ == Field::line_items ? 0 : 1;
            lines_[lines_in_].clear();
            return v.kind == Kind::array && level_.enter(At::lines);
          default: return false;
        }
      case At::lines:
        return lines_[lines_in_].element(v) && level_.enter(At::line);
      case At::line:
        if (field_ == Field::total) lines_[lines_in_].last().first.set(v);
        if (field_ == Field::total_tax) lines_[lines_in_].last().second.set(v);
        return false;
    }
    return false;
  }

  void end() {
    if (level_.leave() == At::refund) keep(finish_refund());
  }

 private:
  enum class Field : std::uint8_t { other, id, created, amount, line_items, shipping_lines, total, total_tax };

  // The refund's fact, checked in the order the DOM mapping checked it.
  Result<> finish_refund() {
    RefundFact r;
    if (id_.container) return bad("a refund of order " + order_.fact.id + " with \"id\" a JSON object or list, not text");
    r.id = id_.text;
    r.order_id = order_.fact.id;
    const std::string owner = "refund " + r.id + " of order " + order_.fact.id;
    if (auto e = not_text(created_, owner, "date_created_gmt")) return *e;
    auto created = instant(created_, "date_created_gmt");
    if (!created) return created.error();
    r.created_at = *created;
    bool itemized = false;
    const auto where = [&] { return owner + ", "; };
    // Refund lines carry negative amounts: what goes back to the customer. Negating an amount
    // within the bound cannot overflow.
    for (int list = 0; list < 2; ++list) {
      const char* name = list == 0 ? "line_items" : "shipping_lines";
      std::int64_t& goods = list == 0 ? r.returns : r.shipping;
      for (const Line& l : lines_[list]) {
        const auto at = [&] { return where() + name + "/" + std::to_string(l.index) + "/"; };
        auto total = amount(l.first, "total", exponent_, at);
        if (!total) return total.error();
        auto tax = amount(l.second, "total_tax", exponent_, at);
        if (!tax) return tax.error();
        if (!checked_add_to(goods, -*total) || !checked_add_to(r.taxes, -*tax))
          return bad(where() + name + " that add up beyond 64 bits");
        itemized = true;
      }
    }
    if (!itemized) {
      auto refunded = amount(amount_, "amount", exponent_, where);
      if (!refunded) return refunded.error();
      // An amount typed by hand: goods and tax in the order's proportion.
      __extension__ using Wide = __int128;  // amount x amount
      const Wide net = static_cast<Wide>(order_.total) - order_.fact.taxes;
      const Wide returns = order_.total > 0 ? *refunded * net / order_.total : *refunded;
      using Limits = std::numeric_limits<std::int64_t>;  // a tiny total makes the share huge
      if (returns < Limits::min() || returns > Limits::max()) return bad(where() + "an amount whose share of goods goes beyond 64 bits");
      r.returns = static_cast<std::int64_t>(returns);
      auto taxes = checked_subtract(*refunded, r.returns);
      if (!taxes) return bad(where() + "an amount whose share of goods goes beyond 64 bits");
      r.taxes = *taxes;
    }
    refunds.push_back(std::move(r));
    return {};
  }

  const WooOrder& order_;
  const int exponent_;
  Field field_ = Field::other;
  StreamedText id_, created_;
  StreamedAmount amount_;
  Lines lines_[2];      // line_items, shipping_lines
  int lines_in_ = 0;    // which of lines_ is being read
};

}  // namespace

Result<std::vector<WooOrder>> parse_orders(std::string_view page) {
  OrdersReader reader;
  if (auto read = read_json(page, reader, "WooCommerce"); !read) return read.error();
  return std::move(reader.orders);
}

Result<std::vector<RefundFact>> parse_refunds(std::string_view refunds, const WooOrder& order) {
  RefundsReader reader(order);
  if (auto read = read_json(refunds, reader, "WooCommerce"); !read) return read.error();
  return std::move(reader.refunds);
}

}  // namespace sextant::woo
