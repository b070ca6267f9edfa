// Writing files so that nobody else can redirect the write: every writer (the board, the
// dashboard, `init`'s files, the run lock) goes through these two calls. Header-only, so that
// plugins, which link no part of the core, write the same way.
//
// - A symbolic link at the final name is refused (O_NOFOLLOW), with a message that says so.
// - A replacement is written to a new file with an unpredictable name in the same folder,
//   created O_EXCL (a link planted in advance is never followed), fsynced, renamed over the
//   final name, and the folder fsynced: after success the new content survives a power cut;
//   before it, readers see the old file whole.
// - A replaced file keeps its permission bits; a new one gets `mode` (less the umask).
#pragma once

#include "sextant/plugin/error.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace sextant::plugin {

namespace detail {

inline std::string symlink_refusal(const std::filesystem::path& path) {
  return path.string() + " is a symbolic link: refusing to write through it";
}

inline Error io_error(std::string what, const std::filesystem::path& path, int err) {
  return make_error(Errc::io, what + " " + path.string() + ": " + std::strerror(err));
}

// Closes a descriptor on every way out.
struct OwnedFd {
  int fd = -1;
  OwnedFd() = default;
  explicit OwnedFd(int f) : fd(f) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
};

inline bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// ".board.md.k3J9xQ2b.tmp": 48 random bits, so no one can plant a file or link there in advance.
inline std::string temp_name(const std::string& final_name) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  unsigned char random[8] = {};
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    // No entropy source: O_EXCL still refuses whatever exists; the name is only less secret.
    auto seed = static_cast<unsigned long long>(::getpid()) ^ reinterpret_cast<std::uintptr_t>(&random);
    std::memcpy(random, &seed, sizeof random);
  }
  std::string name = "." + final_name + ".";
  for (unsigned char r : random) name += kAlphabet[r & 63];
  return name + ".tmp";
}

}  // namespace detail

/// Opens `path` for writing without following a symbolic link at it and only if it is a regular
/// file (created with `mode` when `flags` hold O_CREAT). Returns the descriptor; the caller closes it.
inline Result<int> open_for_writing(const std::filesystem::path& path, int flags, mode_t mode = 0640) {
  int fd = ::open(path.c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
  if (fd < 0 && errno == ELOOP) return make_error(Errc::io, detail::symlink_refusal(path));
  if (fd < 0) return detail::io_error("cannot open", path, errno);
  detail::OwnedFd owned(fd);
  struct stat st{};
  if (::fstat(fd, &st) != 0) return detail::io_error("cannot read the status of", path, errno);
  if (!S_ISREG(st.st_mode))
    return make_error(Errc::io, path.string() + " is not a regular file: refusing to write to it");
  // O_NONBLOCK only kept a FIFO from blocking the open; writes to a file do not need it.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return owned.release();
}

/// Replaces the file at `path` with `text` (see the banner for the guarantees).
inline Result<> replace_file(const std::filesystem::path& path, std::string_view text, mode_t mode = 0640) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const std::string name = path.filename().string();
  detail::OwnedFd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0) return detail::io_error("cannot open the folder", folder, errno);

  struct stat existing{};
  if (::fstatat(dir.fd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(existing.st_mode)) return make_error(Errc::io, detail::symlink_refusal(path));
    if (!S_ISREG(existing.st_mode))
      return make_error(Errc::io, path.string() + " is not a regular file: refusing to replace it");
  } else if (errno != ENOENT) {
    return detail::io_error("cannot read the status of", path, errno);
  }
  const bool replacing = existing.st_mode != 0;

  std::string temp;
  detail::OwnedFd file;
  for (int attempt = 0; attempt < 16 && file.fd < 0; ++attempt) {
    temp = detail::temp_name(name);
    file.fd = ::openat(dir.fd, temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (file.fd < 0 && errno != EEXIST) return detail::io_error("cannot create", folder / temp, errno);
  }
  if (file.fd < 0) return detail::io_error("cannot create a temporary file beside", path, EEXIST);

  auto fail = [&](const char* what, int err) {
    ::unlinkat(dir.fd, temp.c_str(), 0);
    return Result<>(detail::io_error(what, path, err));
  };
  if (replacing && ::fchmod(file.fd, existing.st_mode & 07777) != 0) return fail("cannot set the mode of", errno);
  if (!detail::write_all(file.fd, text)) return fail("cannot write", errno);
  if (::fsync(file.fd) != 0) return fail("cannot flush", errno);
  if (::close(file.release()) != 0) return fail("cannot write", errno);
  if (::renameat(dir.fd, temp.c_str(), dir.fd, name.c_str()) != 0) return fail("cannot replace", errno);
  // The rename is durable once the folder is: without this a power cut may bring back the old file.
  if (::fsync(dir.fd) != 0) return detail::io_error("cannot flush the folder of", path, errno);
  return {};
}

}  // namespace sextant::plugin
