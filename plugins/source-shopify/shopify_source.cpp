// source-shopify: orders and refunds from the Shopify Admin GraphQL API. Orders updated since
// the cursor, sorted by UPDATED_AT, cursor-paginated; a backfill above a configurable size runs as
// a bulk operation (JSONL); every query's requested cost is computed before it is sent (query_cost)
// and pages sized to stay under Shopify's single-query limit and the bucket; requests are paced on
// the cost bucket the API reports (extensions.cost.throttleStatus); sessions through ShopifyQL when
// the token may read reports.
#include "queries.hpp"
#include "query_cost.hpp"
#include "shopify_mapping.hpp"
#include "source_shopify_embedded.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/export.hpp>
#include <sextant/plugin/settings.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace {

using namespace std::chrono;
namespace json = boost::json;
using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::plugin::HttpRequest;
using sextant::plugin::HttpResponse;

constexpr std::array<std::string_view, 5> kCounted{"paid", "partially_paid", "partially_refunded", "refunded",
                                                   "authorized"};
constexpr std::array<std::string_view, 2> kSecrets{"/access_token", "/client_secret"};

struct ShopifySettings {
  std::string url;  // https://{shop}.myshopify.com
  std::string version = "2025-10";
  std::string access_token;
  std::string client_id, client_secret;  // client credentials grant, instead of a token
  int page_size = 250;  // an upper bound: pages are as large as the query cost limit allows
  std::int64_t bulk_threshold = 10000;
  bool sessions = true;
};

std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", x);
  return buf;
}

class ShopifySource final : public sextant::plugin::Source {
 public:
  ShopifySource(ShopifySettings s, sextant::plugin::Host& host)
      : s_(std::move(s)), host_(host), limiter_key_("shopify:" + s_.url), token_(s_.access_token) {}

  Result<> check() override {
    auto data = graphql(sextant::shopify::kShop, {});
    if (!data) return data.error();
    std::string scopes;
    if (const auto* install = data->if_contains("currentAppInstallation"); install && install->is_object())
      if (const auto* list = install->as_object().if_contains("accessScopes"); list && list->is_array())
        for (const auto& s : list->as_array())
          if (s.is_object()) scopes += " " + std::string(s.at("handle").as_string()) + " ";
    if (scopes.find(" read_orders ") == std::string::npos && scopes.find(" read_all_orders ") == std::string::npos)
      return make_error(Errc::unauthorized, "the token may not read orders: grant it read_orders and read_all_orders");
    if (scopes.find(" read_all_orders ") == std::string::npos)
      return make_error(Errc::unauthorized,
                        "the token may read only the last 60 days of orders: grant it read_all_orders, or the "
                        "history before that will be missing");
    if (s_.sessions && scopes.find(" read_reports ") == std::string::npos)
      host_.log(sextant::plugin::LogLevel::warning, "the token may not read reports (read_reports): no sessions");
    return {};
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    std::string search;
    std::optional<sys_seconds> since;
    if (!request.cursor.empty()) {
      auto at = sextant::parse_instant(request.cursor);
      if (!at) return make_error(Errc::invalid_input, "the stored cursor \"" + request.cursor + "\" is not a time");
      since = *at - request.overlap;
      search = "updated_at:>='" + sextant::format_instant(*since) + "'";
    }
    std::string cursor = request.cursor;
    std::optional<sys_days> first_day;
    auto count = order_count(search);
    if (!count) return count.error();
    Result<> orders = *count >= s_.bulk_threshold ? bulk(search, cursor, first_day, out)
                                                 : paged(search, cursor, first_day, out);
    if (!orders) return orders;
    if (!s_.sessions) return {};
    // Sessions from the day the read starts (or the first order read) to today.
    sys_days from = since ? floor<days>(*since) : first_day.value_or(floor<days>(host_.now()) - days{30});
    return sessions(from, cursor, out);
  }

 private:
  // One GraphQL call at its computed requested cost, paced on the API's cost bucket. THROTTLED
  // answers are waited out by the core; the core retries an answer that is not JSON (cut short, a
  // captcha page) like a 5xx, and Shopify's INTERNAL_SERVER_ERROR inside a 200 likewise; other
  // GraphQL errors are errors.
  Result<json::object> graphql(const std::string& query, json::object variables, bool idempotent = true) {
    if (auto ok = ensure_token(); !ok) return ok.error();
    server_cost_ = 0;
    auto cost = sextant::shopify::requested_cost(query, variables);
    if (!cost) return cost.error();
    const double estimate = *cost;
    HttpRequest r;
    r.method = "POST";
    r.url = s_.url + "/admin/api/" + s_.version + "/graphql.json";
    r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    r.body = json::serialize(json::object{{"query", query}, {"variables", std::move(variables)}});
    r.idempotent = idempotent;
    r.limiter_key = limiter_key_;
    r.cost = estimate;
    r.before_send = [this](HttpRequest& attempt) { attempt.headers.push_back({"X-Shopify-Access-Token", token_}); };
    auto inspect = [this, estimate](const HttpResponse& response) -> std::optional<sextant::plugin::RetryLater> {
      boost::system::error_code ec;
      auto doc = json::parse(response.body, ec);
      if (ec || !doc.is_object()) return std::nullopt;  // the core retries what is not JSON
      auto status = budget(doc.as_object());
      auto code = error_code(doc.as_object());
      if (code == "INTERNAL_SERVER_ERROR")
        return sextant::plugin::RetryLater{milliseconds{0}, "INTERNAL_SERVER_ERROR", /*throttled=*/false};
      if (code != "THROTTLED") return std::nullopt;
      double wait = status ? std::max(0.0, (estimate - status->available) / std::max(1.0, status->refill_per_second)) : 1.0;
      return sextant::plugin::RetryLater{milliseconds{static_cast<long>(std::ceil(wait * 1000))},
                                        "THROTTLED (" + number_text(estimate) + " points asked)"};
    };
    auto answer = host_.http().send(r, inspect);
    if (!answer) return answer.error();
    boost::system::error_code ec;
    auto doc = json::parse(answer->body, ec);
    if (ec || !doc.is_object()) return make_error(Errc::bad_response, "Shopify sent an answer that is not JSON, cut short?");
    const auto& o = doc.as_object();
    if (const auto* errors = o.if_contains("errors"); errors && errors->is_array() && !errors->as_array().empty()) {
      const auto& first = errors->as_array()[0];
      std::string message = first.is_object() && first.as_object().contains("message")
                                ? std::string(first.at("message").as_string())
                                : json::serialize(first);
      std::string code = error_code(o);
      if (code == "MAX_COST_EXCEEDED") {
        // Shopify's own price of the query, when it says it: it is the one over the limit.
        double priced = estimate;
        if (const auto* ext = first.is_object() ? first.as_object().if_contains("extensions") : nullptr;
            ext && ext->is_object())
          if (const auto* c = ext->as_object().if_contains("cost"); c && c->is_number()) priced = c->to_number<double>();
        return make_error(Errc::remote_rejected,
                          "Shopify refused a query of " + std::to_string(std::lround(priced)) +
                              " points as over its single-query cost limit (MAX_COST_EXCEEDED): set a smaller "
                              "\"page_size\" in the source's settings (now " + std::to_string(page_) +
                              " orders a page)");
      }
      return make_error(code == "ACCESS_DENIED" ? Errc::unauthorized : Errc::remote_rejected,
                        "Shopify refused the query: " + message + (code.empty() ? "" : " (" + code + ")"));
    }
    if (const auto* ext = o.if_contains("extensions"); ext && ext->is_object())
      if (const auto* c = ext->as_object().if_contains("cost"); c && c->is_object())
        if (const auto* asked = c->as_object().if_contains("requestedQueryCost"); asked && asked->is_number())
          server_cost_ = asked->to_number<double>();
    const auto* data = o.if_contains("data");
    if (!data || !data->is_object()) return make_error(Errc::bad_response, "Shopify sent an answer without data");
    return data->as_object();
  }

  // Feeds the core's limiter with the bucket the API reports.
  std::optional<sextant::plugin::RateBudget> budget(const json::object& doc) {
    const auto* ext = doc.if_contains("extensions");
    if (!ext || !ext->is_object()) return std::nullopt;
    const auto* cost = ext->as_object().if_contains("cost");
    if (!cost || !cost->is_object()) return std::nullopt;
    const auto* status = cost->as_object().if_contains("throttleStatus");
    if (!status || !status->is_object()) return std::nullopt;
    const auto& s = status->as_object();
    sextant::plugin::RateBudget b{s.at("maximumAvailable").to_number<double>(), s.at("currentlyAvailable").to_number<double>(),
                                  s.at("restoreRate").to_number<double>()};
    host_.http().budget(limiter_key_, b);
    capacity_ = b.capacity;
    return b;
  }

  // The first error's extensions.code ("THROTTLED", "MAX_COST_EXCEEDED", ...), or "".
  static std::string error_code(const json::object& doc) {
    const auto* errors = doc.if_contains("errors");
    if (!errors || !errors->is_array()) return {};
    for (const auto& e : errors->as_array())
      if (e.is_object())
        if (const auto* ext = e.as_object().if_contains("extensions"); ext && ext->is_object())
          if (const auto* code = ext->as_object().if_contains("code"); code && code->is_string())
            return std::string(code->get_string());
    return {};
  }

  // Client-credentials tokens last a day: a new one is asked for when less than 5 minutes remain.
  Result<> ensure_token() {
    if (s_.client_id.empty() || (token_expires_ - host_.wall_now() > minutes{5} && !token_.empty())) return {};
    HttpRequest r;
    r.method = "POST";
    r.url = s_.url + "/admin/oauth/access_token";
    r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    r.body = json::serialize(json::object{
        {"client_id", s_.client_id}, {"client_secret", s_.client_secret}, {"grant_type", "client_credentials"}});
    auto answer = host_.http().send(r);
    if (!answer) return answer.error();
    boost::system::error_code ec;
    auto doc = json::parse(answer->body, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("access_token") || !doc.at("access_token").is_string())
      return make_error(Errc::bad_response, "Shopify's token endpoint sent no access_token");
    token_ = std::string(doc.at("access_token").as_string());
    host_.register_secret(token_);
    long lifetime = doc.as_object().contains("expires_in") ? static_cast<long>(doc.at("expires_in").to_number<double>()) : 86400;
    token_expires_ = host_.wall_now() + seconds{lifetime};
    host_.log(sextant::plugin::LogLevel::debug, "new access token, valid " + std::to_string(lifetime) + " s");
    return {};
  }

  Result<std::int64_t> order_count(const std::string& search) {
    json::object vars{{"limit", nullptr}};
    if (!search.empty()) vars["query"] = search;
    auto data = graphql(sextant::shopify::kOrdersCount, vars);
    if (!data) return data.error();
    const auto* c = data->if_contains("ordersCount");
    if (!c || !c->is_object()) return make_error(Errc::bad_response, "Shopify sent no ordersCount");
    return c->at("count").to_number<std::int64_t>();
  }

  Result<> emit_orders(const std::vector<json::object>& nodes, std::string cursor, std::optional<sys_days>& first_day,
                       std::int64_t total_pages, sextant::plugin::Emitter& out) {
    sextant::Page page;
    page.cursor = std::move(cursor);
    page.total_hint = total_pages;
    for (const auto& node : nodes) {
      auto mapped = sextant::shopify::map_order(node);
      if (!mapped) return mapped.error();
      if (page.currency.empty()) page.currency = mapped->currency;
      auto day = floor<days>(mapped->order.placed_at);
      if (!first_day || day < *first_day) first_day = day;
      page.orders.push_back(std::move(mapped->order));
      page.refunds.insert(page.refunds.end(), mapped->refunds.begin(), mapped->refunds.end());
    }
    return out.emit(std::move(page));
  }

  // The most points one query may ask: Shopify's single-query limit, or a smaller bucket.
  [[nodiscard]] double query_budget() const { return std::min<double>(sextant::shopify::kMaxQueryCost, capacity_); }

  // How many of `per` points fit beside `fixed` in one query: at least 1, at most `most`.
  [[nodiscard]] int fitting(double fixed, double per, int most) const {
    return std::clamp(static_cast<int>((query_budget() - fixed) / std::max(1.0, per)), 1, most);
  }

  Result<> paged(const std::string& search, std::string& cursor, std::optional<sys_days>& first_day,
                 sextant::plugin::Emitter& out) {
    const std::string query = sextant::shopify::orders_page_query();
    // A page costs 2 + n x one order (a connection); one order's cost from the document itself.
    auto one = sextant::shopify::requested_cost(query, {{"first", 1}});
    if (!one) return one.error();
    double per_order = *one - 2;
    std::optional<std::string> after;
    for (;;) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      page_ = fitting(2, per_order, s_.page_size);
      json::object vars{{"first", page_}};
      if (after) vars["after"] = *after;
      if (!search.empty()) vars["query"] = search;
      auto data = graphql(query, vars);
      if (!data) return data.error();
      // Shopify's own figure wins: a page it prices higher than this plugin does shrinks the next.
      if (server_cost_ > 2) per_order = std::max(per_order, (server_cost_ - 2) / page_);
      const auto& orders = data->at("orders").as_object();
      std::vector<json::object> nodes;
      for (const auto& n : orders.at("nodes").as_array()) nodes.push_back(n.as_object());
      if (auto ok = complete_lines(nodes); !ok) return ok;
      if (auto ok = attach_refunds(nodes); !ok) return ok;
      // Sorted by updatedAt: once a page is stored, everything updated before its last order is in.
      if (!nodes.empty()) cursor = std::string(nodes.back().at("updatedAt").as_string());
      if (auto ok = emit_orders(nodes, cursor, first_day, -1, out); !ok) return ok;
      const auto& info = orders.at("pageInfo").as_object();
      if (!info.at("hasNextPage").as_bool()) return {};
      after = std::string(info.at("endCursor").as_string());
    }
  }

  // Orders with more line items than a page asks for each get the rest in queries of their own.
  Result<> complete_lines(std::vector<json::object>& nodes) {
    const std::string query = sextant::shopify::order_lines_query();
    auto one = sextant::shopify::requested_cost(query, {{"id", ""}, {"first", 1}});
    if (!one) return one.error();
    auto two = sextant::shopify::requested_cost(query, {{"id", ""}, {"first", 2}});
    if (!two) return two.error();
    const int first = fitting(*one - (*two - *one), *two - *one, 250);
    for (auto& order : nodes) {
      auto* lines = order.if_contains("lineItems");
      if (!lines || !lines->is_object()) continue;
      for (;;) {
        const auto& info = lines->as_object().at("pageInfo").as_object();
        if (!info.at("hasNextPage").as_bool()) break;
        auto data = graphql(query, {{"id", order.at("id")}, {"first", first}, {"after", info.at("endCursor")}});
        if (!data) return data.error();
        auto* node = data->if_contains("node");
        if (!node || !node->is_object() || !node->as_object().contains("lineItems"))
          return make_error(Errc::bad_response, "Shopify sent no order " + std::string(order.at("id").as_string()) +
                                                    " when asked for the rest of its line items");
        auto& more = node->as_object().at("lineItems").as_object();
        auto& into = lines->as_object()["nodes"].as_array();
        for (auto& n : more.at("nodes").as_array()) into.push_back(std::move(n));
        lines->as_object()["pageInfo"] = more.at("pageInfo");
      }
    }
    return {};
  }

  // A page names each order's refunds; their lines are read here, for the orders that have any,
  // as many refunds a query as its cost limit allows.
  Result<> attach_refunds(std::vector<json::object>& nodes) {
    std::vector<json::value> ids;
    for (const auto& order : nodes)
      if (const auto* refunds = order.if_contains("refunds"); refunds && refunds->is_array())
        for (const auto& r : refunds->as_array()) ids.push_back(r.at("id"));
    if (ids.empty()) return {};
    const std::string query = sextant::shopify::refunds_query();
    auto one = sextant::shopify::requested_cost(query, {{"ids", json::array{nullptr}}});
    if (!one) return one.error();
    const auto batch = static_cast<std::size_t>(fitting(0, *one, 250));
    std::map<std::string, json::value> read;
    for (std::size_t at = 0; at < ids.size(); at += batch) {
      json::array chunk(ids.begin() + static_cast<std::ptrdiff_t>(at),
                        ids.begin() + static_cast<std::ptrdiff_t>(std::min(at + batch, ids.size())));
      auto data = graphql(query, {{"ids", std::move(chunk)}});
      if (!data) return data.error();
      for (auto& r : data->at("nodes").as_array())
        if (r.is_object()) read[std::string(r.at("id").as_string())] = std::move(r);
    }
    for (auto& order : nodes)
      if (auto* refunds = order.if_contains("refunds"); refunds && refunds->is_array())
        for (auto& r : refunds->as_array()) {
          auto it = read.find(std::string(r.at("id").as_string()));
          if (it == read.end())
            return make_error(Errc::bad_response, "Shopify sent no refund " + std::string(r.at("id").as_string()));
          r = it->second;
        }
    return {};
  }

  // The bulk operation for `query`: one already running for it (a start whose answer was lost, or
  // an earlier sync stopped midway) is taken up rather than started again, since Shopify runs one
  // bulk query at a time. A start that fails on the way (5xx, reset) is looked for before trying
  // again: it may have started.
  Result<std::string> start_bulk(const std::string& query) {
    auto current = [&](bool completed_too) -> Result<std::optional<std::string>> {
      auto data = graphql(sextant::shopify::kCurrentBulk, {});
      if (!data) return data.error();
      const auto* op = data->if_contains("currentBulkOperation");
      if (!op || !op->is_object() || op->as_object().at("query") != json::value(query)) return std::optional<std::string>();
      const auto& status = op->as_object().at("status");
      if (status == "CREATED" || status == "RUNNING" || (completed_too && status == "COMPLETED"))
        return std::optional<std::string>(std::string(op->as_object().at("id").as_string()));
      return std::optional<std::string>();
    };
    auto running = current(false);
    if (!running) return running.error();
    if (*running) return **running;
    constexpr int kStarts = 3;
    for (int attempt = 1;; ++attempt) {
      auto started = graphql(sextant::shopify::kRunBulk, {{"query", query}}, /*idempotent=*/false);
      if (started) {
        const auto& run = started->at("bulkOperationRunQuery").as_object();
        if (const auto& errors = run.at("userErrors").as_array(); !errors.empty())
          return make_error(Errc::remote_rejected, "Shopify refused the bulk operation: " +
                                                       std::string(errors[0].at("message").as_string()));
        return std::string(run.at("bulkOperation").at("id").as_string());
      }
      if (started.error().code != Errc::transient || attempt == kStarts) return started.error();
      auto mine = current(true);
      if (!mine) return mine.error();
      if (*mine) return **mine;
      host_.log(sextant::plugin::LogLevel::info, "the bulk operation did not start (" + started.error().message +
                                                     "); starting it again");
    }
  }

  Result<> bulk(const std::string& search, std::string& cursor, std::optional<sys_days>& first_day,
                sextant::plugin::Emitter& out) {
    auto id = start_bulk(sextant::shopify::bulk_orders_query(search));
    if (!id) return id.error();
    std::string url;
    for (int poll = 0;; ++poll) {
      auto status = graphql(sextant::shopify::kBulkStatus, {{"id", *id}});
      if (!status) return status.error();
      const auto& op = status->at("node").as_object();
      std::string state(op.at("status").as_string());
      if (state == "COMPLETED") {
        url = op.at("url").is_string() ? std::string(op.at("url").as_string()) : "";
        break;
      }
      if (state != "CREATED" && state != "RUNNING")
        return make_error(Errc::remote_rejected, "Shopify's bulk operation ended " + state +
                                                     (op.at("errorCode").is_string()
                                                          ? " (" + std::string(op.at("errorCode").as_string()) + ")"
                                                          : std::string()));
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      host_.wait_for(milliseconds{std::min(10'000, 500 << std::min(poll, 4))}, "bulk operation " + state);
    }
    std::vector<json::object> nodes;
    if (!url.empty()) {  // no url: nothing matched
      HttpRequest download;
      download.url = url;
      download.expect_json = false;  // JSONL
      auto file = host_.http().send(download);
      if (!file) return file.error();
      auto rebuilt = sextant::shopify::rebuild_bulk(file->body);
      if (!rebuilt) return rebuilt.error();
      nodes = std::move(*rebuilt);
    }
    // A bulk file is not in order: the cursor moves to its latest update with the last page only.
    std::string latest = cursor;
    for (const auto& n : nodes) latest = std::max(latest, std::string(n.at("updatedAt").as_string()));
    const std::size_t per_page = 250;
    const auto pages = static_cast<std::int64_t>(std::max<std::size_t>(1, (nodes.size() + per_page - 1) / per_page));
    for (std::size_t start = 0; start < nodes.size() || start == 0; start += per_page) {
      std::vector<json::object> chunk(nodes.begin() + static_cast<std::ptrdiff_t>(std::min(start, nodes.size())),
                                      nodes.begin() + static_cast<std::ptrdiff_t>(std::min(start + per_page, nodes.size())));
      bool last = start + per_page >= nodes.size();
      if (auto ok = emit_orders(chunk, last ? latest : cursor, first_day, pages, out); !ok) return ok;
      if (last) break;
    }
    cursor = latest;
    return {};
  }

  Result<> sessions(sys_days from, const std::string& cursor, sextant::plugin::Emitter& out) {
    std::string q = "FROM sessions SHOW sessions GROUP BY day SINCE " + sextant::format_date(from) + " UNTIL today ORDER BY day";
    auto data = graphql(sextant::shopify::kSessions, {{"q", q}});
    if (!data) {
      if (data.error().code != Errc::unauthorized) return data.error();
      host_.log(sextant::plugin::LogLevel::warning,
                "no sessions: the token may not read reports (read_reports); conversion rates will be missing");
      return {};
    }
    const auto* result = data->if_contains("shopifyqlQuery");
    if (!result || !result->is_object()) return make_error(Errc::bad_response, "Shopify sent no shopifyqlQuery");
    const auto& table = result->at("tableData").as_object();
    std::vector<std::string> columns;
    for (const auto& c : table.at("columns").as_array()) columns.emplace_back(c.at("name").as_string());
    auto column = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
    };
    const std::size_t day_at = column("day"), sessions_at = column("sessions");
    sextant::Page page;
    page.cursor = cursor;
    for (const auto& row : table.at("rows").as_array()) {
      const json::value* day = nullptr;
      const json::value* value = nullptr;
      if (row.is_array()) {
        if (day_at < row.as_array().size()) day = &row.as_array()[day_at];
        if (sessions_at < row.as_array().size()) value = &row.as_array()[sessions_at];
      } else if (row.is_object()) {
        day = row.as_object().if_contains("day");
        value = row.as_object().if_contains("sessions");
      }
      if (!day || !value || !day->is_string()) continue;
      auto d = sextant::parse_date(std::string(day->as_string()).substr(0, 10));
      if (!d) continue;
      std::int64_t n = value->is_string() ? std::stoll(std::string(value->as_string())) : value->to_number<std::int64_t>();
      page.daily.push_back({*d, "sessions", n});
    }
    return out.emit(std::move(page));
  }

  ShopifySettings s_;
  sextant::plugin::Host& host_;
  std::string limiter_key_;
  std::string token_;
  sys_seconds token_expires_{};
  double capacity_ = sextant::shopify::kMaxQueryCost;  // the bucket's size, once Shopify has said it
  double server_cost_ = 0;  // Shopify's requestedQueryCost for the last query answered
  int page_ = 0;            // orders a page, as last planned
};

class ShopifyFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Orders, refunds and sessions from a Shopify store (Admin GraphQL API)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, kSecrets,
                                             kCounted};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    using sextant::plugin::Settings;
    Settings s(settings);
    if (auto ok = s.only({"shop", "url", "allow_insecure_http", "api_version", "access_token", "client_id",
                          "client_secret", "page_size", "bulk_threshold", "sessions"});
        !ok)
      return ok.error();
    ShopifySettings w;
    auto shop = s.string("shop", "");
    auto url = s.has("url") ? s.credential_url("url") : Result<std::string>(std::string());
    auto version = s.string("api_version", "2025-10");
    auto token = s.string("access_token", "");
    auto client_id = s.string("client_id", "");
    auto client_secret = s.string("client_secret", "");
    auto page_size = s.integer("page_size", 1, 250, 250);
    auto threshold = s.integer("bulk_threshold", 1, INT64_MAX, 10000);
    auto sessions = s.boolean("sessions", true);
    for (const auto* r : {&shop, &url, &version, &token, &client_id, &client_secret})
      if (!*r) return r->error();
    if (!page_size) return page_size.error();
    if (!threshold) return threshold.error();
    if (!sessions) return sessions.error();
    if (!url->empty()) w.url = *url;  // a full address: a proxy, or a test server
    else if (!shop->empty()) w.url = "https://" + *shop;
    else return sextant::make_error(Errc::invalid_input, "give the store as \"shop\" (name.myshopify.com)");
    while (w.url.back() == '/') w.url.pop_back();
    w.version = *version;
    if (version->size() != 7 || (*version)[4] != '-')
      return Settings::fail("api_version", "\"" + *version + "\" is not an API version such as 2025-10");
    w.access_token = *token;
    w.client_id = *client_id;
    w.client_secret = *client_secret;
    if (w.access_token.empty() == (w.client_id.empty() || w.client_secret.empty()))
      return sextant::make_error(Errc::invalid_input,
                                 "give either an access_token, or a client_id and a client_secret (client credentials)");
    w.page_size = static_cast<int>(*page_size);
    w.bulk_threshold = *threshold;
    w.sessions = *sessions;
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<ShopifySource>(std::move(w), host));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(ShopifyFactory, "shopify", "1.0.0")
