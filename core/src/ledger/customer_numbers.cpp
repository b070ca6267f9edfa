#include "customer_numbers.hpp"

#include <optional>

namespace sextant::ledger::detail {

namespace {

std::optional<std::int64_t> stored_number(StatementCache& statements, const std::string& key) {
  auto q = statements("SELECT no FROM customers WHERE key = ?1");
  q->bindNoCopy(1, key);
  if (q->executeStep()) return q->getColumn(0).getInt64();
  return std::nullopt;
}

std::int64_t new_number(StatementCache& statements, const std::string& key) {
  auto add = statements("INSERT INTO customers (key) VALUES (?1) RETURNING no");
  add->bindNoCopy(1, key);
  add->executeStep();
  return add->getColumn(0).getInt64();
}

}  // namespace

std::int64_t CustomerNumbers::operator()(StatementCache& statements, const std::string& key) {
  if (auto it = known_.find(key); it != known_.end()) return it->second;
  const auto stored = stored_number(statements, key);
  const std::int64_t number = stored ? *stored : new_number(statements, key);
  if (known_.size() >= kLimit) known_.clear();
  known_.emplace(key, number);
  return number;
}

}  // namespace sextant::ledger::detail
