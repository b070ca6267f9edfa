#include "sextant/app/json_views.hpp"

#include <boost/json/parse.hpp>

namespace sextant::app {

boost::json::array problems_json(const json::Diagnostics& problems, const log::Logger& logger) {
  boost::json::array list;
  for (const auto& p : problems)
    list.push_back({{"file", p.file}, {"line", p.position.line}, {"column", p.position.column},
                    {"pointer", p.pointer}, {"message", logger.redact(p.message)}});
  return list;
}

namespace {

boost::json::array strings_json(const std::vector<std::string>& strings) {
  return boost::json::array(strings.begin(), strings.end());
}

/// A manifest's JSON text as a value; null when a plugin ships text that is not JSON.
boost::json::value embedded_json(const std::string& text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  return ec ? boost::json::value(nullptr) : value;
}

boost::json::value manifest_json(const std::optional<loading::ManifestInfo>& m) {
  if (!m) return nullptr;
  return boost::json::object{{"summary", m->summary},
                             {"config_schema", embedded_json(m->config_schema)},
                             {"sample_config", embedded_json(m->sample_config)},
                             {"secret_fields", strings_json(m->secret_fields)},
                             {"counted_statuses", strings_json(m->counted_statuses)},
                             {"facts", strings_json(m->facts)}};
}

}  // namespace

boost::json::object plugins_json(const loading::PluginLoader& loader) {
  boost::json::array list;
  for (const auto& p : loader.list())
    list.push_back({{"name", p.name}, {"kind", p.kind}, {"version", p.version}, {"path", p.path.string()},
                    {"status", p.problem.empty() ? "ok" : "refused"}, {"problem", p.problem},
                    {"manifest", manifest_json(p.manifest)}});
  boost::json::array dirs;
  for (const auto& d : loader.directories()) dirs.emplace_back(d.string());
  return {{"directories", dirs}, {"plugins", list}};
}

boost::json::object sync_json(const std::vector<sync::SourceOutcome>& outcomes, const log::Logger& logger) {
  boost::json::array list;
  for (const auto& o : outcomes)
    list.push_back({{"source", o.source}, {"orders", o.progress.orders}, {"refunds", o.progress.refunds},
                    {"sessions_days", o.progress.sessions_days},
                    {"pages", o.progress.pages}, {"status", o.status ? "ok" : "failed"},
                    {"message", o.status ? "" : logger.redact(o.status.error().message)}});
  return {{"sources", list}};
}

boost::json::object push_json(const std::vector<tasks::PlannedChange>& changes, bool dry_run) {
  boost::json::array list;
  for (const auto& c : changes)
    list.push_back({{"key", c.key}, {"change", tasks::to_string(c.change)}, {"title", c.title}, {"remote_id", c.remote_id}});
  return {{"dry_run", dry_run}, {"changes", list}};
}

}  // namespace sextant::app
