#include "shopify_bulk.hpp"

#include "queries.hpp"
#include "shopify_amounts.hpp"
#include "shopify_answer.hpp"
#include "shopify_mapping.hpp"

#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>

namespace sextant::shopify {

namespace {

namespace json = boost::json;
using plugin::json_text;

class BulkOperation {
 public:
  BulkOperation(ShopifyApi& api, plugin::Host& host, std::string query)
      : api_(api), host_(host), query_(std::move(query)) {}

  // Shopify runs one bulk query at a time: one already running for this query (a start whose
  // answer was lost, or an earlier sync stopped midway) is taken up rather than started again. A
  // start that fails on the way (5xx, reset) is looked for before trying again: it may have
  // started.
  Result<std::string> start() {
    auto running = current(/*completed_too=*/false);
    if (!running) return running.error();
    if (*running) return **running;
    constexpr int kStarts = 3;
    for (int attempt = 1;; ++attempt) {
      auto started = api_.graphql(kRunBulk, {{"query", query_}}, /*idempotent=*/false);
      if (started) return started_id(*started);
      if (started.error().code != Errc::transient || attempt == kStarts) return started.error();
      auto mine = current(/*completed_too=*/true);
      if (!mine) return mine.error();
      if (*mine) return **mine;
      host_.log(plugin::LogLevel::info, "the bulk operation did not start (" + started.error().message +
                                            "); starting it again");
    }
  }

  // The address of the operation's file once it has completed, "" when nothing matched.
  Result<std::string> wait(const std::string& id, const plugin::Emitter& out) {
    for (int poll = 0;; ++poll) {
      auto answer = api_.graphql(kBulkStatus, {{"id", id}});
      if (!answer) return answer.error();
      auto op = need_object(*answer, "node", "node (the bulk operation " + id + ")");
      if (!op) return op.error();
      auto state = need_string(**op, "status", "status of the bulk operation " + id);
      if (!state) return state.error();
      if (*state == "COMPLETED") return string_or_empty(**op, "url");
      if (*state != "CREATED" && *state != "RUNNING") {
        const std::string code = string_or_empty(**op, "errorCode");
        return make_error(Errc::remote_rejected,
                          "Shopify's bulk operation ended " + *state + (code.empty() ? "" : " (" + code + ")"));
      }
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      host_.wait_for(std::chrono::milliseconds{std::min(10'000, 500 << std::min(poll, 4))}, "bulk operation " + *state);
    }
  }

  Result<std::vector<json::object>> download(const std::string& url) {
    plugin::HttpRequest request;
    request.url = url;
    request.expect_json = false;  // JSONL
    auto file = host_.http().send(request);
    if (!file) return file.error();
    return rebuild_bulk(file->body);
  }

 private:
  // The id of the operation running this query (or completed, when `completed_too`), if any.
  Result<std::optional<std::string>> current(bool completed_too) {
    auto answer = api_.graphql(kCurrentBulk, {});
    if (!answer) return answer.error();
    const auto* op = plugin::json_object(*answer, "currentBulkOperation");
    if (!op || json_text(*op, "query") != query_) return std::optional<std::string>();
    const std::string status = json_text(*op, "status");
    if (status != "CREATED" && status != "RUNNING" && !(completed_too && status == "COMPLETED"))
      return std::optional<std::string>();
    auto id = need_string(*op, "id", "currentBulkOperation.id");
    if (!id) return id.error();
    return std::optional<std::string>(std::move(*id));
  }

  static Result<std::string> started_id(const json::object& answer) {
    auto run = need_object(answer, "bulkOperationRunQuery", "bulkOperationRunQuery");
    if (!run) return run.error();
    auto errors = need_array(**run, "userErrors", "bulkOperationRunQuery.userErrors");
    if (!errors) return errors.error();
    if (!(*errors)->empty()) {
      const auto* first = (*errors)->front().if_object();
      return make_error(Errc::remote_rejected,
                        "Shopify refused the bulk operation: " + (first ? json_text(*first, "message") : ""));
    }
    auto op = need_object(**run, "bulkOperation", "bulkOperationRunQuery.bulkOperation");
    if (!op) return op.error();
    return need_string(**op, "id", "bulkOperationRunQuery.bulkOperation.id");
  }

  static std::string string_or_empty(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  }

  ShopifyApi& api_;
  plugin::Host& host_;
  std::string query_;
};

}  // namespace

Result<std::vector<json::object>> bulk_orders(ShopifyApi& api, plugin::Host& host, const std::string& query,
                                              const plugin::Emitter& out) {
  BulkOperation operation(api, host, query);
  auto id = operation.start();
  if (!id) return id.error();
  auto url = operation.wait(*id, out);
  if (!url) return url.error();
  if (url->empty()) return std::vector<json::object>();  // nothing matched
  return operation.download(*url);
}

}  // namespace sextant::shopify
