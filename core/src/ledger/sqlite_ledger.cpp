#include "sextant/ledger/sqlite_ledger.hpp"

#include "sextant/plugin/checked.hpp"
#include "sqlite_aggregates.hpp"
#include "sqlite_page_store.hpp"
#include "sqlite_schema.hpp"
#include "statement_cache.hpp"
#include "sextant/time/calendar.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace sextant::ledger {

int sqlite_schema_version() { return static_cast<int>(detail::kMigrations.size()); }

namespace {

using std::chrono::sys_days;

sys_days parse_day(const std::string& text) {
  auto d = time::parse_date(text);
  return d.value_or(sys_days{});
}

// SQL function local_day(unix_seconds) → 'YYYY-MM-DD' in the shop's zone; used to re-date
// every fact when the configured time zone changes.
void local_day_sql(sqlite3_context* context, int, sqlite3_value** argv) {
  const auto* zone = static_cast<const time::Zone*>(sqlite3_user_data(context));
  std::chrono::sys_seconds at{std::chrono::seconds{sqlite3_value_int64(argv[0])}};
  std::string day = time::format_date(zone->local_day(at));
  sqlite3_result_text(context, day.c_str(), static_cast<int>(day.size()), SQLITE_TRANSIENT);
}

class SqliteLedgerImpl final : public Ledger {
 public:
  SqliteLedgerImpl(const std::filesystem::path& path, const time::Zone& zone)
      // NOMUTEX: a ledger is used by one thread at a time (its statement cache is not shared
      // either), so SQLite need not lock the connection on every call (3 % of a backfill).
      : path_(path), zone_(zone), db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
    db_.exec("PRAGMA journal_mode = WAL");
    // NORMAL is durable against a killed process in WAL mode; only a power cut may lose the
    // last transactions, never corrupt the file.
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
    db_.setBusyTimeout(10000);
  }

  Result<> prepare(std::string_view currency) {
    return guard([&]() -> Result<> {
      sqlite3_create_function(db_.getHandle(), "local_day", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              const_cast<time::Zone*>(&zone_), local_day_sql, nullptr, nullptr);
      detail::register_aggregates(db_.getHandle());
      migrate();
      auto stored_currency = meta("currency");
      if (stored_currency && *stored_currency != currency)
        return make_error(Errc::invalid_input, "the ledger " + path_.string() + " holds amounts in " +
                                                   *stored_currency + " but the plan's shop uses " +
                                                   std::string(currency) + ": use another ledger file");
      auto stored_zone = meta("timezone");
      SQLite::Transaction tx(db_);
      if (stored_zone && *stored_zone != zone_.name()) {
        db_.exec("UPDATE orders SET day = local_day(placed_at)");
        db_.exec("UPDATE refunds SET day = local_day(created_at)");
        detail::rebuild_aggregates(db_, statement_);
        pages_.forget();
      }
      set_meta("currency", std::string(currency));
      set_meta("timezone", zone_.name());
      tx.commit();
      return {};
    });
  }

  Result<std::string> cursor(std::string_view source) override {
    return guard([&]() -> Result<std::string> {
      SQLite::Statement q(db_, "SELECT cursor FROM cursors WHERE source = ?");
      q.bind(1, std::string(source));
      if (q.executeStep()) return q.getColumn(0).getString();
      return std::string();
    });
  }

  Result<> set_counted_statuses(std::string_view source, const std::vector<std::string>& statuses) override {
    return guard([&]() -> Result<> {
      boost::json::array list;
      for (const auto& s : statuses) list.emplace_back(s);
      std::string text = boost::json::serialize(list);
      SQLite::Statement q(db_, "SELECT statuses FROM counted_statuses WHERE source = ?");
      q.bind(1, std::string(source));
      if (q.executeStep() && q.getColumn(0).getString() == text) return {};
      SQLite::Transaction tx(db_);
      SQLite::Statement up(db_,
                           "INSERT INTO counted_statuses (source, statuses) VALUES (?1, ?2) "
                           "ON CONFLICT (source) DO UPDATE SET statuses = excluded.statuses");
      up.bind(1, std::string(source));
      up.bind(2, text);
      up.exec();
      SQLite::Statement reflag(db_,
                               "UPDATE orders SET counted = (status IN (SELECT value FROM json_each(?2))) "
                               "WHERE source = ?1");
      reflag.bind(1, std::string(source));
      reflag.bind(2, text);
      reflag.exec();
      detail::rebuild_aggregates(db_, statement_);
      pages_.forget();  // the customers' first days it remembered
      tx.commit();
      counted_.erase(std::string(source));
      return {};
    });
  }

  Result<> drop_unclaimed_facts(std::string_view source_view, FactKinds claimed) override {
    return guard([&]() -> Result<> {
      const std::string source(source_view);
      std::vector<std::string> deletions;
      if (!claimed.orders)
        deletions.insert(deletions.end(), {"DELETE FROM orders WHERE source = ?1", "DELETE FROM refunds WHERE source = ?1"});
      if (!claimed.sessions) deletions.emplace_back("DELETE FROM daily_facts WHERE source = ?1 AND metric = 'sessions'");
      if (deletions.empty()) return {};
      SQLite::Transaction tx(db_);
      int forgotten = 0;
      for (const auto& sql : deletions) {
        SQLite::Statement q(db_, sql);
        q.bind(1, source);
        forgotten += q.exec();
      }
      if (forgotten == 0) return {};
      SQLite::Statement q(db_, "DELETE FROM cursors WHERE source = ?1");
      q.bind(1, source);
      q.exec();
      detail::rebuild_aggregates(db_, statement_);
      pages_.forget();
      tx.commit();
      return {};
    });
  }

  Result<PageStats> store_pages(std::string_view source_view, std::span<const Page> pages) override {
    return guard([&]() -> Result<PageStats> {
      PageStats stats;
      if (pages.empty()) return stats;
      std::string source(source_view);
      const std::set<std::string>& counted = counted_statuses(source);
      SQLite::Transaction tx(db_);
      try {
        stats = pages_.store(source, pages, counted);
        auto store_cursor = statement_(
            "INSERT INTO cursors (source, cursor) VALUES (?1, ?2) ON CONFLICT (source) DO UPDATE SET "
            "cursor = excluded.cursor, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
        store_cursor->bind(1, source);
        store_cursor->bind(2, pages.back().cursor);
        store_cursor->exec();
        tx.commit();
      } catch (...) {
        pages_.forget();  // the transaction rolls back
        throw;
      }
      return stats;
    });
  }

  Result<std::vector<metrics::DayFigures>> days(sys_days from, sys_days to) override {
    return guard([&]() -> Result<std::vector<metrics::DayFigures>> {
      std::vector<metrics::DayFigures> out;
      if (to < from) return out;
      // A day without a row holds no fact: no sessions either.
      for (sys_days d = from; d <= to; d += std::chrono::days{1})
        out.push_back(metrics::DayFigures{.day = d, .days_without_sessions = 1});
      for_each_day_total(from, to, [&](const metrics::DayFigures& f) {
        out[static_cast<std::size_t>((f.day - from).count())] = f;
      });
      return out;
    });
  }

  Result<metrics::DayFigures> period(sys_days from, sys_days to) override {
    return guard([&]() -> Result<metrics::DayFigures> {
      metrics::DayFigures total{from};
      if (to < from) return total;
      std::int64_t days_with_sessions = 0;
      for_each_day_total(from, to, [&](const metrics::DayFigures& f) {
        total += f;
        days_with_sessions += 1 - f.days_without_sessions;
      });
      total.days_without_sessions = (to - from).count() + 1 - days_with_sessions;
      total.customers = customers_over(from, to, total.new_customers);
      return total;
    });
  }

  Result<std::optional<std::pair<sys_days, sys_days>>> order_span() override {
    return guard([&]() -> Result<std::optional<std::pair<sys_days, sys_days>>> {
      SQLite::Statement q(db_, "SELECT MIN(day), MAX(day) FROM day_totals WHERE orders > 0");
      if (!q.executeStep() || q.getColumn(0).isNull()) return std::optional<std::pair<sys_days, sys_days>>{};
      return std::optional<std::pair<sys_days, sys_days>>{
          std::pair{parse_day(q.getColumn(0).getString()), parse_day(q.getColumn(1).getString())}};
    });
  }

  Result<std::optional<TaskRecord>> task(std::string_view key) override {
    return guard([&]() -> Result<std::optional<TaskRecord>> {
      SQLite::Statement q(db_, std::string(kTaskColumns) + " WHERE key = ?");
      q.bind(1, std::string(key));
      if (!q.executeStep()) return std::optional<TaskRecord>{};
      return std::optional<TaskRecord>{read_task(q)};
    });
  }

  Result<std::vector<TaskRecord>> tasks() override {
    return guard([&]() -> Result<std::vector<TaskRecord>> {
      SQLite::Statement q(db_, std::string(kTaskColumns) + " ORDER BY key");
      std::vector<TaskRecord> out;
      while (q.executeStep()) out.push_back(read_task(q));
      return out;
    });
  }

  Result<> save_task(const TaskRecord& t) override {
    return guard([&]() -> Result<> {
      SQLite::Statement q(db_,
                          "INSERT INTO tasks (key, parent_key, tracker, remote_id, url, content_hash, state, "
                          "percent_done, due, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                          "ON CONFLICT (key) DO UPDATE SET parent_key = excluded.parent_key, "
                          "tracker = excluded.tracker, remote_id = excluded.remote_id, url = excluded.url, "
                          "content_hash = excluded.content_hash, state = excluded.state, "
                          "percent_done = excluded.percent_done, due = excluded.due, title = excluded.title, "
                          "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
      q.bind(1, t.key);
      q.bind(2, t.parent_key);
      q.bind(3, t.tracker);
      q.bind(4, t.remote_id);
      q.bind(5, t.url);
      q.bind(6, t.content_hash);
      q.bind(7, std::string(to_string(t.state)));
      q.bind(8, t.percent_done);
      if (t.due) q.bind(9, time::format_date(*t.due));
      else q.bind(9);
      q.bind(10, t.title);
      q.exec();
      return {};
    });
  }

  Result<std::int64_t> begin_run(std::string_view command) override {
    return guard([&]() -> Result<std::int64_t> {
      SQLite::Transaction tx(db_);
      // Under the run lock no other run is alive: a row still "running" lost its process.
      db_.exec("UPDATE runs SET status = 'interrupted', message = 'the process ended before the run finished', "
               "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE status = 'running'");
      SQLite::Statement q(db_, "INSERT INTO runs (command, status) VALUES (?, 'running')");
      q.bind(1, std::string(command));
      q.exec();
      auto id = db_.getLastInsertRowid();
      tx.commit();
      return id;
    });
  }

  Result<> end_run(std::int64_t id, std::string_view status, std::string_view message) override {
    return guard([&]() -> Result<> {
      SQLite::Statement q(db_,
                          "UPDATE runs SET status = ?2, message = ?3, "
                          "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1");
      q.bind(1, id);
      q.bind(2, std::string(status));
      q.bind(3, std::string(message));
      q.exec();
      return {};
    });
  }

  Result<bool> first_delivery(const WebhookDelivery& delivery) override {
    return guard([&]() -> Result<bool> {
      SQLite::Transaction tx(db_);
      SQLite::Statement seen(db_, "SELECT 1 FROM webhook_deliveries WHERE platform = ?1 AND body_digest = ?2");
      seen.bind(1, delivery.platform);
      seen.bind(2, delivery.body_digest);
      if (seen.executeStep()) return false;
      SQLite::Statement q(db_, "INSERT OR IGNORE INTO webhook_deliveries (platform, delivery_id, body_digest, received_at) "
                               "VALUES (?, ?, ?, ?)");
      q.bind(1, delivery.platform);
      q.bind(2, delivery.id);
      q.bind(3, delivery.body_digest);
      q.bind(4, format_instant(delivery.received_at));
      const bool first = q.exec() == 1;
      tx.commit();
      return first;
    });
  }

  Result<int> forget_deliveries(std::chrono::sys_seconds cutoff) override {
    return guard([&]() -> Result<int> {
      SQLite::Statement q(db_, "DELETE FROM webhook_deliveries WHERE received_at < ?");
      q.bind(1, format_instant(cutoff));  // ISO 8601 in UTC sorts as time does
      return q.exec();
    });
  }

  Result<std::vector<RunRecord>> runs(int limit) override {
    return guard([&]() -> Result<std::vector<RunRecord>> {
      SQLite::Statement q(db_,
                          "SELECT id, command, started_at, COALESCE(finished_at, ''), status, message "
                          "FROM runs ORDER BY id DESC LIMIT ?");
      q.bind(1, limit);
      std::vector<RunRecord> out;
      while (q.executeStep())
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString()});
      return out;
    });
  }

 private:
  // Calls `each` with the figures of every day of [from, to] holding any.
  template <class Each>
  void for_each_day_total(sys_days from, sys_days to, Each&& each) {
    auto q = statement_(
        "SELECT day, orders, items, gross_sales, discounts, shipping, taxes, customers, new_customers, returns, "
        "refunded_shipping, refunded_taxes, sessions, session_facts FROM day_totals WHERE day BETWEEN ?1 AND ?2");
    q->bind(1, time::format_date(from));
    q->bind(2, time::format_date(to));
    auto figure = [&](int column) {
      // NULL: the day's sum did not fit in 64 bits when it was aggregated (checked_sum).
      if (q->getColumn(column).isNull()) throw std::overflow_error("integer overflow");
      return q->getColumn(column).getInt64();
    };
    auto net = [&](int charged, int refunded) {
      auto difference = checked_subtract(figure(charged), figure(refunded));
      if (!difference) throw std::overflow_error("integer overflow");
      return *difference;
    };
    while (q->executeStep()) {
      metrics::DayFigures f{parse_day(q->getColumn(0).getString())};
      f.orders = figure(1);
      f.items = figure(2);
      f.gross_sales = figure(3);
      f.discounts = figure(4);
      f.shipping = net(5, 10);
      f.taxes = net(6, 11);
      f.customers = figure(7);
      f.new_customers = figure(8);
      f.returns = figure(9);
      f.sessions = figure(12);
      f.days_without_sessions = q->getColumn(13).getInt64() > 0 ? 0 : 1;
      each(f);
    }
  }

  // Distinct customers with a counted order in [from, to]. When no customer's first order is
  // before `from`, each of them is new in the span: the sum of the days' new customers.
  std::int64_t customers_over(sys_days from, sys_days to, std::int64_t new_in_span) {
    const std::string a = time::format_date(from);
    auto earlier = statement_("SELECT 1 FROM customers WHERE first_day < ?1 LIMIT 1");
    earlier->bind(1, a);
    if (!earlier->executeStep()) return new_in_span;
    auto q = statement_("SELECT distinct_count(customer) FROM orders WHERE counted = 1 AND day BETWEEN ?1 AND ?2");
    q->bind(1, a);
    q->bind(2, time::format_date(to));
    q->executeStep();
    return q->getColumn(0).getInt64();
  }

  static constexpr std::string_view kTaskColumns =
      "SELECT key, parent_key, tracker, remote_id, url, content_hash, state, percent_done, due, title, updated_at "
      "FROM tasks";

  static TaskRecord read_task(SQLite::Statement& q) {
    TaskRecord t;
    t.key = q.getColumn(0).getString();
    t.parent_key = q.getColumn(1).getString();
    t.tracker = q.getColumn(2).getString();
    t.remote_id = q.getColumn(3).getString();
    t.url = q.getColumn(4).getString();
    t.content_hash = q.getColumn(5).getString();
    t.state = parse_task_state(q.getColumn(6).getString()).value_or(TaskState::open);
    t.percent_done = q.getColumn(7).getInt();
    if (!q.getColumn(8).isNull()) t.due = time::parse_date(q.getColumn(8).getString());
    t.title = q.getColumn(9).getString();
    t.written_at = q.getColumn(10).getString();
    return t;
  }

  template <class F>
  auto guard(F&& body) -> decltype(body()) {
    try {
      return body();
    } catch (const std::exception& e) {
      return make_error(Errc::io, "ledger " + path_.string() + ": " + e.what());
    }
  }

  void migrate() {
    int version = db_.execAndGet("PRAGMA user_version").getInt();
    if (version > sqlite_schema_version())
      throw std::runtime_error("written by a newer Sextant (schema " + std::to_string(version) + ", this build knows " +
                               std::to_string(sqlite_schema_version()) + ")");
    if (version == sqlite_schema_version()) return;
    // One transaction: a ledger is upgraded whole, its aggregates filled, or not at all.
    SQLite::Transaction tx(db_);
    for (int v = version; v < sqlite_schema_version(); ++v)
      db_.exec(std::string(detail::kMigrations[static_cast<std::size_t>(v)]));
    // The aggregates appear in schema 4 and count sessions facts from 5: from the facts of an older
    // ledger, as this build computes them.
    if (version < 5) detail::rebuild_aggregates(db_, statement_);
    db_.exec("PRAGMA user_version = " + std::to_string(sqlite_schema_version()));
    tx.commit();
  }

  std::optional<std::string> meta(const std::string& key) {
    SQLite::Statement q(db_, "SELECT value FROM meta WHERE key = ?");
    q.bind(1, key);
    if (q.executeStep()) return q.getColumn(0).getString();
    return std::nullopt;
  }

  void set_meta(const std::string& key, const std::string& value) {
    SQLite::Statement q(db_, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    q.bind(1, key);
    q.bind(2, value);
    q.exec();
  }

  const std::set<std::string>& counted_statuses(const std::string& source) {
    auto it = counted_.find(source);
    if (it != counted_.end()) return it->second;
    std::set<std::string> statuses;
    SQLite::Statement q(db_, "SELECT value FROM counted_statuses, json_each(counted_statuses.statuses) WHERE source = ?");
    q.bind(1, source);
    while (q.executeStep()) statuses.insert(q.getColumn(0).getString());
    return counted_.emplace(source, std::move(statuses)).first->second;
  }

  std::filesystem::path path_;
  time::Zone zone_;
  SQLite::Database db_;
  std::map<std::string, std::set<std::string>> counted_;
  detail::StatementCache statement_{db_};
  detail::PageStore pages_{statement_, zone_};
};

}  // namespace

std::string sqlite_ledger_problem(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (fs::is_directory(status)) return "this is a folder: name a file in it, such as \"sextant.db\"";
  if (!fs::exists(status)) {
    auto folder = path.parent_path();
    if (!folder.empty() && !fs::is_directory(folder, ec))
      return "its folder does not exist: create the folder first, or name a ledger in an existing one";
    return {};  // a new ledger
  }
  if (!fs::is_regular_file(status)) return "this is not a regular file: name a ledger file, such as \"sextant.db\"";
  // SQLite takes an empty file as an empty database; any other file starts with this header.
  static constexpr std::string_view kHeader{"SQLite format 3\0", 16};
  std::string start(kHeader.size(), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  if (in.gcount() == 0 && in.eof()) return {};
  if (start != kHeader)
    return "this file is not a SQLite database: name a new file, or the ledger Sextant made";
  return {};
}

Result<std::unique_ptr<Ledger>> open_sqlite_ledger(const std::filesystem::path& path, const time::Zone& zone,
                                                   std::string_view currency) {
  std::unique_ptr<SqliteLedgerImpl> ledger;
  try {
    ledger = std::make_unique<SqliteLedgerImpl>(path, zone);
  } catch (const std::exception& e) {
    return make_error(Errc::io, "cannot open the ledger " + path.string() + ": " + e.what());
  }
  if (auto ok = ledger->prepare(currency); !ok) return ok.error();
  return std::unique_ptr<Ledger>(std::move(ledger));
}

}  // namespace sextant::ledger
