// A source that knows one order: enough to prove the package builds a loadable plugin.
#include "source_outoftree_embedded.hpp"

#include <sextant/plugin/export.hpp>
#include <sextant/plugin/money.hpp>
#include <sextant/plugin/settings.hpp>

namespace {

constexpr std::string_view kCounted[] = {"paid"};

class OneOrder final : public sextant::plugin::Source {
 public:
  explicit OneOrder(std::int64_t amount) : amount_(amount) {}
  sextant::Result<> check() override { return {}; }
  sextant::Result<> read(const sextant::plugin::ReadRequest&, sextant::plugin::Emitter& out) override {
    sextant::Page page;
    sextant::OrderFact order;
    order.id = "1";
    order.placed_at = order.updated_at = std::chrono::sys_days{std::chrono::year{2025} / 1 / 15} + std::chrono::hours{12};
    order.status = "paid";
    order.customer_id = "42";
    order.items = 1;
    order.gross_sales = amount_;
    page.orders.push_back(order);
    page.cursor = "done";
    return out.emit(std::move(page));
  }

 private:
  std::int64_t amount_;
};

class Factory final : public sextant::plugin::SourceFactory {
 public:
  const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"one order, built out of tree", sextant_embedded::kConfigSchema,
                                             sextant_embedded::kSampleConfig, {}, kCounted, {.orders = true}};
    return m;
  }
  sextant::Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                                   sextant::plugin::Host&) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"amount"}); !ok) return ok.error();
    auto text = s.string("amount", "10.00");
    if (!text) return text.error();
    auto amount = sextant::parse_minor(*text, 2);
    if (!amount) return sextant::plugin::Settings::fail("amount", amount.error().message);
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<OneOrder>(*amount));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(Factory, "outoftree", "0.1.0")
