// source-matomo: daily sessions (nb_visits) from a Matomo site, through the Reporting API's
// VisitsSummary.get with period=day over ranges of days, token_auth in the POST body. Days are the
// site's, which must be the plan's time zone; each sync re-reads the last restate_days days, since
// Matomo re-archives today and imported logs restate the past.
#include "matomo_api.hpp"
#include "matomo_days.hpp"
#include "matomo_ecommerce.hpp"
#include "matomo_site.hpp"
#include "source_matomo_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/currency.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/money.hpp>
#include <sextant/plugin/settings.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace {

using namespace std::chrono;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::matomo::DayRange;

constexpr std::array<std::string_view, 1> kSecrets{"/token_auth"};
constexpr std::array<std::string_view, 0> kCounted{};  // sessions only: no order status to count
constexpr int kCrossCheckDays = 30;

struct MatomoSettings {
  sextant::matomo::MatomoAccess access;
  int restate_days = 3;
  int days_per_request = 100;
  bool ecommerce_check = false;
};

// The site and its first day, once its zone is checked to be the plan's.
struct CheckedSite {
  sextant::matomo::MatomoSite site;
  sys_days created;
};

class MatomoSource final : public sextant::plugin::Source {
 public:
  MatomoSource(MatomoSettings s, sextant::plugin::Host& host)
      : s_(std::move(s)), host_(host), api_(host.http(), s_.access) {}

  Result<> check() override {
    auto site = checked_site();
    if (!site) return site.error();
    if (!s_.ecommerce_check) return {};
    return cross_check(*site);
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    if (!request.facts.sessions) return {};  // the shop takes its sessions elsewhere
    auto site = checked_site();
    if (!site) return site.error();
    const sys_days today = this->today();
    auto range = sextant::matomo::days_to_read(request.cursor, s_.restate_days, site->created, today);
    if (!range) return range.error();
    if (!*range) {
      host_.log(sextant::plugin::LogLevel::info, "the Matomo site was created after today (" + sextant::format_date(today) +
                                                     "): no day to read");
      return {};
    }
    const auto parts = sextant::matomo::chunks(**range, s_.days_per_request);
    for (const DayRange& chunk : parts) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      auto answer = api_.call("VisitsSummary.get", {{"period", "day"}, {"date", sextant::matomo::date_param(chunk)}});
      if (!answer) return answer.error();
      auto daily = sextant::matomo::sessions_by_day(*answer, chunk);
      if (!daily) return daily.error();
      sextant::Page page;
      page.daily = std::move(*daily);
      page.cursor = sextant::matomo::cursor_after(chunk, today);
      page.total_hint = static_cast<std::int64_t>(parts.size());
      if (auto ok = out.emit(std::move(page)); !ok) return ok;
    }
    return {};
  }

 private:
  // The site, readable with the token, reporting in the plan's zone: days of another zone would
  // be other days than the shop's, so nothing is read from it.
  Result<CheckedSite> checked_site() {
    auto answer = api_.call("SitesManager.getSiteFromId");
    if (!answer) return answer.error();
    auto site = sextant::matomo::read_site(*answer, s_.access.site_id);
    if (!site) return site.error();
    // By name, as written: a link of the tzdata ("Asia/Calcutta" for "Asia/Kolkata") or a manual
    // offset ("UTC+5.5") is another name to align, never taken for a zone it might not be.
    const std::string plan = host_.time_zone();
    if (site->timezone != plan)
      return make_error(Errc::invalid_input,
                        "the Matomo site " + std::to_string(s_.access.site_id) + " reports days in " + site->timezone +
                            " but the plan's shop is in " + plan + ": its days would not be the shop's. Set the "
                            "site's time zone to " + plan + " in Matomo (Administration > Websites > Manage; it "
                            "applies to reports archived from then on), or the plan's to " + site->timezone +
                            " if that is the shop's");
    const sys_days created = host_.local_day(site->created);  // the site's zone is the plan's
    return CheckedSite{std::move(*site), created};
  }

  // Today in the site's zone: the run's day (--today), never after the real one: Matomo answers a
  // day it has not reached as [], which would be stored as 0 visits where the truth is unknown.
  sys_days today() const { return host_.local_day(std::min(host_.now(), host_.wall_now())); }

  // Matomo's own ecommerce orders over the last days, logged beside the shop's for comparison.
  Result<> cross_check(const CheckedSite& site) {
    const sys_days last = today();
    const sys_days first = std::max(site.created, last - days{kCrossCheckDays - 1});
    auto answer = api_.call("Goals.get", {{"idGoal", "ecommerceOrder"},
                                          {"period", "day"},
                                          {"date", sextant::matomo::date_param({first, last})}});
    if (!answer) return answer.error();
    const auto currency = sextant::find_currency(site.site.currency);
    const int exponent = currency ? currency->exponent : 2;
    auto totals = sextant::matomo::ecommerce_totals(*answer, exponent);
    if (!totals) return totals.error();
    host_.log(sextant::plugin::LogLevel::info,
              "Matomo's ecommerce from " + sextant::format_date(first) + " to " + sextant::format_date(last) + ": " +
                  std::to_string(totals->orders) + " orders, revenue " +
                  sextant::format_minor(totals->revenue, exponent) + " " + site.site.currency +
                  " (a cross-check with the shop's own orders; never stored)");
    return {};
  }

  MatomoSettings s_;
  sextant::plugin::Host& host_;
  sextant::matomo::MatomoApi api_;
};

class MatomoFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Sessions from a Matomo site (Reporting API VisitsSummary.get)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             kCounted, {.sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "site_id", "token_auth", "restate_days", "days_per_request",
                          "ecommerce_check"});
        !ok)
      return ok.error();
    auto url = s.credential_url("url");
    auto token = s.string("token_auth");
    auto site = s.integer("site_id", 1, std::numeric_limits<std::int32_t>::max());
    auto restate = s.integer("restate_days", 0, 90, 3);
    auto chunk = s.integer("days_per_request", 1, 366, 100);
    auto ecommerce = s.boolean("ecommerce_check", false);
    for (const auto* r : {&url, &token})
      if (!*r) return r->error();
    for (const auto* r : {&site, &restate, &chunk})
      if (!*r) return r->error();
    if (!ecommerce) return ecommerce.error();
    MatomoSettings m;
    // The address of Matomo, with or without its index.php.
    std::string base = *url;
    if (base.ends_with("/index.php")) base.resize(base.size() - 10);
    m.access = {base + "/index.php", *site, *token};
    m.restate_days = static_cast<int>(*restate);
    m.days_per_request = static_cast<int>(*chunk);
    m.ecommerce_check = *ecommerce;
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<MatomoSource>(std::move(m), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(MatomoFactory, "matomo", "1.0.0")
