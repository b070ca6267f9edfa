#include "sextant/sync/sync_engine.hpp"

namespace sextant::sync {

namespace {

// Stores each page the source emits and reports progress.
class LedgerEmitter final : public plugin::Emitter {
 public:
  LedgerEmitter(ledger::Ledger& ledger, std::string currency, const SyncOptions& options, SyncProgress& progress)
      : ledger_(ledger),
        currency_(std::move(currency)),
        options_(options),
        progress_(progress),
        started_(std::chrono::steady_clock::now()) {}

  Result<> emit(Page page) override {
    if (!page.currency.empty() && page.currency != currency_)
      return make_error(Errc::invalid_input, "source " + progress_.source + " sends amounts in " + page.currency +
                                                 " but the plan's shop uses " + currency_ + ": nothing was stored");
    auto stored = ledger_.store_pages(progress_.source, std::span<const Page>(&page, 1));
    if (!stored) return stored.error();
    ++progress_.pages;
    if (page.total_hint >= 0) progress_.total_pages = page.total_hint;
    progress_.orders += stored->orders;
    progress_.refunds += stored->refunds;
    progress_.elapsed = std::chrono::steady_clock::now() - started_;
    if (options_.on_page) options_.on_page(progress_);
    return {};
  }

  [[nodiscard]] bool stop_requested() const noexcept override {
    return options_.stop && options_.stop->load(std::memory_order_relaxed);
  }

 private:
  ledger::Ledger& ledger_;
  std::string currency_;
  const SyncOptions& options_;
  SyncProgress& progress_;
  std::chrono::steady_clock::time_point started_;
};

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
    outcome.status = [&]() -> Result<> {
      if (auto ok = ledger.set_counted_statuses(instance.use.name, instance.counted_statuses); !ok) return ok;
      plugin::ReadRequest request;
      if (!options.full) {
        auto cursor = ledger.cursor(instance.use.name);
        if (!cursor) return cursor.error();
        request.cursor = *cursor;
      }
      request.overlap = instance.use.overlap;
      workspace.logger().write(log::LogLevel::debug, "sync",
                               instance.use.name + ": reading from cursor \"" + request.cursor + "\"");
      LedgerEmitter emitter(ledger, workspace.plan().shop.currency, options, outcome.progress);
      return instance.source->read(request, emitter);
    }();
    std::string status = outcome.status ? "ok" : outcome.status.error().code == Errc::cancelled ? "cancelled" : "failed";
    std::string message = outcome.status ? std::to_string(outcome.progress.orders) + " orders, " +
                                               std::to_string(outcome.progress.refunds) + " refunds"
                                         : workspace.logger().redact(outcome.status.error().message);
    (void)ledger.end_run(*run, status, message);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace sextant::sync
