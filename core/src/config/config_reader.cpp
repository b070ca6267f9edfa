#include "sextant/config/config_reader.hpp"

#include "sextant/json/node.hpp"
#include "sextant/loading/plugin_name.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

namespace sextant::config {

namespace {

using json::Node;

constexpr std::array<std::string_view, 4> kLogLevels{"debug", "info", "warning", "error"};
constexpr std::array<std::string_view, 2> kOrphanPolicies{"comment", "close"};
constexpr std::array<std::string_view, 2> kFactKinds{"orders", "sessions"};

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& p) {
  std::filesystem::path path(p);
  return path.is_absolute() ? path : base / path;
}

void read_http(const Node& n, http::HttpOptions& o, const std::filesystem::path& base) {
  if (!n.object({"timeout_seconds", "connect_timeout_seconds", "ca_file", "max_attempts", "max_response_mb",
                 "parallel", "requests_per_second", "backoff_base_ms", "backoff_cap_seconds", "deadline_seconds"}))
    return;
  using std::chrono::milliseconds;
  if (auto v = n.at("timeout_seconds").number(1, 3600)) o.timeout = milliseconds{static_cast<long>(*v * 1000)};
  if (auto v = n.at("connect_timeout_seconds").number(1, 600)) o.connect_timeout = milliseconds{static_cast<long>(*v * 1000)};
  if (auto v = n.at("ca_file").nonempty_string()) o.ca_file = resolve(base, *v).string();
  if (auto v = n.at("max_attempts").integer(1, 20)) o.max_attempts = static_cast<int>(*v);
  if (auto v = n.at("max_response_mb").integer(1, 4096)) o.max_response_bytes = *v << 20;
  if (auto v = n.at("parallel").integer(1, 16)) o.parallel = static_cast<int>(*v);
  if (auto v = n.at("requests_per_second").number(0, 1000)) o.requests_per_second = *v;
  if (auto v = n.at("backoff_base_ms").integer(1, 60'000)) o.backoff.base = milliseconds{*v};
  if (auto v = n.at("backoff_cap_seconds").integer(1, 3600)) o.backoff.cap = milliseconds{*v * 1000};
  if (auto v = n.at("deadline_seconds").integer(1, 3600)) o.deadline = milliseconds{*v * 1000};
}

// The port of HOST:PORT: 1 to 65535 written without a sign or leading zero, as the schema's pattern has it.
std::optional<int> parse_port(std::string_view text) {
  int port = 0;
  if (text.empty() || text.size() > 5 || text[0] == '0') return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc{} || end != text.data() + text.size() || port > 65535) return std::nullopt;
  return port;
}

// A secret reference: {"env": NAME} or {"file": PATH}, nothing else.
void check_secret_reference(const Node& n) {
  if (!n.object({"env", "file"})) return;
  if (n.at("env").present() == n.at("file").present())
    n.fail("expected a secret reference: {\"env\": \"NAME\"} or {\"file\": \"PATH\"}, one of the two");
  (void)n.at("env").nonempty_string();
  (void)n.at("file").nonempty_string();
}

// The daemon's limits (README, `sextant serve`): bounds wide enough for any real use, narrow
// enough that a typo (a limit of 0, a deadline of a day) is caught.
void read_serve_limits(const Node& n, Serve::Limits& limits) {
  if (!n.object({"connections", "request_seconds", "idle_seconds", "requests_per_connection", "replay_window_seconds"}))
    return;
  auto set = [&](const char* name, long low, long high, std::optional<int>& into) {
    if (auto v = n.at(name).integer(low, high)) into = static_cast<int>(*v);
  };
  set("connections", 1, 1'000'000, limits.connections);
  set("request_seconds", 1, 3600, limits.request_seconds);
  set("idle_seconds", 1, 3600, limits.idle_seconds);
  set("requests_per_connection", 1, 1'000'000, limits.requests_per_connection);
  set("replay_window_seconds", 1, 7 * 24 * 3600, limits.replay_window_seconds);
}

bool read_plugin_use(const Node& n, PluginUse& use, const std::filesystem::path& base) {
  use.pointer = n.pointer();
  read_http(n.at("http"), use.http, base);
  use.plugin = n.need("plugin").nonempty_string().value_or("");
  if (!use.plugin.empty() && !loading::is_plugin_name(use.plugin)) {
    n.at("plugin").fail("\"" + use.plugin + "\" is not a plugin name: expected lowercase letters, digits and _");
    use.plugin.clear();
  }
  use.name = n.at("name").nonempty_string().value_or(use.plugin);
  Node settings = n.at("settings");
  if (settings.map()) use.settings = settings.raw()->get_object();
  return !use.plugin.empty();
}

// A source's "facts": the kinds the shop takes from it, each once, at least one.
std::optional<FactKinds> read_fact_kinds(const Node& n) {
  if (!n.raw()->is_array()) {
    n.fail("expected an array of \"orders\" and \"sessions\", such as [\"sessions\"]");
    return std::nullopt;
  }
  FactKinds kinds;
  bool any = false;
  for (const Node& k : n.elements()) {
    auto kind = k.one_of(kFactKinds);
    if (!kind) continue;
    bool& taken = *kind == "orders" ? kinds.orders : kinds.sessions;
    if (taken) k.fail("\"" + *kind + "\" is listed twice");
    taken = any = true;
  }
  if (n.raw()->get_array().empty()) n.fail("expected at least one of \"orders\" and \"sessions\"");
  if (!any) return std::nullopt;
  return kinds;
}

// `sextant serve`: HOST:PORT and the secrets' references, kept as written (resolved at start).
void read_serve(const Node& serve, Serve& out) {
  if (!serve.object({"listen", "token", "webhooks", "limits"})) return;
  if (auto listen = serve.at("listen").nonempty_string()) {
    auto colon = listen->rfind(':');
    std::optional<int> port;
    if (colon != std::string::npos && colon != 0) port = parse_port(std::string_view(*listen).substr(colon + 1));
    if (!port) {
      serve.at("listen").fail("expected HOST:PORT with a port from 1 to 65535, such as 127.0.0.1:8417");
    } else {
      out.host = listen->substr(0, colon);
      out.port = *port;
    }
  }
  check_secret_reference(serve.at("token"));
  if (serve.at("webhooks").object({"woocommerce", "shopify"}))
    for (const char* platform : {"woocommerce", "shopify"}) check_secret_reference(serve.at("webhooks").at(platform));
  read_serve_limits(serve.at("limits"), out.limits);
  for (const char* secret : {"token", "webhooks"})
    if (const auto* v = serve.raw()->as_object().if_contains(secret)) out.secrets[secret] = *v;
}

}  // namespace

std::optional<Config> read_config(json::Document document, const std::filesystem::path& file,
                                  json::Diagnostics& out) {
  std::size_t before = out.size();
  Config config;
  config.file = file;
  std::filesystem::path base = file.parent_path();
  Node root = Node::root(document, out);
  if (root.raw()->is_null()) {  // object() takes null for an absent member, which says nothing here
    root.fail("expected an object, got null");
    return std::nullopt;
  }
  if (!root.object({"$schema", "plan", "ledger", "plugin_path", "sources", "tracker", "schedule", "serve", "log"}))
    return std::nullopt;
  (void)root.at("$schema").string();  // for editors; a string, as the schema says

  config.plan = resolve(base, root.at("plan").nonempty_string().value_or("plan.json"));
  config.ledger = resolve(base, root.at("ledger").nonempty_string().value_or("sextant.db"));
  for (const Node& dir : root.at("plugin_path").elements())
    if (auto d = dir.nonempty_string()) config.plugin_path.push_back(resolve(base, *d));

  std::set<std::string> names;
  for (const Node& s : root.need("sources").elements()) {
    if (!s.object({"name", "plugin", "settings", "http", "facts", "counted_statuses", "overlap_minutes"})) continue;
    SourceUse use;
    if (!read_plugin_use(s, use, base)) continue;
    if (!names.insert(use.name).second)
      s.at(s.at("name").present() ? "name" : "plugin")
          .fail("two sources are named \"" + use.name + "\": give each a distinct \"name\"");
    if (s.at("counted_statuses").present()) {
      std::vector<std::string> statuses;
      for (const Node& st : s.at("counted_statuses").elements())
        if (auto v = st.nonempty_string()) statuses.push_back(*v);
      use.counted_statuses = std::move(statuses);
    }
    if (s.at("facts").present()) use.facts = read_fact_kinds(s.at("facts"));
    if (auto m = s.at("overlap_minutes").integer(0, 60 * 24 * 30)) use.overlap = std::chrono::minutes{*m};
    config.sources.push_back(std::move(use));
  }

  Node tracker = root.at("tracker");
  if (tracker.object({"name", "plugin", "settings", "http", "owners", "orphans"})) {
    TrackerUse use;
    if (read_plugin_use(tracker, use, base)) {
      for (auto& [who, user] : tracker.at("owners").members())
        if (auto u = user.nonempty_string()) use.owners[who] = *u;
      use.close_orphans = tracker.at("orphans").one_of(kOrphanPolicies).value_or("comment") == "close";
      config.tracker = std::move(use);
    }
  }

  Node schedule = root.at("schedule");
  if (schedule.object({"sync_every_minutes", "push_every_minutes", "jitter_seconds"})) {
    if (auto m = schedule.at("sync_every_minutes").integer(1, 60 * 24 * 7)) config.schedule.sync_every = std::chrono::minutes{*m};
    if (auto m = schedule.at("push_every_minutes").integer(1, 60 * 24 * 7)) config.schedule.push_every = std::chrono::minutes{*m};
    if (auto s = schedule.at("jitter_seconds").integer(0, 3600)) config.schedule.jitter = std::chrono::seconds{*s};
  }

  read_serve(root.at("serve"), config.serve);

  Node log = root.at("log");
  if (log.object({"level"})) {
    auto level = log.at("level").one_of(kLogLevels).value_or("info");
    for (std::size_t i = 0; i < kLogLevels.size(); ++i)
      if (kLogLevels[i] == level) config.log_level = static_cast<plugin::LogLevel>(i);
  }

  if (out.size() != before) return std::nullopt;
  config.document = std::move(document);
  return config;
}

std::optional<Config> load_config(const std::filesystem::path& path, json::Diagnostics& out) {
  auto doc = json::load_document(path, out);
  if (!doc) return std::nullopt;
  return read_config(std::move(*doc), path, out);
}

}  // namespace sextant::config
