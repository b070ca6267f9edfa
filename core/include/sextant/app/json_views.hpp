// The JSON documents the CLI (--format json) and the C ABI both answer with, built in one place
// so that they stay the same: problems, plugins, a sync's outcome, a push's changes.
#pragma once

#include "sextant/json/diagnostics.hpp"
#include "sextant/loading/plugin_loader.hpp"
#include "sextant/log/logger.hpp"
#include "sextant/sync/sync_engine.hpp"
#include "sextant/tasks/task_sync.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <vector>

namespace sextant::app {

/// [{"file", "line", "column", "pointer", "message"}], secrets redacted.
boost::json::array problems_json(const json::Diagnostics& problems, const log::Logger& logger);

/// {"directories": [...], "plugins": [{"name", "kind", "version", "path", "status", "problem", "manifest"}]}
/// (schemas/plugins.schema.json); "manifest" is null for a plugin that is refused.
boost::json::object plugins_json(const loading::PluginLoader& loader);

/// {"sources": [{"source", "orders", "refunds", "pages", "status", "message"}]}, secrets redacted.
boost::json::object sync_json(const std::vector<sync::SourceOutcome>& outcomes, const log::Logger& logger);

/// {"dry_run", "changes": [{"key", "change", "title", "remote_id"}]}
boost::json::object push_json(const std::vector<tasks::PlannedChange>& changes, bool dry_run);

}  // namespace sextant::app
