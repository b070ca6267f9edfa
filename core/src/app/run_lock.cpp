#include "sextant/app/run_lock.hpp"

#include "sextant/plugin/safe_file.hpp"

#include <string>
#include <sys/file.h>
#include <unistd.h>

namespace sextant::app {

Result<RunLock> RunLock::acquire(const std::filesystem::path& ledger, std::string_view what) {
  auto path = ledger;
  path += ".lock";
  auto opened = plugin::open_for_writing(path, O_RDWR | O_CREAT, 0640);
  if (!opened) return opened.error();
  int fd = *opened;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char holder[256] = {};
    ssize_t n = ::pread(fd, holder, sizeof holder - 1, 0);
    ::close(fd);
    std::string who = n > 0 ? std::string(holder, static_cast<std::size_t>(n)) : "another run";
    while (!who.empty() && (who.back() == '\n' || who.back() == '\0')) who.pop_back();
    return make_error(Errc::transient, "the ledger " + ledger.string() + " is busy: " + who +
                                           " is running; try again when it is done");
  }
  // Who holds it, for the message others get.
  std::string holder = std::string(what) + " (pid " + std::to_string(::getpid()) + ")\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) < 0) {
    // The lock holds without the note: others get a less precise message.
  }
  return RunLock(fd);
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RunLock::~RunLock() {
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the lock
}

}  // namespace sextant::app
