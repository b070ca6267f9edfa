// The core's hot paths: reading amounts, storing a page of orders in the ledger, computing daily
// metrics over years, and building the seven-step report.
#include <sextant/ledger/sqlite_ledger.hpp>
#include <sextant/plugin/money.hpp>
#include <sextant/report/build_report.hpp>
#include <sextant/time/calendar.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

namespace {

using namespace std::chrono;

void ParseAmount(benchmark::State& state) {
  const char* amounts[] = {"19.90", "1234.50", "0.05", "999999.99", "12.3450"};
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sextant::parse_minor(amounts[i++ % 5], 2, sextant::ExtraDigits::round_half));
}
BENCHMARK(ParseAmount);

// A ledger in a temporary file, filled with `days` days of `per_day` orders.
struct Fixture {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("sextant-bench-" + std::to_string(::getpid()) + ".db");
  std::unique_ptr<sextant::ledger::Ledger> ledger;
  explicit Fixture(int days = 0, int per_day = 100) {
    std::filesystem::remove(path);
    ledger = std::move(*sextant::ledger::open_sqlite_ledger(path, *sextant::time::Zone::locate("Europe/Paris"), "EUR"));
    (void)ledger->set_counted_statuses("shop", {"completed"});
    for (int d = 0; d < days; ++d) (void)ledger->store_page("shop", page(d, per_day));
  }
  ~Fixture() {
    ledger.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  }
  static sextant::Page page(int day, int per_day) {
    std::mt19937 rng(static_cast<unsigned>(day));
    sextant::Page p;
    sys_seconds start = sys_days{year{2023} / 1 / 1} + days{day};
    for (int i = 0; i < per_day; ++i) {
      sextant::OrderFact o;
      o.id = std::to_string(day) + "-" + std::to_string(i);
      o.placed_at = o.updated_at = start + seconds{i * 600};
      o.status = "completed";
      o.customer_id = "c" + std::to_string(rng() % 20000);
      o.items = 2;
      o.gross_sales = 5000 + rng() % 10000;
      o.taxes = o.gross_sales / 5;
      p.orders.push_back(std::move(o));
    }
    p.daily.push_back({sys_days{year{2023} / 1 / 1} + days{day}, "sessions", per_day * 50});
    p.cursor = std::to_string(day);
    return p;
  }
};

void StorePage(benchmark::State& state) {
  Fixture f;
  int day = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto p = Fixture::page(day++, static_cast<int>(state.range(0)));
    state.ResumeTiming();
    benchmark::DoNotOptimize(f.ledger->store_page("shop", p));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(StorePage)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);

void DailyMetricsOverThreeYears(benchmark::State& state) {
  Fixture f(3 * 365, 100);
  for (auto _ : state)
    benchmark::DoNotOptimize(f.ledger->days(sys_days{year{2023} / 1 / 1}, sys_days{year{2025} / 12 / 31}));
  state.SetItemsProcessed(state.iterations() * 3 * 365 * 100);
}
BENCHMARK(DailyMetricsOverThreeYears)->Unit(benchmark::kMillisecond);

}  // namespace
