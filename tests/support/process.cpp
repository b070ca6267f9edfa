#include "process.hpp"

#include <sextant/crypto/digest.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sextant::test {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> all;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) all[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) all[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : all) out.push_back(k + "=" + v);
  return out;
}

pid_t spawn(const std::vector<std::string>& argv, const ProcessOptions& options, const fs::path& out,
            const fs::path& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto env_strings = merged_environment(options.env);
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

ProcessResult finish(pid_t pid, const fs::path& out, const fs::path& err) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ProcessResult r;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace

ProcessResult run(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ScratchDir scratch;
  pid_t pid = spawn(argv, options, scratch / "out", scratch / "err");
  return finish(pid, scratch / "out", scratch / "err");
}

Background::Background(const std::vector<std::string>& argv, const fs::path& scratch, const ProcessOptions& options)
    : out_(scratch / "background.out"), err_(scratch / "background.err") {
  pid_ = spawn(argv, options, out_, err_);
}

Background::~Background() {
  if (!waited_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

void Background::kill(int signal) { ::kill(pid_, signal); }

ProcessResult Background::wait() {
  waited_ = true;
  return finish(pid_, out_, err_);
}

KillOutcome kill_after(const std::vector<std::string>& argv, const ProcessOptions& options,
                       std::chrono::microseconds delay) {
  ScratchDir scratch;
  Background process(argv, scratch.path(), options);
  std::this_thread::sleep_for(delay);
  process.kill(SIGKILL);
  KillOutcome outcome;
  outcome.ended = process.wait();
  outcome.killed = outcome.ended.signal == SIGKILL;
  return outcome;
}

std::string sextant_program() { return SEXTANT_TEST_PROGRAM; }

fs::path source_dir() { return SEXTANT_TEST_SOURCE_DIR; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string file_digest(const fs::path& path) {
  if (!fs::exists(path)) return "";
  return crypto::sha256_hex(read_file(path));
}

ScratchDir::ScratchDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("sextant-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
  fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace sextant::test
