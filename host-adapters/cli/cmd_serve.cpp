// `sextant serve`: the daemon (host-adapters/daemon) on the workspace of the config: scheduled
// sync and push, the dashboard and the report over HTTP with a bearer token, shop webhooks.
// SIGTERM or SIGINT: the running sync stops at its next page, the server closes its idle
// connections and gives the requests in hand 2 s, and the program ends.
#include "commands.hpp"

#include <daemon/daemon.hpp>
#include <daemon/http_server.hpp>
#include <daemon/token_strength.hpp>

#include <sextant/app/secrets.hpp>
#include <sextant/json/document.hpp>

#include <array>
#include <iostream>
#include <thread>

namespace sextant::cli {

namespace {

constexpr std::array<std::string_view, 3> kServeSecrets{"/token", "/webhooks/woocommerce", "/webhooks/shopify"};

struct ServeOptions {
  std::string listen;
  int sync_every = 0;  // seconds; 0: the config's schedule
  int push_every = -1;
};

std::string text_at(const boost::json::object& o, std::initializer_list<const char*> path) {
  const boost::json::value* v = nullptr;
  const boost::json::object* at = &o;
  for (const char* key : path) {
    v = at ? at->if_contains(key) : nullptr;
    at = v && v->is_object() ? &v->as_object() : nullptr;
  }
  return v && v->is_string() ? std::string(v->get_string()) : "";
}

daemon::ServerLimits server_limits(const config::Serve::Limits& written) {
  daemon::ServerLimits limits;
  if (written.connections) limits.connections = *written.connections;
  if (written.request_seconds) limits.request = std::chrono::seconds{*written.request_seconds};
  if (written.idle_seconds) limits.idle = std::chrono::seconds{*written.idle_seconds};
  if (written.requests_per_connection) limits.requests_per_connection = *written.requests_per_connection;
  return limits;
}

}  // namespace

void add_serve_command(CLI::App& app, Context& context, int& code) {
  auto* cmd = app.add_subcommand("serve", "Run the schedule (sync, push) and serve the dashboard, the report and "
                                          "shop webhooks on 127.0.0.1 with a bearer token");
  auto opts = std::make_shared<ServeOptions>();
  cmd->add_option("--listen", opts->listen, "HOST:PORT, instead of the config's serve.listen (port 0: any free port)");
  cmd->add_option("--sync-every", opts->sync_every, "Seconds between syncs, instead of the config's schedule")
      ->check(CLI::Range(1, 7 * 24 * 3600));
  cmd->add_option("--push-every", opts->push_every, "Seconds between pushes (0: never), instead of the config's schedule")
      ->check(CLI::Range(0, 7 * 24 * 3600));
  cmd->callback([&context, &code, opts] {
    context.logger().set_format(log::LogFormat::json);
    auto workspace = context.open_workspace(code);
    if (!workspace) return;
    const auto& config = workspace->config();

    json::Diagnostics problems;
    auto secrets = app::resolve_secrets(config.serve.secrets, config.document, "/serve", kServeSecrets,
                                        config.file.parent_path(), context.logger(), problems);
    daemon::DaemonSecrets keys{text_at(secrets, {"token"}), text_at(secrets, {"webhooks", "woocommerce"}),
                               text_at(secrets, {"webhooks", "shopify"})};
    if (problems.empty() && keys.token.empty())
      problems.push_back(config.document.diagnose(
          "", "sextant serve needs a token: add \"serve\": {\"token\": {\"env\": \"SEXTANT_TOKEN\"}} (or a file)"));
    else if (auto weak = problems.empty() ? daemon::weak_token(keys.token) : std::nullopt)
      problems.push_back(config.document.diagnose(
          "/serve/token", "the token " + *weak + ": anyone who can reach the port could guess it; make one with "
                          "`openssl rand -hex 32`"));
    if (!problems.empty()) {
      std::cerr << context.logger().redact(json::to_string(problems));
      code = kBadInput;
      return;
    }

    std::string host = config.serve.host;
    int port = config.serve.port;
    if (!opts->listen.empty()) {
      auto colon = opts->listen.rfind(':');
      if (colon == std::string::npos) {
        std::cerr << "sextant: --listen expects HOST:PORT\n";
        code = kBadInput;
        return;
      }
      host = opts->listen.substr(0, colon);
      port = std::atoi(opts->listen.c_str() + colon + 1);
    }
    daemon::DaemonTiming timing;
    timing.sync_every = opts->sync_every > 0 ? std::chrono::seconds{opts->sync_every}
                                             : std::chrono::duration_cast<std::chrono::seconds>(config.schedule.sync_every);
    timing.push_every = opts->push_every >= 0 ? std::chrono::seconds{opts->push_every}
                                              : std::chrono::duration_cast<std::chrono::seconds>(config.schedule.push_every);
    timing.jitter = opts->sync_every > 0 ? std::chrono::seconds{0} : config.schedule.jitter;
    if (config.serve.limits.replay_window_seconds) timing.replay_window = std::chrono::seconds{*config.serve.limits.replay_window_seconds};

    auto& stop = Context::stop_flag();
    daemon::Daemon daemon(*workspace, keys, timing, stop);
    auto server = daemon::HttpServer::bind(
        host, port, server_limits(config.serve.limits), [&daemon](const daemon::HttpAsk& ask) { return daemon.handle(ask); },
        [&context](const std::string& what) { context.logger().write(log::LogLevel::warning, "serve", what); });
    if (!server) {
      code = context.fail(server.error());
      return;
    }
    context.logger().write(log::LogLevel::info, "serve",
                           "listening on http://" + host + ":" + std::to_string((*server)->port()) + ", at most " +
                               std::to_string((*server)->connection_cap()) + " connections");
    if (!(*server)->loopback())
      context.logger().write(log::LogLevel::warning, "serve",
                             host + " is not a loopback address: the token, the dashboard and the webhooks cross the "
                                    "network in clear text; listen on 127.0.0.1 behind a reverse proxy with TLS "
                                    "(nginx, Caddy) instead");
    std::thread schedule([&daemon] { daemon.run_schedule(); });
    // Signals only set the flag: this thread turns it into an orderly stop.
    std::thread watcher([&] {
      while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds{200});
      context.logger().write(log::LogLevel::info, "serve", "stopping");
      daemon.stop();
      (*server)->stop();
    });
    (*server)->run();
    schedule.join();
    watcher.join();
    context.logger().write(log::LogLevel::info, "serve", "stopped");
  });
}

}  // namespace sextant::cli
