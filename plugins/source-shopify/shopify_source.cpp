#include "shopify_source.hpp"

#include "queries.hpp"
#include "query_cost.hpp"
#include "shopify_amounts.hpp"
#include "shopify_answer.hpp"
#include "shopify_bulk.hpp"
#include "shopify_mapping.hpp"
#include "shopify_order_details.hpp"
#include "shopify_sessions.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>

namespace sextant::shopify {

namespace {

using namespace std::chrono;
namespace json = boost::json;
using plugin::json_text;

// Sorted by updatedAt: once a page is stored, everything updated before its last order is in.
Result<std::string> updated_at(const json::object& order) {
  return need_string(order, "updatedAt", "updatedAt of order " + json_text(order, "id"));
}

class ShopifySource final : public plugin::Source {
 public:
  ShopifySource(ShopifySettings settings, plugin::Host& host)
      : settings_(std::move(settings)), host_(host), api_(settings_.api, host) {}

  Result<> check() override {
    auto data = api_.graphql(kShop, {});
    if (!data) return data.error();
    std::string scopes;
    if (const auto* install = plugin::json_object(*data, "currentAppInstallation"))
      if (const auto* list = plugin::json_array(*install, "accessScopes"))
        for (const auto& scope : *list)
          if (scope.is_object()) scopes += " " + json_text(scope.get_object(), "handle") + " ";
    if (scopes.find(" read_orders ") == std::string::npos && scopes.find(" read_all_orders ") == std::string::npos)
      return make_error(Errc::unauthorized, "the token may not read orders: grant it read_orders and read_all_orders");
    if (scopes.find(" read_all_orders ") == std::string::npos)
      return make_error(Errc::unauthorized,
                        "the token may read only the last 60 days of orders: grant it read_all_orders, or the "
                        "history before that will be missing");
    if (settings_.sessions && scopes.find(" read_reports ") == std::string::npos)
      host_.log(plugin::LogLevel::warning, "the token may not read reports (read_reports): no sessions");
    return {};
  }

  Result<> read(const plugin::ReadRequest& request, plugin::Emitter& out) override {
    std::string search;
    std::optional<sys_seconds> since;
    if (!request.cursor.empty()) {
      auto at = parse_instant(request.cursor);
      if (!at) return make_error(Errc::invalid_input, "the stored cursor \"" + request.cursor + "\" is not a time");
      since = *at - request.overlap;
      search = "updated_at:>='" + format_instant(*since) + "'";
    }
    std::string cursor = request.cursor;
    std::optional<sys_days> first_day;
    auto count = order_count(search);
    if (!count) return count.error();
    Result<> orders = *count >= settings_.bulk_threshold ? bulk(search, cursor, first_day, out)
                                                         : paged(search, cursor, first_day, out);
    if (!orders) return orders;
    if (!settings_.sessions || !request.facts.sessions) return {};
    // Sessions from the day the read starts (or the first order read) to today.
    sys_days from = since ? floor<days>(*since) : first_day.value_or(floor<days>(host_.now()) - days{30});
    return sessions(from, cursor, out);
  }

 private:
  Result<std::int64_t> order_count(const std::string& search) {
    json::object vars{{"limit", nullptr}};
    if (!search.empty()) vars["query"] = search;
    auto data = api_.graphql(kOrdersCount, vars);
    if (!data) return data.error();
    const auto* count = plugin::json_object(*data, "ordersCount");
    if (!count) return bad("no ordersCount");
    const auto* value = count->if_contains("count");
    return value ? need_integer(*value, "an ordersCount.count") : bad("no ordersCount.count");
  }

  Result<> emit_orders(const std::vector<json::object>& nodes, std::string cursor, std::optional<sys_days>& first_day,
                       std::int64_t total_pages, plugin::Emitter& out) {
    Page page;
    page.cursor = std::move(cursor);
    page.total_hint = total_pages;
    for (const auto& node : nodes) {
      auto mapped = map_order(node);
      if (!mapped) return mapped.error();
      if (page.currency.empty()) page.currency = mapped->currency;
      auto day = floor<days>(mapped->order.placed_at);
      if (!first_day || day < *first_day) first_day = day;
      page.orders.push_back(std::move(mapped->order));
      page.refunds.insert(page.refunds.end(), mapped->refunds.begin(), mapped->refunds.end());
    }
    return out.emit(std::move(page));
  }

  Result<> paged(const std::string& search, std::string& cursor, std::optional<sys_days>& first_day,
                 plugin::Emitter& out) {
    const std::string query = orders_page_query();
    // A page costs 2 + n x one order (a connection); one order's cost from the document itself.
    auto one = requested_cost(query, {{"first", 1}});
    if (!one) return one.error();
    double per_order = *one - 2;
    std::optional<std::string> after;
    for (;;) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      const int page_size = api_.fitting(2, per_order, settings_.page_size);
      api_.plan_page(page_size);
      json::object vars{{"first", page_size}};
      if (after) vars["after"] = *after;
      if (!search.empty()) vars["query"] = search;
      auto data = api_.graphql(query, vars);
      if (!data) return data.error();
      // Shopify's own figure wins: a page it prices higher than this plugin does shrinks the next.
      if (const double priced = api_.last_requested_cost(); priced > 2)
        per_order = std::max(per_order, (priced - 2) / page_size);
      auto listed = need_page(*data, "orders", "orders");
      if (!listed) return listed.error();
      std::vector<json::object> nodes;
      for (const auto& n : *listed->nodes) {
        if (!n.is_object()) return bad("an orders.nodes entry that is not an order: " + json::serialize(n));
        nodes.push_back(n.get_object());
      }
      if (auto ok = complete_orders(api_, nodes); !ok) return ok;
      if (!nodes.empty()) {
        auto last = updated_at(nodes.back());
        if (!last) return last.error();
        cursor = std::move(*last);
      }
      if (auto ok = emit_orders(nodes, cursor, first_day, -1, out); !ok) return ok;
      if (!listed->next) return {};
      after = std::move(listed->next);
    }
  }

  Result<> bulk(const std::string& search, std::string& cursor, std::optional<sys_days>& first_day,
                plugin::Emitter& out) {
    auto nodes = bulk_orders(api_, host_, bulk_orders_query(search), out);
    if (!nodes) return nodes.error();
    // A bulk file is not in order: the cursor moves to its latest update with the last page only.
    std::string latest = cursor;
    for (const auto& n : *nodes) {
      auto updated = updated_at(n);
      if (!updated) return updated.error();
      latest = std::max(latest, *updated);
    }
    const std::size_t per_page = 250;
    const auto count = nodes->size();
    const auto pages = static_cast<std::int64_t>(std::max<std::size_t>(1, (count + per_page - 1) / per_page));
    for (std::size_t start = 0; start < count || start == 0; start += per_page) {
      std::vector<json::object> chunk(nodes->begin() + static_cast<std::ptrdiff_t>(std::min(start, count)),
                                      nodes->begin() + static_cast<std::ptrdiff_t>(std::min(start + per_page, count)));
      bool last = start + per_page >= count;
      if (auto ok = emit_orders(chunk, last ? latest : cursor, first_day, pages, out); !ok) return ok;
      if (last) break;
    }
    cursor = latest;
    return {};
  }

  Result<> sessions(sys_days from, const std::string& cursor, plugin::Emitter& out) {
    auto daily = daily_sessions(api_, from);
    if (!daily) {
      if (daily.error().code != Errc::unauthorized) return daily.error();
      host_.log(plugin::LogLevel::warning,
                "no sessions: the token may not read reports (read_reports); conversion rates will be missing");
      return {};
    }
    Page page;
    page.cursor = cursor;
    page.daily = std::move(*daily);
    return out.emit(std::move(page));
  }

  ShopifySettings settings_;
  plugin::Host& host_;
  ShopifyApi api_;
};

}  // namespace

std::unique_ptr<plugin::Source> make_source(ShopifySettings settings, plugin::Host& host) {
  return std::make_unique<ShopifySource>(std::move(settings), host);
}

}  // namespace sextant::shopify
