#include "sextant/sync/sync_engine.hpp"

namespace sextant::sync {

namespace {

// Hands each page the source emits to the writer, after checking its currency and keeping only
// the kinds of facts the shop takes from this source.
class LedgerEmitter final : public plugin::Emitter {
 public:
  LedgerEmitter(PageWriter& writer, std::string currency, const SyncOptions& options, const std::string& source,
                FactKinds facts)
      : writer_(writer), currency_(std::move(currency)), options_(options), source_(source), facts_(facts) {}

  Result<> emit(Page page) override {
    if (!page.currency.empty() && page.currency != currency_)
      return make_error(Errc::invalid_input, "source " + source_ + " sends amounts in " + page.currency +
                                                 " but the plan's shop uses " + currency_ + ": nothing was stored");
    if (!facts_.orders) {
      page.orders.clear();
      page.refunds.clear();
    }
    if (!facts_.sessions) std::erase_if(page.daily, [](const DailyFact& f) { return f.metric == "sessions"; });
    return writer_.push(std::move(page));
  }

  [[nodiscard]] bool stop_requested() const noexcept override {
    return options_.stop && options_.stop->load(std::memory_order_relaxed);
  }

 private:
  PageWriter& writer_;
  std::string currency_;
  const SyncOptions& options_;
  const std::string& source_;
  FactKinds facts_;
};

// Reads one source into the ledger: the source's thread fetches and maps pages while the
// writer's stores the ones before. Every page the source emitted before it stopped is stored.
Result<> read_source(app::Workspace& workspace, app::SourceInstance& instance, ledger::Ledger& ledger,
                     const SyncOptions& options, SyncProgress& progress) {
  if (auto ok = ledger.set_counted_statuses(instance.use.name, instance.counted_statuses); !ok) return ok;
  if (auto ok = ledger.drop_unclaimed_facts(instance.use.name, instance.facts); !ok) return ok;
  plugin::ReadRequest request;
  if (!options.full) {
    auto cursor = ledger.cursor(instance.use.name);
    if (!cursor) return cursor.error();
    request.cursor = *cursor;
  }
  request.overlap = instance.use.overlap;
  request.facts = instance.facts;
  workspace.logger().write(log::LogLevel::debug, "sync",
                           instance.use.name + ": reading from cursor \"" + request.cursor + "\"");
  const auto started = std::chrono::steady_clock::now();
  PageWriter writer(
      options.batches,
      [&](std::span<const Page> pages) { return ledger.store_pages(instance.use.name, pages); },
      [&](std::span<const Page> pages, const ledger::PageStats& stored) {
        progress.pages += static_cast<std::int64_t>(pages.size());
        if (pages.back().total_hint >= 0) progress.total_pages = pages.back().total_hint;
        progress.orders += stored.orders;
        progress.refunds += stored.refunds;
        progress.sessions_days += stored.daily;
        progress.elapsed = std::chrono::steady_clock::now() - started;
        if (options.on_page) options.on_page(progress);
      });
  LedgerEmitter emitter(writer, workspace.plan().shop.currency, options, instance.use.name, instance.facts);
  auto read = instance.source->read(request, emitter);
  auto written = writer.finish();
  if (!written) return written;  // the first failure: the source stopped because of it
  return read;
}

}  // namespace

Result<std::vector<SourceOutcome>> sync_all(app::Workspace& workspace, const SyncOptions& options) {
  auto opened = workspace.ledger();
  if (!opened) return opened.error();
  ledger::Ledger& ledger = **opened;
  std::vector<SourceOutcome> outcomes;
  for (auto& instance : workspace.sources()) {
    SourceOutcome outcome{instance.use.name, SyncProgress{instance.use.name}, Result<>{}};
    auto run = ledger.begin_run("sync " + instance.use.name);
    if (!run) return run.error();
    outcome.status = read_source(workspace, instance, ledger, options, outcome.progress);
    std::string status = outcome.status ? "ok" : outcome.status.error().code == Errc::cancelled ? "cancelled" : "failed";
    std::string message = outcome.status ? std::to_string(outcome.progress.orders) + " orders, " +
                                               std::to_string(outcome.progress.refunds) + " refunds, " +
                                               std::to_string(outcome.progress.sessions_days) + " days of sessions"
                                         : workspace.logger().redact(outcome.status.error().message);
    // What the source warned of (a sampled report, a permission missing) stays with the run.
    for (const auto& warning : instance.host->take_warnings()) message += "; warning: " + warning;
    (void)ledger.end_run(*run, status, message);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace sextant::sync
