#include "shop_file.hpp"

#include "sessions_span.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/money.hpp>

#include <boost/json.hpp>

namespace sextant::file {

namespace {

// Reads the fields of one object, naming the first bad one by its JSON pointer.
class Fields {
 public:
  Fields(const boost::json::value& v, std::string pointer, const std::string& file)
      : object_(v.if_object()), pointer_(std::move(pointer)), file_(file) {}

  Error fail(std::string_view key, const std::string& why) const {
    return make_error(Errc::invalid_input, file_ + ": " + pointer_ + (key.empty() ? "" : "/" + std::string(key)) + ": " + why);
  }
  [[nodiscard]] bool is_object() const { return object_ != nullptr; }

  Result<std::string> text(std::string_view key, bool required = true) const {
    const auto* v = object_->if_contains(key);
    if (!v) return required ? Result<std::string>(fail(key, "missing")) : std::string();
    if (!v->is_string()) return fail(key, "expected a string");
    return std::string(v->get_string());
  }
  Result<std::int64_t> count(std::string_view key) const {
    const auto* v = object_->if_contains(key);
    if (!v) return std::int64_t{0};
    if (!v->is_int64() || v->get_int64() < 0) return fail(key, "expected a whole number, 0 or more");
    return v->get_int64();
  }
  Result<std::int64_t> amount(std::string_view key, int exponent) const {
    const auto* v = object_->if_contains(key);
    if (!v) return std::int64_t{0};
    auto minor = parse_minor_json(*v, exponent);
    if (!minor) return fail(key, minor.error().message);
    if (*minor < 0) return fail(key, "expected an amount of 0 or more");
    return *minor;
  }
  Result<std::chrono::sys_seconds> instant(std::string_view key, bool required = true) const {
    auto t = text(key, required);
    if (!t) return t.error();
    if (t->empty()) return std::chrono::sys_seconds{};
    auto at = parse_instant(*t);
    if (!at) return fail(key, at.error().message);
    return *at;
  }

 private:
  const boost::json::object* object_;
  std::string pointer_;
  const std::string& file_;
};

template <class T>
Error first_error(const Result<T>& r) { return r.error(); }

}  // namespace

Result<ShopFile> parse_shop_file(std::string_view text, const std::string& name) {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec, {}, options);
  if (ec) return make_error(Errc::invalid_input, name + ": not a JSON document (" + ec.message() + ")");
  Fields root(doc, "", name);
  if (!root.is_object()) return root.fail("", "expected an object with currency, orders, refunds and sessions");
  ShopFile out;
  auto currency = root.text("currency");
  if (!currency) return currency.error();
  auto found = find_currency(*currency);
  if (!found) return root.fail("currency", "\"" + *currency + "\" is not an ISO 4217 currency code");
  out.currency = *currency;
  const int e = found->exponent;

  auto list = [&](const char* key) -> const boost::json::array* {
    const auto* v = doc.as_object().if_contains(key);
    return v && v->is_array() ? &v->get_array() : nullptr;
  };
  if (const auto* orders = list("orders")) {
    for (std::size_t i = 0; i < orders->size(); ++i) {
      Fields f((*orders)[i], "/orders/" + std::to_string(i), name);
      if (!f.is_object()) return f.fail("", "expected an object");
      OrderFact o;
      auto id = f.text("id");
      auto placed = f.instant("placed_at");
      auto updated = f.instant("updated_at", false);
      auto status = f.text("status");
      auto customer = f.text("customer", false);
      auto email = f.text("email", false);
      auto items = f.count("items");
      auto gross = f.amount("gross_sales", e);
      auto discounts = f.amount("discounts", e);
      auto shipping = f.amount("shipping", e);
      auto taxes = f.amount("taxes", e);
      for (const Result<std::string>* r : {&id, &status, &customer, &email})
        if (!*r) return r->error();
      if (!placed) return placed.error();
      if (!updated) return updated.error();
      for (const Result<std::int64_t>* r : {&items, &gross, &discounts, &shipping, &taxes})
        if (!*r) return r->error();
      o.id = *id;
      o.placed_at = *placed;
      o.updated_at = updated->time_since_epoch().count() == 0 ? *placed : *updated;
      o.status = *status;
      o.customer_id = *customer;
      o.email = *email;
      o.items = *items;
      o.gross_sales = *gross;
      o.discounts = *discounts;
      o.shipping = *shipping;
      o.taxes = *taxes;
      out.orders.push_back(std::move(o));
    }
  }
  if (const auto* refunds = list("refunds")) {
    for (std::size_t i = 0; i < refunds->size(); ++i) {
      Fields f((*refunds)[i], "/refunds/" + std::to_string(i), name);
      if (!f.is_object()) return f.fail("", "expected an object");
      auto id = f.text("id");
      auto order = f.text("order");
      auto created = f.instant("created_at");
      auto returns = f.amount("returns", e);
      auto shipping = f.amount("shipping", e);
      auto taxes = f.amount("taxes", e);
      if (!id) return id.error();
      if (!order) return order.error();
      if (!created) return created.error();
      for (const Result<std::int64_t>* r : {&returns, &shipping, &taxes})
        if (!*r) return r->error();
      out.refunds.push_back({*id, *order, *created, *returns, *shipping, *taxes});
    }
  }
  if (const auto* sessions = list("sessions")) {
    std::vector<ListedSessions> listed;
    for (std::size_t i = 0; i < sessions->size(); ++i) {
      const std::string pointer = "/sessions/" + std::to_string(i);
      Fields f((*sessions)[i], pointer, name);
      if (!f.is_object()) return f.fail("", "expected an object");
      auto day_text = f.text("day");
      if (!day_text) return day_text.error();
      auto day = parse_date(*day_text);
      if (!day) return f.fail("day", "\"" + *day_text + "\" is not a date (YYYY-MM-DD)");
      auto value = f.count("value");
      if (!value) return value.error();
      listed.push_back({*day, *value, pointer});
    }
    auto daily = sessions_over_span(std::move(listed), name);
    if (!daily) return daily.error();
    out.daily = std::move(*daily);
  }
  return out;
}

}  // namespace sextant::file
