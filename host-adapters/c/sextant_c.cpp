// libsextant: the C ABI of include/sextant.h over the core. Every entry point catches
// everything: an error becomes a negative code and a thread-local message.
#include "sextant.h"

#include <sextant/app/json_views.hpp>
#include <sextant/app/run_lock.hpp>
#include <sextant/app/workspace.hpp>
#include <sextant/app/workspace_report.hpp>
#include <sextant/dashboard/html_dashboard.hpp>
#include <sextant/json/limits.hpp>
#include <sextant/json/pretty.hpp>
#include <sextant/loading/plugin_loader.hpp>
#include <sextant/log/logger.hpp>
#include <sextant/report/report_json.hpp>
#include <sextant/sync/sync_engine.hpp>
#include <sextant/tasks/task_sync.hpp>
#include <sextant/time/calendar.hpp>
#include <sextant/time/clock.hpp>

#include <boost/json.hpp>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#define SEXTANT_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using sextant::Errc;
using sextant::Error;
using sextant::Result;
namespace json = boost::json;

thread_local std::string last_error;

int code_for(Errc code) {
  switch (code) {
    case Errc::invalid_input: return SEXTANT_EINVALID;
    case Errc::not_found: return SEXTANT_ENOTFOUND;
    case Errc::unauthorized: return SEXTANT_EAUTH;
    case Errc::rate_limited: return SEXTANT_ERATELIMIT;
    case Errc::transient:
    case Errc::remote_rejected:
    case Errc::bad_response:
    case Errc::cancelled: return SEXTANT_EREMOTE;
    case Errc::incompatible_plugin:
    case Errc::plugin_failed: return SEXTANT_EPLUGIN;
    case Errc::io: return SEXTANT_EIO;
    case Errc::internal: return SEXTANT_EINTERNAL;
  }
  return SEXTANT_EINTERNAL;
}

int fail(int code, std::string message) {
  last_error = std::move(message);
  return code;
}

int fail(const Error& e) { return fail(code_for(e.code), e.message); }

// Runs an entry point: no exception leaves the library. The last error passes through the
// workspace's redactor when there is one: the one place its message is made safe to show.
template <class F>
int guarded(F&& body, const sextant::log::Logger* redactor = nullptr) {
  last_error.clear();
  int code = SEXTANT_OK;
  try {
    code = body();
  } catch (const std::bad_alloc&) {
    code = fail(SEXTANT_EINTERNAL, "out of memory");
  } catch (const std::exception& e) {
    code = fail(SEXTANT_EINTERNAL, std::string("unexpected error: ") + e.what());
  } catch (...) {
    code = fail(SEXTANT_EINTERNAL, "unexpected error");
  }
  if (redactor && !last_error.empty()) last_error = redactor->redact(last_error);
  return code;
}

const sextant::log::Logger* redactor_of(sextant_handle* handle);

// A copy of `text` the caller releases with sextant_free.
char* give(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size() + 1);
  return out;
}

struct Options {
  std::optional<std::filesystem::path> plan;
  std::filesystem::path base_dir = std::filesystem::current_path();
  std::string today;
  sextant::log::LogLevel log_level = sextant::log::LogLevel::warning;
};

Result<Options> read_options(const char* text) {
  Options o;
  if (!text || !*text) return o;
  // The limits of every JSON text the library reads (the config's go through parse_document).
  if (std::strlen(text) > sextant::json::kMaxDocumentBytes)
    return sextant::make_error(Errc::invalid_input,
                               "options: larger than " + std::to_string(sextant::json::kMaxDocumentBytes >> 20) + " MiB");
  boost::system::error_code ec;
  auto v = json::parse(text, ec, {}, sextant::json::reading_options());
  if (ec || !v.is_object()) return sextant::make_error(Errc::invalid_input, "options: expected a JSON object");
  for (const auto& [key, value] : v.as_object()) {
    if (!value.is_string()) return sextant::make_error(Errc::invalid_input, "options: \"" + std::string(key) + "\" must be a string");
    std::string s(value.as_string());
    if (key == "plan") o.plan = s;
    else if (key == "base_dir") o.base_dir = s;
    else if (key == "today") o.today = s;
    else if (key == "log_level") {
      static constexpr std::string_view kLevels[] = {"debug", "info", "warning", "error"};
      auto it = std::find(std::begin(kLevels), std::end(kLevels), s);
      if (it == std::end(kLevels))
        return sextant::make_error(Errc::invalid_input, "options: log_level \"" + s + "\" is not debug, info, warning or error");
      o.log_level = static_cast<sextant::log::LogLevel>(it - std::begin(kLevels));
    } else {
      return sextant::make_error(Errc::invalid_input, "options: unknown option \"" + std::string(key) + "\"");
    }
  }
  return o;
}

// What a workspace needs to live: its logger and clock outlive it.
struct Opened {
  std::unique_ptr<sextant::log::Logger> logger;
  std::unique_ptr<sextant::time::Clock> clock;
  std::unique_ptr<sextant::app::Workspace> workspace;
};

Result<Opened> open_workspace(const char* config, const Options& o, sextant::json::Diagnostics& problems) {
  if (!config || !*config) return sextant::make_error(Errc::invalid_input, "no config given");
  Opened opened;
  opened.logger = std::make_unique<sextant::log::Logger>(std::cerr, o.log_level);
  if (o.today.empty()) {
    opened.clock = std::make_unique<sextant::time::SystemClock>();
  } else if (auto day = sextant::time::parse_date(o.today)) {
    opened.clock = std::make_unique<sextant::time::FixedClock>(std::chrono::sys_seconds{*day} + std::chrono::hours{12});
  } else {
    return sextant::make_error(Errc::invalid_input, "options: today \"" + o.today + "\" is not a date (YYYY-MM-DD)");
  }
  sextant::app::WorkspaceOptions options;
  std::string_view text(config);
  if (text.find_first_not_of(" \t\r\n") != std::string_view::npos && text[text.find_first_not_of(" \t\r\n")] == '{') {
    options.config = o.base_dir / "sextant.json";  // names the text in messages; relative paths start beside it
    options.config_text = std::string(text);
  } else {
    options.config = text;
  }
  options.plan = o.plan;
  auto workspace = sextant::app::Workspace::open(options, *opened.logger, *opened.clock, problems);
  if (!workspace) {
    auto e = workspace.error();
    if (!problems.empty()) e.message = opened.logger->redact(sextant::json::to_string(problems));
    while (!e.message.empty() && e.message.back() == '\n') e.message.pop_back();
    return e;
  }
  opened.logger->set_threshold(o.log_level);  // the config's level is for the CLI
  opened.workspace = std::move(*workspace);
  return opened;
}

}  // namespace

struct sextant_handle {
  Opened opened;
  sextant::app::Workspace& workspace() { return *opened.workspace; }
};

namespace {
const sextant::log::Logger* redactor_of(sextant_handle* handle) { return handle ? handle->opened.logger.get() : nullptr; }
}  // namespace

SEXTANT_EXPORT int sextant_abi_version(void) { return SEXTANT_ABI_VERSION; }

SEXTANT_EXPORT int sextant_open(sextant_handle** out, const char* config, const char* options) {
  return guarded([&]() -> int {
    if (!out) return fail(SEXTANT_EINVALID, "out is NULL");
    *out = nullptr;
    auto o = read_options(options);
    if (!o) return fail(o.error());
    sextant::json::Diagnostics problems;
    auto opened = open_workspace(config, *o, problems);
    if (!opened) return fail(opened.error());
    *out = new sextant_handle{std::move(*opened)};
    return SEXTANT_OK;
  });
}

SEXTANT_EXPORT int sextant_validate(char** out_json, const char* config, const char* options) {
  return guarded([&]() -> int {
    if (!out_json) return fail(SEXTANT_EINVALID, "out_json is NULL");
    *out_json = nullptr;
    auto o = read_options(options);
    if (!o) return fail(o.error());
    sextant::json::Diagnostics problems;
    auto opened = open_workspace(config, *o, problems);
    if (!opened && problems.empty()) return fail(opened.error());
    sextant::log::Logger quiet(std::cerr, sextant::log::LogLevel::error);
    *out_json = give(json::serialize(sextant::app::problems_json(problems, opened ? *opened->logger : quiet)));
    return SEXTANT_OK;
  });
}

SEXTANT_EXPORT int sextant_sync(char** out_json, sextant_handle* handle) {
  return guarded([&]() -> int {
    if (!out_json || !handle) return fail(SEXTANT_EINVALID, "out_json or handle is NULL");
    *out_json = nullptr;
    auto& ws = handle->workspace();
    auto lock = sextant::app::RunLock::acquire(ws.config().ledger, "a sync through libsextant");
    if (!lock) return fail(SEXTANT_EBUSY, lock.error().message);
    auto outcomes = sextant::sync::sync_all(ws, {});
    if (!outcomes) return fail(outcomes.error());
    *out_json = give(json::serialize(sextant::app::sync_json(*outcomes, ws.logger())));
    for (const auto& o : *outcomes)
      if (!o.status) return fail(code_for(o.status.error().code), o.source + ": " + o.status.error().message);
    if (ws.tracker())
      if (auto states = sextant::tasks::refresh_states(ws); !states) return fail(states.error());
    return SEXTANT_OK;
  }, redactor_of(handle));
}

SEXTANT_EXPORT int sextant_report(char** out_json, sextant_handle* handle, int step) {
  return guarded([&]() -> int {
    if (!out_json || !handle) return fail(SEXTANT_EINVALID, "out_json or handle is NULL");
    *out_json = nullptr;
    if (step < 0 || step > 7) return fail(SEXTANT_EINVALID, "step must be from 0 (all) to 7");
    auto built = sextant::app::workspace_report(handle->workspace());
    if (!built) return fail(built.error());
    *out_json = give(sextant::json::pretty(sextant::report::to_json(*built, step)));
    return SEXTANT_OK;
  }, redactor_of(handle));
}

SEXTANT_EXPORT int sextant_dashboard(char** out_html, sextant_handle* handle) {
  return guarded([&]() -> int {
    if (!out_html || !handle) return fail(SEXTANT_EINVALID, "out_html or handle is NULL");
    *out_html = nullptr;
    auto built = sextant::app::workspace_report(handle->workspace());
    if (!built) return fail(built.error());
    *out_html = give(sextant::dashboard::render_html(sextant::report::to_json(*built, 0).as_object()));
    return SEXTANT_OK;
  }, redactor_of(handle));
}

SEXTANT_EXPORT int sextant_push(char** out_json, sextant_handle* handle, int dry_run) {
  return guarded([&]() -> int {
    if (!out_json || !handle) return fail(SEXTANT_EINVALID, "out_json or handle is NULL");
    *out_json = nullptr;
    auto& ws = handle->workspace();
    if (auto tracker = sextant::tasks::tracker_to_push_to(ws); !tracker)  // before the lock: writes nothing
      return fail(code_for(tracker.error().code), tracker.error().message);
    std::optional<sextant::app::RunLock> lock;
    if (!dry_run) {
      auto taken = sextant::app::RunLock::acquire(ws.config().ledger, "a push through libsextant");
      if (!taken) return fail(SEXTANT_EBUSY, taken.error().message);
      lock.emplace(std::move(*taken));
    }
    auto changes = sextant::tasks::push(ws, {dry_run != 0});
    if (!changes) return fail(changes.error());
    *out_json = give(json::serialize(sextant::app::push_json(*changes, dry_run != 0)));
    return SEXTANT_OK;
  }, redactor_of(handle));
}

SEXTANT_EXPORT int sextant_plugins(char** out_json, const char* options) {
  return guarded([&]() -> int {
    if (!out_json) return fail(SEXTANT_EINVALID, "out_json is NULL");
    *out_json = nullptr;
    auto o = read_options(options);
    if (!o) return fail(o.error());
    sextant::loading::PluginLoader loader(sextant::loading::PluginLoader::default_directories({}));
    *out_json = give(json::serialize(sextant::app::plugins_json(loader).at("plugins")));
    return SEXTANT_OK;
  });
}

SEXTANT_EXPORT void sextant_close(sextant_handle* handle) {
  try {
    delete handle;
  } catch (...) {
    // Nothing can be reported from a destructor path; the handle is gone either way.
  }
}

SEXTANT_EXPORT void sextant_free(void* pointer) { std::free(pointer); }

SEXTANT_EXPORT const char* sextant_last_error(void) { return last_error.c_str(); }
