// Customers' numbers (customers.no) by key, remembered across batches: a backfill meets the same
// customers page after page, and a lookup in the customers' index per order was an eighth of the
// writer's time.
#pragma once

#include "statement_cache.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace sextant::ledger::detail {

class CustomerNumbers {
 public:
  /// The number of the customer known by `key`, numbering it if new (in the caller's transaction).
  std::int64_t operator()(StatementCache& statements, const std::string& key);

  /// Forgets every number: after a transaction rolled back, the customers it numbered are gone.
  /// (A committed number never changes: no customer row is ever deleted or renumbered.)
  void forget() { known_.clear(); }

 private:
  // Bounded, so that memory stays flat on a shop with millions of customers: when full, it starts
  // over (about 100 bytes an entry: 6 MB at most).
  static constexpr std::size_t kLimit = 1 << 16;
  std::unordered_map<std::string, std::int64_t> known_;
};

}  // namespace sextant::ledger::detail
