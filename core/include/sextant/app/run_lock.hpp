// One run at a time on a ledger: `sextant sync`, `sextant push` and each run of `sextant serve`
// hold an exclusive lock on "<ledger>.lock" while they write. The kernel drops the lock when the
// process ends, however it ends, so a killed run never leaves the ledger locked.
#pragma once

#include "sextant/plugin/error.hpp"

#include <filesystem>
#include <string_view>

namespace sextant::app {

class RunLock {
 public:
  /// Takes the lock without waiting; if another process holds it, Errc::transient saying who.
  static Result<RunLock> acquire(const std::filesystem::path& ledger, std::string_view what);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace sextant::app
