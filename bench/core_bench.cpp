// The core's hot paths: reading amounts, storing pages of orders in the ledger (and the bytes a
// backfill writes), reading daily metrics and periods over five years.
#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/plugin/money.hpp>
#include <sextant/time/calendar.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include <time.h>

namespace {

using namespace std::chrono;

void ParseAmount(benchmark::State& state) {
  const char* amounts[] = {"19.90", "1234.50", "0.05", "999999.99", "12.3450"};
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sextant::parse_minor(amounts[i++ % 5], 2, sextant::ExtraDigits::round_half));
}
BENCHMARK(ParseAmount);

// A ledger in a file of the current folder (on disk: the backfill counts the bytes it writes, which
// a tmpfs does not), removed after.
struct LedgerFile {
  std::filesystem::path path = std::filesystem::current_path() / ("sextant-bench-" + std::to_string(::getpid()) + ".db");
  std::unique_ptr<sextant::ledger::Ledger> ledger;
  LedgerFile() {
    remove();
    ledger = std::move(*sextant::ledger::open_sqlite_ledger(path, *sextant::time::Zone::locate("Europe/Paris"), "EUR"));
    (void)ledger->set_counted_statuses("shop", {"completed"});
  }
  ~LedgerFile() {
    ledger.reset();
    remove();
  }
  [[nodiscard]] std::uintmax_t bytes() const {
    std::uintmax_t total = 0;
    for (const char* suffix : {"", "-wal"}) {
      std::error_code ec;
      auto size = std::filesystem::file_size(path.string() + suffix, ec);
      if (!ec) total += size;
    }
    return total;
  }
  void remove() const {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
};

// Orders as the WooCommerce benchmark shop has them (tests/fakes/fake_woocommerce.py, generate):
// `total` orders in id order spread over `span` days, 4 000 registered customers and guests known
// by one of 9 000 e-mails, a refund on 4 % of them. Page `index` holds orders index×size+1 on.
sextant::Page shop_page(int index, int size, int total, int span) {
  std::mt19937 rng(static_cast<unsigned>(index));
  sextant::Page p;
  const sys_seconds start = sys_days{year{2021} / 1 / 1};
  for (int k = 0; k < size; ++k) {
    const std::int64_t i = std::int64_t{index} * size + k + 1;
    sextant::OrderFact o;
    o.id = std::to_string(i);
    o.placed_at = start + seconds{i * 86400 * span / total + rng() % 3600};
    o.updated_at = o.placed_at;
    o.status = "completed";
    if (auto customer = rng() % 4001; customer != 0) o.customer_id = std::to_string(customer);
    o.email = "buyer" + std::to_string(rng() % 9000 + 1) + "@example.org";
    o.items = 1 + rng() % 6;
    o.gross_sales = 990 + rng() % 20000;
    o.shipping = o.gross_sales >= 5000 ? 0 : 590;
    o.taxes = (o.gross_sales + o.shipping) / 5;
    if (rng() % 25 == 0) {
      p.refunds.push_back({"r" + o.id, o.id, o.placed_at + days{2 + rng() % 19}, o.gross_sales / 3, 0, o.gross_sales / 15});
      o.updated_at = p.refunds.back().created_at;
    }
    p.orders.push_back(std::move(o));
  }
  p.cursor = std::to_string(index);
  return p;
}

// Bytes this process has caused to be written to storage so far (Linux).
std::int64_t written_bytes() {
  std::ifstream io("/proc/self/io");
  std::string key;
  std::int64_t value = 0;
  while (io >> key >> value)
    if (key == "write_bytes:") return value;
  return 0;
}

// CPU time of this thread so far, in seconds: what the sync's writer thread spends in the ledger.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Stores `total` orders in pages of 100 over `span` days, `per_tx` pages a transaction; returns
// the CPU seconds spent in store_pages (the pages' generation left out).
double backfill(sextant::ledger::Ledger& ledger, int total, int span, int per_tx) {
  std::vector<sextant::Page> batch;
  double storing = 0;
  const int pages = total / 100;
  for (int i = 0; i < pages; ++i) {
    batch.push_back(shop_page(i, 100, total, span));
    if (static_cast<int>(batch.size()) == per_tx || i + 1 == pages) {
      const double start = thread_cpu_seconds();
      if (auto stored = ledger.store_pages("shop", batch); !stored) throw std::runtime_error(stored.error().message);
      storing += thread_cpu_seconds() - start;
      batch.clear();
    }
  }
  return storing;
}

// A 200 000-order backfill (700 days, as the WooCommerce benchmark): bytes written to disk against
// the ledger's final size, by pages a transaction (1: one page per sync step; 56: 4 MB of the
// WooCommerce fake's JSON, 72 kB a page; 250: about 4 MB of facts as the ledger stores them).
void Backfill200k(benchmark::State& state) {
  const int per_tx = static_cast<int>(state.range(0));
  for (auto _ : state) {
    LedgerFile f;
    const std::int64_t before = written_bytes();
    state.counters["store_cpu_s"] = backfill(*f.ledger, 200000, 700, per_tx);
    f.ledger.reset();  // checkpoints the WAL into the file
    const auto written = static_cast<double>(written_bytes() - before);
    state.counters["written_MB"] = written / 1e6;
    state.counters["ledger_MB"] = static_cast<double>(f.bytes()) / 1e6;
    state.counters["written_per_ledger"] = written / static_cast<double>(f.bytes());
  }
  state.SetItemsProcessed(state.iterations() * 200000);
}
BENCHMARK(Backfill200k)->Arg(1)->Arg(56)->Arg(250)->Iterations(1)->Unit(benchmark::kMillisecond);

// Five years of the same shop: 200 000 orders over 1 826 days.
struct FiveYears {
  LedgerFile file;
  sys_days first = sys_days{year{2021} / 1 / 1}, last = sys_days{year{2025} / 12 / 31};
  FiveYears() { backfill(*file.ledger, 200000, 1826, 250); }
};

void DaysOverFiveYears(benchmark::State& state) {
  FiveYears f;
  for (auto _ : state) benchmark::DoNotOptimize(f.file.ledger->days(f.first, f.last));
}
BENCHMARK(DaysOverFiveYears)->Unit(benchmark::kMillisecond);

// The period from the first order: every customer in it is new in it.
void PeriodOverFiveYears(benchmark::State& state) {
  FiveYears f;
  for (auto _ : state) benchmark::DoNotOptimize(f.file.ledger->period(f.first, f.last));
}
BENCHMARK(PeriodOverFiveYears)->Unit(benchmark::kMillisecond);

// A period starting after the first order (a fiscal year, the last four years): customers
// returning from before are counted from the orders of the span.
void PeriodOverLaterYears(benchmark::State& state) {
  FiveYears f;
  const sys_days from = f.last - days{365 * state.range(0) - 1};
  for (auto _ : state) benchmark::DoNotOptimize(f.file.ledger->period(from, f.last));
}
BENCHMARK(PeriodOverLaterYears)->Arg(1)->Arg(4)->Unit(benchmark::kMillisecond);

// One batch of `pages` pages of 100 orders (new days) into a ledger already holding a year.
void StorePages(benchmark::State& state) {
  LedgerFile f;
  const int pages = static_cast<int>(state.range(0));
  backfill(*f.ledger, 36500, 365, 250);
  int next = 365;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<sextant::Page> batch;
    for (int i = 0; i < pages; ++i) batch.push_back(shop_page(next++, 100, 36500, 365));
    state.ResumeTiming();
    benchmark::DoNotOptimize(f.ledger->store_pages("shop", batch));
  }
  state.SetItemsProcessed(state.iterations() * pages * 100);
}
BENCHMARK(StorePages)->Arg(1)->Arg(56)->Unit(benchmark::kMillisecond);

}  // namespace
