#include "shopify_amounts.hpp"

#include <sextant/plugin/checked.hpp>
#include <sextant/plugin/money.hpp>

#include <boost/json.hpp>

#include <limits>

namespace sextant::shopify {

namespace json = boost::json;

Error bad(const std::string& what) { return make_error(Errc::bad_response, "Shopify sent " + what); }

Result<std::int64_t> money(const json::object& o, const char* key, int exponent, const std::string& where) {
  const auto* bag = o.if_contains(key);
  if (!bag || !bag->is_object()) return std::int64_t{0};
  const auto* shop = bag->as_object().if_contains("shopMoney");
  if (!shop || !shop->is_object()) return std::int64_t{0};
  const auto* amount = shop->as_object().if_contains("amount");
  if (!amount) return std::int64_t{0};
  auto minor = parse_minor_json(*amount, exponent, ExtraDigits::round_half);
  if (!minor) return bad(where + key + ": " + minor.error().message);
  return *minor;
}

const json::array* nodes(const json::object& o, const char* key) {
  const auto* c = o.if_contains(key);
  if (!c || !c->is_object()) return nullptr;
  const auto* n = c->as_object().if_contains("nodes");
  return n && n->is_array() ? &n->as_array() : nullptr;
}

std::optional<std::int64_t> share(std::int64_t part, std::int64_t numerator, std::int64_t denominator) {
  if (denominator == 0) return 0;
  __extension__ using Wide = __int128;
  Wide p = static_cast<Wide>(part) * numerator;
  Wide q = p / denominator, r = p % denominator;
  if (2 * (r < 0 ? -r : r) >= (denominator < 0 ? -static_cast<Wide>(denominator) : denominator))
    q += (p < 0) == (denominator < 0) ? 1 : -1;
  using Limits = std::numeric_limits<std::int64_t>;
  if (q < Limits::min() || q > Limits::max()) return std::nullopt;
  return static_cast<std::int64_t>(q);
}

namespace {

// The objects of the plain list `key` (discountAllocations and taxLines are lists, not
// connections); an absent or null list is empty.
const json::array* list(const json::object& o, const char* key) {
  const auto* l = o.if_contains(key);
  return l && l->is_array() ? &l->as_array() : nullptr;
}

}  // namespace

Result<Charge> read_charge(const json::object& line, const char* original_key, int exponent, const std::string& where) {
  Charge c;
  auto original = money(line, original_key, exponent, where);
  if (!original) return original.error();
  c.original = *original;
  const std::string beyond = where + "amounts that add up beyond 64 bits";
  if (const auto* allocations = list(line, "discountAllocations"))
    for (const auto& a : *allocations) {
      if (!a.is_object()) continue;
      auto amount = money(a.as_object(), "allocatedAmountSet", exponent, where + "discountAllocations/");
      if (!amount) return amount.error();
      if (!checked_add_to(c.discount, *amount)) return bad(beyond);
    }
  if (const auto* taxes = list(line, "taxLines"))
    for (const auto& t : *taxes) {
      if (!t.is_object()) continue;
      auto amount = money(t.as_object(), "priceSet", exponent, where + "taxLines/");
      if (!amount) return amount.error();
      if (!checked_add_to(c.tax, *amount)) return bad(beyond);
      // TaxLine.rate is a Float and may be null (shopify.dev/docs/api/admin-graphql/latest/objects/TaxLine).
      const auto* rate = t.as_object().if_contains("rate");
      if (!rate || rate->is_null()) {
        c.rate.reset();
        continue;
      }
      auto millionths = parse_minor_json(*rate, 6, ExtraDigits::round_half);
      if (!millionths) return bad(where + "taxLines/rate: " + millionths.error().message);
      if (*millionths < 0) return bad(where + "taxLines/rate: a rate below zero");
      if (c.rate && !checked_add_to(*c.rate, *millionths)) return bad(beyond);
    }
  return c;
}

}  // namespace sextant::shopify
