// Matomo's ecommerce orders (Goals.get with idGoal=ecommerceOrder), added up over a few days: a
// cross-check that `sextant check` shows beside the shop's own orders, never stored.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/value.hpp>

#include <cstdint>

namespace sextant::matomo {

struct EcommerceTotals {
  std::int64_t orders = 0;   ///< Σ nb_conversions
  std::int64_t revenue = 0;  ///< Σ revenue, in minor units of the site's currency
};

/// Adds up Goals.get's answer to period=day&date=A,B: an object keyed by day, [] for a day without
/// data; revenue is a JSON number of major units (a float), rounded to `exponent` decimals.
Result<EcommerceTotals> ecommerce_totals(const boost::json::value& answer, int exponent);

}  // namespace sextant::matomo
