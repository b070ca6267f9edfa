#include "woo_mapping.hpp"
#include "woo_reader.hpp"

#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/currency.hpp>

#include <limits>

namespace sextant::woo {

namespace {

using namespace detail;

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
    const auto owner = [&] { return "refund " + r.id + " of order " + order_.fact.id; };
    if (auto e = not_text(created_, owner, "date_created_gmt")) return *e;
    auto created = instant(created_, "date_created_gmt");
    if (!created) return created.error();
    r.created_at = *created;
    bool itemized = false;
    const auto where = [&] { return owner() + ", "; };
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

Result<std::vector<RefundFact>> parse_refunds(std::string_view refunds, const WooOrder& order) {
  RefundsReader reader(order);
  if (auto broken = read_json(refunds, reader))  // the core checked the syntax of refunds: a bug
    return detail::bad("a body that is not JSON: " + *broken + " (the syntax check let it through)");
  if (const Error* failed = reader.failed()) return *failed;
  return std::move(reader.refunds);
}

}  // namespace sextant::woo
