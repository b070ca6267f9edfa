// How customers are told apart: registered ones by their platform id, guests by their normalized
// e-mail (hashed, so the ledger holds no address), anonymous orders each on their own.
#pragma once

#include "sextant/plugin/facts.hpp"

#include <string>
#include <string_view>

namespace sextant::ledger {

/// Trimmed and lower-cased.
std::string normalize_email(std::string_view email);

/// "id:<customer id>", "email:<sha256 of the normalized e-mail>" or "order:<order id>".
std::string customer_key(const OrderFact& order);

}  // namespace sextant::ledger
