#include "sextant/ledger/customer_key.hpp"

#include "sextant/crypto/digest.hpp"

#include <cctype>

namespace sextant::ledger {

std::string normalize_email(std::string_view email) {
  auto first = email.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  auto last = email.find_last_not_of(" \t\r\n");
  std::string out(email.substr(first, last - first + 1));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string customer_key(const OrderFact& order) {
  if (!order.customer_id.empty()) return "id:" + order.customer_id;
  std::string email = normalize_email(order.email);
  if (!email.empty()) return "email:" + crypto::sha256_hex(email);
  return "order:" + order.id;
}

}  // namespace sextant::ledger
