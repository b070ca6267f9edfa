#include "sextant/app/json_views.hpp"

namespace sextant::app {

boost::json::array problems_json(const json::Diagnostics& problems, const log::Logger& logger) {
  boost::json::array list;
  for (const auto& p : problems)
    list.push_back({{"file", p.file}, {"line", p.position.line}, {"column", p.position.column},
                    {"pointer", p.pointer}, {"message", logger.redact(p.message)}});
  return list;
}

boost::json::object plugins_json(const loading::PluginLoader& loader) {
  boost::json::array list;
  for (const auto& p : loader.list())
    list.push_back({{"name", p.name}, {"kind", p.kind}, {"version", p.version}, {"path", p.path.string()},
                    {"status", p.problem.empty() ? "ok" : "refused"}, {"summary", p.summary}, {"problem", p.problem}});
  boost::json::array dirs;
  for (const auto& d : loader.directories()) dirs.emplace_back(d.string());
  return {{"directories", dirs}, {"plugins", list}};
}

boost::json::object sync_json(const std::vector<sync::SourceOutcome>& outcomes, const log::Logger& logger) {
  boost::json::array list;
  for (const auto& o : outcomes)
    list.push_back({{"source", o.source}, {"orders", o.progress.orders}, {"refunds", o.progress.refunds},
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
