// source-plausible: sessions (visits by day) from a Plausible site, through its Stats API v2
// (POST /api/v2/query), on Plausible Cloud or a self-hosted instance.
#include "plausible_source.hpp"
#include "source_plausible_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <array>

namespace {

using sextant::Result;
using sextant::plugin::Settings;

constexpr std::array<std::string_view, 1> kSecrets{"/api_key"};

class PlausibleFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Sessions from a Plausible site (Stats API v2)",
                                             sextant_embedded::kConfigSchema,
                                             sextant_embedded::kSampleConfig,
                                             kSecrets,
                                             {},
                                             {.sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "site_id", "api_key", "timezone", "since", "restate_days",
                          "requests_per_hour", "page_size"});
        !ok)
      return ok.error();
    auto url = s.credential_url("url", "https://plausible.io");
    auto site = s.string("site_id");
    auto key = s.string("api_key");
    auto zone = s.string("timezone");
    auto since_text = s.string("since");
    for (const auto* r : {&url, &site, &key, &zone, &since_text})
      if (!*r) return r->error();
    // Plausible's API does not tell the site's zone: the setting states it, and it must be the plan's.
    if (*zone != host.time_zone())
      return Settings::fail("timezone", "the Plausible site " + *site + " is set to report in \"" + *zone +
                                            "\" but the plan's shop is in \"" + host.time_zone() +
                                            "\": its days would not be the plan's. Make the site's time zone in "
                                            "Plausible (Site settings, General) the plan's, then set timezone to \"" +
                                            host.time_zone() + "\"");
    auto since = sextant::parse_date(*since_text);
    if (!since) return Settings::fail("since", "\"" + *since_text + "\" is not a day (YYYY-MM-DD)");
    auto restate = s.integer("restate_days", 0, 366, 3);
    auto per_hour = s.integer("requests_per_hour", 1, 1'000'000, 600);
    auto page_size = s.integer("page_size", 1, 10'000, 10'000);  // Plausible's pagination.limit maximum
    for (const auto* r : {&restate, &per_hour, &page_size})
      if (!*r) return r->error();
    sextant::plausible::PlausibleSettings p{*url,
                                            *site,
                                            *key,
                                            *since,
                                            static_cast<int>(*restate),
                                            static_cast<int>(*per_hour),
                                            static_cast<int>(*page_size)};
    return std::unique_ptr<sextant::plugin::Source>(
        std::make_unique<sextant::plausible::PlausibleSource>(std::move(p), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(PlausibleFactory, "plausible", "1.0.0")
