// Running the sextant program (or any other) from a test: arguments, environment additions,
// captured stdout and stderr, and the exit status. Also started in the background, to kill it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace sextant::test {

struct ProcessResult {
  int exit_code = -1;   ///< -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::filesystem::path cwd;                     ///< "" = the test's
  std::map<std::string, std::string> env;        ///< added to (or replacing in) the test's environment
};

/// Runs to completion.
ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// A process running in the background, its output going to files in `scratch`.
class Background {
 public:
  Background(const std::vector<std::string>& argv, const std::filesystem::path& scratch,
             const ProcessOptions& options = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  void kill(int signal);
  [[nodiscard]] pid_t pid() const { return pid_; }
  /// Waits for the end; returns what it printed and how it ended.
  ProcessResult wait();

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_, err_;
  bool waited_ = false;
};

/// Starts `argv` in the background and sends it SIGKILL after `delay`: how the crash tests and
/// the kill soak (bench/kill_soak) interrupt a run at a random moment. `killed` is false when the
/// run ended on its own first; `ended` says how it ended.
struct KillOutcome {
  bool killed = false;
  ProcessResult ended;
};
KillOutcome kill_after(const std::vector<std::string>& argv, const ProcessOptions& options,
                       std::chrono::microseconds delay);

/// The sextant program under test.
std::string sextant_program();
/// The source tree (for examples, schemas and fixtures).
std::filesystem::path source_dir();
/// SHA-256 of a file's bytes ("" if it does not exist).
std::string file_digest(const std::filesystem::path& path);
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

/// A fresh, empty directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace sextant::test
