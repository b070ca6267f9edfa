// What every command shares: the global options, the logger, the clock, opening the workspace
// with its diagnostics printed, and the exit codes scripts rely on.
#pragma once

#include <sextant/app/workspace.hpp>
#include <sextant/log/logger.hpp>
#include <sextant/time/clock.hpp>

#include <CLI/CLI.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace sextant::cli {

/// 0 ok, 1 runtime failure, 2 bad input (files, arguments, plugins).
enum ExitCode : int { kOk = 0, kFailure = 1, kBadInput = 2 };

struct GlobalOptions {
  std::string config = "sextant.json";
  std::string plan;       ///< "" = the config's "plan"
  std::string format = "text";
  std::string today;      ///< "" = the real date; else YYYY-MM-DD, at noon UTC
  bool quiet = false;
  bool verbose = false;
};

class Context {
 public:
  explicit Context(GlobalOptions& options) : options_(options) {}

  [[nodiscard]] GlobalOptions& options() { return options_; }
  log::Logger& logger() { return logger_; }
  /// The run's clock: --today if given, else the system's. Null (and reported) if --today is bad.
  const time::Clock* clock();
  /// Opens config, plan and plugins; prints every problem to stderr. Null means: exit with `code`.
  std::unique_ptr<app::Workspace> open_workspace(int& code);
  /// Prints the error to stderr and returns its exit code.
  int fail(const Error& error);
  /// Checks --format against what the command can write; reports and returns false otherwise.
  bool format_is_one_of(std::initializer_list<std::string_view> allowed);
  /// Whether progress lines may be drawn (stderr is a terminal and --quiet is off).
  [[nodiscard]] bool interactive() const;
  /// Set by SIGINT/SIGTERM: long commands stop at their next safe point.
  static std::atomic<bool>& stop_flag();

 private:
  GlobalOptions& options_;
  log::Logger logger_{std::cerr};
  std::unique_ptr<time::Clock> clock_;
};

/// Exit code for an error: bad input (2) or runtime failure (1).
int exit_code_for(const Error& error);

}  // namespace sextant::cli
