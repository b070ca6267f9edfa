// source-ga4: sessions per day from a Google Analytics 4 property, through the Data API's
// runReport (dimension date, metric sessions, empty days kept), with a service account's key:
// a JWT signed RS256, exchanged for an access token. The property's reporting time zone (Admin
// API properties.get) must be the plan's. Every sync re-reads the last restate_days days: GA4
// processes data for up to 72 hours.
#include "ga4_report.hpp"
#include "service_account.hpp"
#include "source_ga4_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/json_fields.hpp>
#include <sextant/plugin/settings.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace {

namespace json = boost::json;
using namespace std::chrono;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::plugin::HttpRequest;

constexpr std::array<std::string_view, 1> kSecrets{"/service_account"};
constexpr std::string_view kScope = "https://www.googleapis.com/auth/analytics.readonly";

struct Ga4Settings {
  std::string property;  // digits
  sextant::ga4::ServiceAccountKey key;
  std::string data_url, admin_url;
  int restate_days = 3;
  int days_per_request = 365;
  int rows_per_page = 10000;
};

class Ga4Source final : public sextant::plugin::Source {
 public:
  Ga4Source(Ga4Settings s, sextant::plugin::Host& host)
      : s_(std::move(s)), host_(host), tokens_(s_.key, std::string(kScope), host) {}

  Result<> check() override {
    auto first = first_day();
    if (!first) return first.error();
    // The last 30 days, to say whether Google samples or thresholds this property's reports.
    auto page = report(host_.local_day(host_.now()) - days{30}, std::nullopt, 0);
    if (!page) return page.error();
    if (!page->caveats.empty())
      host_.log(sextant::plugin::LogLevel::warning, "GA4 marks the last 30 days' report " + page->caveats);
    if (page->quota) host_.log(sextant::plugin::LogLevel::info, "GA4 property " + s_.property + ": " + page->quota->describe());
    return {};
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    if (!request.facts.sessions) return {};
    auto first = first_day();
    if (!first) return first.error();
    sys_days from = *first;
    if (!request.cursor.empty()) {
      auto cursor = sextant::parse_date(request.cursor);
      if (!cursor) return make_error(Errc::invalid_input, "the stored cursor \"" + request.cursor + "\" is not a day");
      from = std::max(*first, *cursor - days{s_.restate_days});
    }
    // Chunks of days_per_request days; the last one ends "today" in the property's zone.
    const sys_days about_today = host_.local_day(host_.now());
    for (;;) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      const sys_days end = from + days{s_.days_per_request - 1};
      const bool last = end >= about_today;
      std::map<sys_days, std::int64_t> sessions;
      std::string caveats;
      for (std::int64_t offset = 0;;) {
        auto page = report(from, last ? std::nullopt : std::optional(end), offset);
        if (!page) return page.error();
        sessions.insert(page->sessions.begin(), page->sessions.end());
        if (!page->caveats.empty()) caveats = page->caveats;
        offset += static_cast<std::int64_t>(page->sessions.size());
        if (page->sessions.empty() || offset >= page->row_count) break;
      }
      if (!caveats.empty())
        host_.log(sextant::plugin::LogLevel::warning, "GA4 marks the report of " + sextant::format_date(from) + " to " +
                                                          (last ? std::string("today") : sextant::format_date(end)) +
                                                          " " + caveats + ": its sessions are estimates");
      if (!sessions.empty()) {
        sextant::Page page;
        for (const auto& [day, value] : sessions) page.daily.push_back({day, "sessions", value});
        page.cursor = sextant::format_date(sessions.rbegin()->first);
        if (auto ok = out.emit(std::move(page)); !ok) return ok;
      }
      if (last) return {};
      from = end + days{1};
    }
  }

 private:
  // The first day the property holds (its creation's, in its zone), after checking that zone.
  Result<sys_days> first_day() {
    auto answer = call("GET", s_.admin_url + "/v1beta/properties/" + s_.property, "");
    if (!answer) return answer.error();
    const auto* o = answer->if_object();
    const std::string zone = o ? sextant::plugin::json_text(*o, "timeZone") : "";
    if (zone.empty()) return make_error(Errc::bad_response, "GA4 sent property " + s_.property + " without its timeZone");
    if (zone != host_.time_zone())
      return make_error(Errc::invalid_input, "GA4 property " + s_.property + " reports days in " + zone +
                                                 " but the plan's shop is in " + host_.time_zone() +
                                                 ": set the property's reporting time zone to " + host_.time_zone() +
                                                 " (GA4 Admin > Property details), or the plan's to " + zone +
                                                 ", so that a day means the same in both");
    auto created = sextant::parse_instant(sextant::plugin::json_text(*o, "createTime"));
    if (!created) return make_error(Errc::bad_response, "GA4 sent property " + s_.property + " without its createTime");
    return host_.local_day(*created);  // the property's zone is the plan's
  }

  Result<sextant::ga4::ReportPage> report(sys_days from, std::optional<sys_days> to, std::int64_t offset) {
    auto answer = call("POST", s_.data_url + "/v1beta/properties/" + s_.property + ":runReport",
                       sextant::ga4::report_request(from, to, offset, s_.rows_per_page));
    if (!answer) {
      if (answer.error().code == Errc::rate_limited)
        return make_error(Errc::rate_limited, "GA4's quota for property " + s_.property + " is spent (" +
                                                  answer.error().message + "); " +
                                                  (quota_ ? quota_->describe() : std::string("no quota figures yet")) +
                                                  ". The days read so far are kept; the next sync goes on from there");
      return answer.error();
    }
    auto page = sextant::ga4::read_report(*answer);
    if (!page) return page.error();
    if (!page->time_zone.empty() && page->time_zone != host_.time_zone())
      return make_error(Errc::invalid_input, "GA4 dated the report in " + page->time_zone + ", not in the plan's " +
                                                 host_.time_zone() + ": nothing of it was stored");
    if (page->quota) quota_ = page->quota;
    return page;
  }

  // One API call with a fresh access token; a token the API refuses (revoked, expired early) is
  // renewed once.
  Result<json::value> call(const std::string& method, const std::string& url, const std::string& body) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto token = tokens_.token();
      if (!token) return token.error();
      HttpRequest r;
      r.method = method;
      r.url = url;
      r.headers = {{"Authorization", "Bearer " + *token}, {"Accept", "application/json"}};
      if (!body.empty()) r.headers.push_back({"Content-Type", "application/json"});
      r.body = body;
      r.keep_document = true;
      auto answer = host_.http().send(r);
      if (answer) return std::move(answer->document);
      const auto& e = answer.error();
      if (e.code == Errc::unauthorized && e.message.find("HTTP 401") != std::string::npos && attempt == 0) {
        tokens_.forget();
        continue;
      }
      if (e.code == Errc::unauthorized)
        return make_error(Errc::unauthorized, "the service account " + s_.key.client_email + " may not read GA4 property " +
                                                  s_.property + " (give it the Viewer role in GA4 Admin > Property "
                                                  "access management): " + e.message);
      return e;
    }
    return make_error(Errc::unauthorized, "GA4 refused a fresh access token of " + s_.key.client_email);
  }

  Ga4Settings s_;
  sextant::plugin::Host& host_;
  sextant::ga4::AccessTokens tokens_;
  std::optional<sextant::ga4::Quota> quota_;
};

class Ga4Factory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Sessions from a Google Analytics 4 property (Data API runReport)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             {}, {.sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"property", "service_account", "data_url", "admin_url", "allow_insecure_http", "restate_days",
                          "days_per_request", "rows_per_page"});
        !ok)
      return ok.error();
    Ga4Settings g;
    auto property = s.string("property");
    auto key_text = s.string("service_account");
    auto data_url = s.credential_url("data_url", "https://analyticsdata.googleapis.com");
    auto admin_url = s.credential_url("admin_url", "https://analyticsadmin.googleapis.com");
    for (const auto* r : {&property, &key_text, &data_url, &admin_url})
      if (!*r) return r->error();
    if (property->empty() || !std::all_of(property->begin(), property->end(), [](char c) { return c >= '0' && c <= '9'; }))
      return Settings::fail("property", "\"" + *property + "\" is not a GA4 property id: the number in GA4 Admin > "
                                        "Property details (not the G- measurement id)");
    auto key = sextant::ga4::parse_service_account(*key_text);
    if (!key) return Settings::fail("service_account", key.error().message);
    if (!key->token_uri.starts_with("https://")) {
      auto allowed = s.insecure_http_allowed();
      if (!allowed) return allowed.error();
      if (!*allowed) return Settings::insecure("service_account", key->token_uri);
    }
    auto restate = s.integer("restate_days", 0, 90, 3);
    auto chunk = s.integer("days_per_request", 1, 3650, 365);
    auto rows = s.integer("rows_per_page", 1, 250000, 10000);
    for (const auto* r : {&restate, &chunk, &rows})
      if (!*r) return r->error();
    host.register_secret(key->private_key);
    g.property = *property;
    g.key = std::move(*key);
    g.data_url = *data_url;
    g.admin_url = *admin_url;
    g.restate_days = static_cast<int>(*restate);
    g.days_per_request = static_cast<int>(*chunk);
    g.rows_per_page = static_cast<int>(*rows);
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<Ga4Source>(std::move(g), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(Ga4Factory, "ga4", "1.0.0")
