// The customers a backfill meets page after page, remembered across batches: their numbers
// (customers.no) by key, and their first counted days. A lookup in the customers' index per order
// was an eighth of the writer's time, and reading each batch's customers' first days another tenth.
#pragma once

#include "statement_cache.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace sextant::ledger::detail {

class KnownCustomers {
 public:
  using FirstDay = std::optional<std::chrono::sys_days>;  ///< customers.first_day (none: NULL)

  /// The number of the customer known by `key`, numbering it if new (in the caller's transaction).
  std::int64_t number(StatementCache& statements, const std::string& key);

  /// The first day stored for customer `no`, if remembered (nullptr: not remembered).
  [[nodiscard]] const FirstDay* first_day(std::int64_t no) const;
  /// Customer `no`'s first day as just written.
  void first_day_written(std::int64_t no, FirstDay day);

  /// Forgets what the ledger may no longer hold: at the start of each batch, when another connection
  /// committed since the last one (PRAGMA data_version), every first day.
  void check(StatementCache& statements);
  /// Forgets everything: after a transaction rolled back (the customers it numbered are gone) or a
  /// rebuild of the aggregates. A committed number never changes: no customer row is deleted.
  void forget();

 private:
  void make_room();

  // Bounded, so that memory stays flat on a shop with millions of customers: when full, it starts
  // over (about 150 bytes a customer: 10 MB at most).
  static constexpr std::size_t kLimit = 1 << 16;
  std::unordered_map<std::string, std::int64_t> numbers_;
  std::unordered_map<std::int64_t, FirstDay> first_days_;
  std::optional<std::int64_t> data_version_;
};

}  // namespace sextant::ledger::detail
