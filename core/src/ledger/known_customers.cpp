#include "known_customers.hpp"

#include "sqlite_aggregates.hpp"

namespace sextant::ledger::detail {

std::int64_t KnownCustomers::number(StatementCache& statements, const std::string& key) {
  if (auto it = numbers_.find(key); it != numbers_.end()) return it->second;
  make_room();
  std::int64_t no = 0;
  FirstDay first;
  auto stored = statements("SELECT no, first_day FROM customers WHERE key = ?1");
  stored->bindNoCopy(1, key);
  if (stored->executeStep()) {
    no = stored->getColumn(0).getInt64();
    if (!stored->getColumn(1).isNull()) first = stored_day(stored->getColumn(1));
  } else {
    auto add = statements("INSERT INTO customers (key) VALUES (?1) RETURNING no");
    add->bindNoCopy(1, key);
    add->executeStep();
    no = add->getColumn(0).getInt64();
  }
  numbers_.emplace(key, no);
  first_days_.insert_or_assign(no, first);
  return no;
}

const KnownCustomers::FirstDay* KnownCustomers::first_day(std::int64_t no) const {
  auto it = first_days_.find(no);
  return it == first_days_.end() ? nullptr : &it->second;
}

void KnownCustomers::first_day_written(std::int64_t no, FirstDay day) {
  make_room();
  first_days_.insert_or_assign(no, day);
}

void KnownCustomers::check(StatementCache& statements) {
  auto q = statements("PRAGMA data_version");
  q->executeStep();
  const std::int64_t version = q->getColumn(0).getInt64();
  if (data_version_ && *data_version_ != version) first_days_.clear();
  data_version_ = version;
}

void KnownCustomers::forget() {
  numbers_.clear();
  first_days_.clear();
}

void KnownCustomers::make_room() {
  if (numbers_.size() >= kLimit || first_days_.size() >= kLimit) forget();
}

}  // namespace sextant::ledger::detail
