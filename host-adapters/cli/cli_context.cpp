#include "cli_context.hpp"

#include <sextant/json/diagnostics.hpp>
#include <sextant/time/calendar.hpp>

#include <unistd.h>

#include <iostream>

namespace sextant::cli {

int exit_code_for(const Error& error) {
  switch (error.code) {
    case Errc::invalid_input:
    case Errc::incompatible_plugin: return kBadInput;
    default: return kFailure;
  }
}

const time::Clock* Context::clock() {
  if (clock_) return clock_.get();
  if (options_.today.empty()) {
    clock_ = std::make_unique<time::SystemClock>();
  } else if (auto day = time::parse_date(options_.today)) {
    clock_ = std::make_unique<time::FixedClock>(std::chrono::sys_seconds{*day} + std::chrono::hours{12});
  } else {
    std::cerr << "sextant: --today \"" << options_.today << "\" is not a date (expected YYYY-MM-DD)\n";
    return nullptr;
  }
  return clock_.get();
}

std::unique_ptr<app::Workspace> Context::open_workspace(int& code) {
  const time::Clock* c = clock();
  if (!c) {
    code = kBadInput;
    return nullptr;
  }
  app::WorkspaceOptions options;
  options.config = options_.config;
  if (!options_.plan.empty()) options.plan = options_.plan;
  json::Diagnostics diagnostics;
  auto workspace = app::Workspace::open(options, logger_, *c, diagnostics);
  if (!workspace) {
    std::cerr << logger_.redact(json::to_string(diagnostics));
    if (diagnostics.empty()) std::cerr << "sextant: " << logger_.redact(workspace.error().message) << "\n";
    code = exit_code_for(workspace.error());
    return nullptr;
  }
  if (options_.quiet) logger_.set_threshold(log::LogLevel::warning);
  if (options_.verbose) logger_.set_threshold(log::LogLevel::debug);
  return std::move(*workspace);
}

int Context::fail(const Error& error) {
  std::cerr << "sextant: " << logger_.redact(error.message) << "\n";
  return exit_code_for(error);
}

bool Context::format_is_one_of(std::initializer_list<std::string_view> allowed) {
  std::string list;
  for (auto a : allowed) {
    if (a == options_.format) return true;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  std::cerr << "sextant: --format " << options_.format << " is not available here; use one of " << list << "\n";
  return false;
}

bool Context::interactive() const { return !options_.quiet && ::isatty(STDERR_FILENO); }

std::atomic<bool>& Context::stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

}  // namespace sextant::cli
