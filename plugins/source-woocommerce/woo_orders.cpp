#include "woo_mapping.hpp"
#include "woo_reader.hpp"

#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>

#include <optional>

namespace sextant::woo {

namespace {

using namespace detail;

enum class OrdersAt : std::uint8_t { top, page, order, billing, lines, line, refunds, refund };

// GET /orders, streamed: [ {order}, ... ] with the fields read_orders documents.
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
    const auto owner = [&] { return "order " + f.id; };
    if (auto e = not_text(currency_text_, owner, "currency")) return *e;
    w.currency = std::move(currency_text_.text);
    if (!currency_ || currency_->code != w.currency) currency_ = find_currency(w.currency);  // a page's orders share one
    if (!currency_) return bad(owner() + " in an unknown currency \"" + w.currency + "\"");
    const int e = currency_->exponent;
    if (auto err = not_text(created_, owner, "date_created_gmt")) return *err;
    auto placed = instant(created_, "date_created_gmt");
    if (!placed) return placed.error();
    f.placed_at = *placed;
    auto modified = instant(modified_, "date_modified_gmt");  // an object or list reads as "": no date
    f.updated_at = modified ? *modified : *placed;
    for (const auto& [t, key] : {std::pair{&status_, "status"}, {&customer_, "customer_id"}, {&email_, "billing/email"}})
      if (auto err = not_text(*t, owner, key)) return *err;
    if (refund_ids_container_) return bad(owner() + " with \"refunds/id\" a JSON object or list, not text");
    f.status = std::move(status_.text);
    f.customer_id = std::move(customer_.text);
    if (f.customer_id == "0") f.customer_id.clear();  // a guest
    f.email = std::move(email_.text);
    const auto where = [&] { return owner() + ", "; };
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

}  // namespace

OrdersRead read_orders(std::string_view page) {
  OrdersReader reader;
  if (auto broken = read_json(page, reader)) return OrdersRead{std::vector<WooOrder>{}, std::move(broken)};
  if (const Error* failed = reader.failed()) return OrdersRead{*failed, std::nullopt};
  return OrdersRead{std::move(reader.orders), std::nullopt};
}

}  // namespace sextant::woo
