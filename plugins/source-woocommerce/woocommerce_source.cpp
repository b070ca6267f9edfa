// source-woocommerce: orders and refunds from the WooCommerce REST API v3. Orders modified since
// the cursor (modified_after with dates_are_gmt), by id, 100 a page, through a sliding window of
// http.parallel requests on kept-alive connections; pages are stored in order, each with a cursor
// that resumes at the next (woo_cursor.hpp); each refunded order's refunds are read for their own
// dates, in the same window.
// Basic auth over HTTPS, OAuth 1.0a over plain HTTP.
#include "oauth1.hpp"
#include "source_woocommerce_embedded.hpp"
#include "woo_cursor.hpp"
#include "woo_mapping.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/encoding.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <array>
#include <memory>
#include <deque>
#include <optional>
#include <charconv>
#include <random>

namespace {

using namespace std::chrono;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::plugin::HttpRequest;
using sextant::woo::Params;

constexpr std::array<std::string_view, 4> kCounted{"processing", "completed", "on-hold", "refunded"};
constexpr std::array<std::string_view, 2> kSecrets{"/consumer_key", "/consumer_secret"};

enum class Auth { basic, query, oauth1 };

struct WooSettings {
  std::string url;  // the store's address, without a trailing slash
  std::string key, secret;
  Auth auth = Auth::basic;
  std::optional<sextant::woo::OAuth1Signer> signer;  // with Auth::oauth1
  int per_page = 100;
};

// "2026-03-01T10:00:00": what modified_after takes, in GMT with dates_are_gmt.
std::string gmt_text(sys_seconds t) {
  auto s = sextant::format_instant(t);
  return s.substr(0, s.size() - 1);
}

class WooSource final : public sextant::plugin::Source {
 public:
  WooSource(WooSettings s, sextant::plugin::Host& host) : s_(std::move(s)), host_(host), random_(std::random_device{}()) {}

  Result<> check() override {
    auto r = host_.http().send(get("/wp-json/wc/v3/orders", {{"per_page", "1"}}));
    if (r) return {};
    auto e = r.error();
    if (e.code == Errc::unauthorized && s_.auth == Auth::oauth1 && !s_.url.starts_with("https://"))
      e.message += " — over plain HTTP Sextant signs with OAuth 1.0a, which many servers refuse (a security "
                   "plugin, a proxy or a host that drops the oauth_* parameters): use the shop's https:// address "
                   "if it has one; else check the consumer key and secret, and that the key has Read permission";
    else if (e.code == Errc::unauthorized)
      e.message += " — check the consumer key and secret, and that the key has Read permission";
    else if (e.code == Errc::not_found)
      e.message += " — is WooCommerce active, with pretty permalinks, at " + s_.url + "?";
    return e;
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    auto stored = sextant::woo::parse_cursor(request.cursor);
    if (!stored) return stored.error();
    // Everything modified before the watermark is read by the end of the read: the next since.
    sextant::woo::ReadPoint read{std::nullopt, host_.wall_now(), s_.per_page, 1};
    if (stored->finished) read.since = *stored->finished - request.overlap;
    if (auto& cut = stored->unfinished) {
      // The same list from where the last run stopped; its watermark, not now, so that what was
      // modified meanwhile on the pages already read is left to the next read.
      read.since = cut->since;
      read.watermark = cut->watermark;
      read.next_page = cut->per_page == s_.per_page ? cut->next_page : 1;  // other pages if per_page changed
      host_.log(sextant::plugin::LogLevel::info,
                "resuming the read of orders modified " +
                    (read.since ? "after " + sextant::format_instant(*read.since) : std::string("at any time")) +
                    " at page " + std::to_string(read.next_page) + ", after the last run's page " +
                    std::to_string(read.next_page - 1));
    }
    // Pages through a sliding window, as many ahead of the one being stored as it keeps in
    // flight. A page's refunds go through the same window, asked as soon as the page is mapped
    // and read once the next page is mapped too, so that they travel while it is. Pages are
    // emitted in order: the first failure ends the read with every page before it emitted, and
    // the cursor at it.
    auto window = host_.http().window();
    std::deque<ListedPage> ahead;  // the pages after the one being mapped, in order
    int pages = read.next_page, next_to_add = read.next_page + 1;
    auto add_pages = [&] {
      while (next_to_add <= pages && ahead.size() < static_cast<std::size_t>(window->width()))
        ahead.push_back(add_page(*window, read, next_to_add++));
    };
    std::optional<MappedPage> previous;  // mapped, its refunds asked, not yet emitted
    auto emit_previous = [&]() -> Result<> {
      if (!previous) return {};
      auto ok = emit_page(*previous, *window, out);
      previous.reset();
      return ok;
    };
    ahead.push_back(add_page(*window, read, read.next_page));
    for (int number = read.next_page; number <= pages; ++number) {
      if (out.stop_requested()) {
        if (auto ok = emit_previous(); !ok) return ok;
        return make_error(Errc::cancelled, "sync stopped");
      }
      auto answer = window->take(ahead.front().ticket);
      auto orders = std::move(*ahead.front().orders);
      ahead.pop_front();
      if (number == read.next_page && answer) {
        if (auto total = answer->header("X-WP-TotalPages")) std::from_chars(total->data(), total->data() + total->size(), pages);
        pages = std::max(pages, read.next_page);  // fewer orders than when the read began: this page is the last
      }
      auto mapped = answer ? map_page(std::move(orders), read, number, pages, *window) : Result<MappedPage>(answer.error());
      if (mapped) add_pages();  // after a failure, nothing more is asked
      if (auto ok = emit_previous(); !ok) return ok;
      if (!mapped) return mapped.error();
      previous.emplace(std::move(*mapped));
    }
    return emit_previous();
  }

 private:
  // A page mapped to facts, its refunded orders' refunds asked for and not yet read.
  struct MappedPage {
    sextant::Page page;
    std::vector<sextant::woo::WooOrder> orders;
    std::vector<std::pair<std::size_t, std::size_t>> refunds;  // window ticket, index in orders
  };

  // A page of orders asked: its ticket, and its orders once its answer is taken. The page is read
  // as its answer is judged, by the inspector (inspector_reads_json): parsed once, its broken JSON
  // asked again by the core like any unusable answer.
  struct ListedPage {
    std::size_t ticket;
    std::shared_ptr<std::optional<Result<std::vector<sextant::woo::WooOrder>>>> orders;
  };

  ListedPage add_page(sextant::plugin::HttpWindow& window, const sextant::woo::ReadPoint& read, int number) {
    auto orders = std::make_shared<std::optional<Result<std::vector<sextant::woo::WooOrder>>>>();
    HttpRequest request = page(read, number);
    request.inspector_reads_json = true;
    auto inspect = [orders](const sextant::plugin::HttpResponse& r) -> std::optional<sextant::plugin::RetryLater> {
      auto listed = sextant::woo::read_orders(r.body);
      if (listed.broken)
        return sextant::plugin::RetryLater{std::chrono::milliseconds{0},
                                           "HTTP " + std::to_string(r.status) + " with a body that is not valid JSON (" +
                                               *listed.broken + ")",
                                           /*throttled=*/false};
      orders->emplace(std::move(listed.orders));
      return std::nullopt;
    };
    return ListedPage{window.add(std::move(request), std::move(inspect)), std::move(orders)};
  }

  Result<MappedPage> map_page(std::optional<Result<std::vector<sextant::woo::WooOrder>>> listed,
                              const sextant::woo::ReadPoint& read, int number, int pages,
                              sextant::plugin::HttpWindow& window) {
    if (!listed) return make_error(Errc::internal, "WooCommerce page " + std::to_string(number) + " was never read");
    auto& orders = *listed;
    if (!orders) return orders.error();
    MappedPage mapped{sextant::Page{}, std::move(*orders), {}};
    sextant::Page& page = mapped.page;
    page.total_hint = pages;
    page.cursor = sextant::woo::cursor_after(read, number, pages);
    page.orders.reserve(mapped.orders.size());
    for (std::size_t i = 0; i < mapped.orders.size(); ++i) {
      const auto& o = mapped.orders[i];
      if (page.currency.empty()) page.currency = o.currency;
      if (o.currency != page.currency)
        return make_error(Errc::invalid_input, "WooCommerce order " + o.fact.id + " is in " + o.currency +
                                                   ", others in " + page.currency + ": one shop, one currency");
      page.orders.push_back(o.fact);
      if (!o.refund_ids.empty())
        mapped.refunds.emplace_back(window.add(get("/wp-json/wc/v3/orders/" + o.fact.id + "/refunds", {})), i);
    }
    return mapped;
  }

  // Reads a mapped page's refunds, then emits it.
  Result<> emit_page(MappedPage& mapped, sextant::plugin::HttpWindow& window, sextant::plugin::Emitter& out) {
    for (const auto& [ticket, index] : mapped.refunds) {
      auto answer = window.take(ticket);
      if (!answer) return answer.error();
      auto refunds = sextant::woo::parse_refunds(answer->body, mapped.orders[index]);
      if (!refunds) return refunds.error();
      mapped.page.refunds.insert(mapped.page.refunds.end(), refunds->begin(), refunds->end());
    }
    return out.emit(std::move(mapped.page));
  }

  HttpRequest page(const sextant::woo::ReadPoint& read, int number) {
    Params params{{"dates_are_gmt", "true"}, {"orderby", "id"}, {"order", "asc"},
                  {"per_page", std::to_string(read.per_page)}, {"page", std::to_string(number)}, {"status", "any"}};
    if (read.since) params.emplace_back("modified_after", gmt_text(*read.since));
    return get("/wp-json/wc/v3/orders", std::move(params));
  }

  HttpRequest get(const std::string& path, Params params) {
    HttpRequest r;
    const std::string base = s_.url + path;
    r.headers.push_back({"Accept", "application/json"});
    switch (s_.auth) {
      case Auth::basic:
        r.headers.push_back({"Authorization", "Basic " + basic_credentials()});
        break;
      case Auth::query:
        params.emplace_back("consumer_key", s_.key);
        params.emplace_back("consumer_secret", s_.secret);
        break;
      case Auth::oauth1:
        // A nonce is good once: every attempt, retries included, is signed afresh.
        r.before_send = [this, base, params](HttpRequest& attempt) {
          static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
          std::string nonce;
          for (int i = 0; i < 32; ++i) nonce += kAlphabet[random_() % 36];
          attempt.url = base + "?" + s_.signer->signed_query("GET", base, params,
                                                             host_.wall_now().time_since_epoch().count(), nonce);
        };
        break;
    }
    r.url = base + (params.empty() ? "" : "?" + sextant::plugin::query_string(params));
    return r;
  }

  std::string basic_credentials() const { return sextant::plugin::base64(s_.key + ":" + s_.secret); }

  WooSettings s_;
  sextant::plugin::Host& host_;
  std::mt19937 random_;
};

class WooFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Orders and refunds from a WooCommerce shop (REST API v3)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             kCounted, {.orders = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"url", "allow_insecure_http", "consumer_key", "consumer_secret", "auth", "per_page"}); !ok) return ok.error();
    WooSettings w;
    auto url = s.url("url");
    auto key = s.string("consumer_key");
    auto secret = s.string("consumer_secret");
    auto per_page = s.integer("per_page", 1, 100, 100);
    for (const auto* r : {&url, &key, &secret})
      if (!*r) return r->error();
    if (!per_page) return per_page.error();
    w.url = *url;
    w.key = *key;
    w.secret = *secret;
    w.per_page = static_cast<int>(*per_page);
    bool https = w.url.starts_with("https://");
    auto auth = s.string("auth", https ? "basic" : "oauth1");
    if (!auth) return auth.error();
    if (*auth == "basic") w.auth = Auth::basic;
    else if (*auth == "query") w.auth = Auth::query;
    else if (*auth == "oauth1") w.auth = Auth::oauth1;
    else return Settings::fail("auth", "\"" + *auth + "\" is not basic, query or oauth1");
    if (w.auth == Auth::oauth1) {
      auto signer = sextant::woo::OAuth1Signer::make(w.key, w.secret);
      if (!signer) return signer.error();
      w.signer.emplace(std::move(*signer));
    }
    // OAuth 1.0a is WooCommerce's way over plain HTTP: its signature does not reveal the secret.
    auto insecure = s.insecure_http_allowed();
    if (!insecure) return insecure.error();
    if (!https && w.auth != Auth::oauth1 && !*insecure)
      return Settings::fail("auth", "over plain HTTP WooCommerce takes oauth1 only: the key would travel in clear "
                                    "(set \"allow_insecure_http\": true for a test server or a trusted network)");
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<WooSource>(std::move(w), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(WooFactory, "woocommerce", "1.0.0")
