// The deployment file (sextant.json) once read: which plugins run with which settings, where the
// plan and the ledger are, the schedule. See schemas/config.schema.json.
#pragma once

#include "sextant/http/http_options.hpp"
#include "sextant/json/document.hpp"
#include "sextant/plugin/facts.hpp"
#include "sextant/plugin/host.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sextant::config {

/// A plugin as the config uses it. Settings are kept as written (secret references unresolved).
struct PluginUse {
  std::string name;                 ///< the instance's name (ledger key for sources); defaults to the plugin's
  std::string plugin;               ///< the plugin's short name: "demo" → sextant-source-demo.so
  boost::json::object settings;
  std::string pointer;              ///< where it is in the config, e.g. "/sources/0"
  http::HttpOptions http;           ///< its HTTP client's timeouts, TLS and retries
};

struct SourceUse : PluginUse {
  std::optional<std::vector<std::string>> counted_statuses;  ///< overrides the plugin's list
  std::optional<FactKinds> facts;                            ///< the kinds taken from it; else all its manifest's
  std::chrono::seconds overlap{std::chrono::hours{1}};
};

struct TrackerUse : PluginUse {
  std::map<std::string, std::string> owners;  ///< the plan's "who" → the tracker's user
  bool close_orphans = false;                 ///< else orphaned tasks only get a comment
};

struct Schedule {
  std::chrono::minutes sync_every{60};
  std::chrono::minutes push_every{360};
  std::chrono::seconds jitter{30};   ///< each run starts up to this much later, at random
};

/// `sextant serve`: where it listens, and its secrets as written (references, resolved when the
/// daemon starts: "token", "webhooks": {"woocommerce", "shopify"}).
struct Serve {
  std::string host = "127.0.0.1";
  int port = 8417;
  boost::json::object secrets;
  /// `serve.limits` as written; an absent one keeps the daemon's default (README, `sextant serve`).
  struct Limits {
    std::optional<int> connections, request_seconds, idle_seconds, requests_per_connection, replay_window_seconds;
  } limits;
};

struct Config {
  std::filesystem::path file;                    ///< the config file itself
  std::filesystem::path plan;                    ///< resolved against the config's folder
  std::filesystem::path ledger;
  std::vector<std::filesystem::path> plugin_path;
  std::vector<SourceUse> sources;
  std::optional<TrackerUse> tracker;
  Schedule schedule;
  Serve serve;
  plugin::LogLevel log_level = plugin::LogLevel::info;
  json::Document document;                       ///< kept to locate messages about plugin settings
};

}  // namespace sextant::config
