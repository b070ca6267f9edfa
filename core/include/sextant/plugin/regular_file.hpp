// Reading a local file a user named, without trusting what the name points at: a folder, a FIFO,
// a device or a file that keeps growing is refused or cut at the limit instead of blocking or
// filling memory. Header-only: for the core's readers and for plugins that read local files.
#pragma once

#include "sextant/plugin/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace sextant::plugin {

/// "larger than 4 MiB, the most Sextant reads: is this the right file?"
inline std::string too_large_message(std::size_t limit) {
  return "larger than " + std::to_string(limit >> 20) + " MiB, the most Sextant reads: is this the right file?";
}

/// The bytes of the regular file at `path` if it holds at most `limit` of them; otherwise an
/// error that says in words what the path is ("this is a directory, not a file"): not_found for
/// a file that is missing or not readable, invalid_input for anything else.
/// Opens without blocking (O_NONBLOCK: a FIFO with no writer) and reads at most limit + 1 bytes.
inline Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t limit) {
  auto refused = [](std::string message) { return make_error(Errc::invalid_input, std::move(message)); };
  auto failed = [&] { return refused(std::string("cannot read the file: ") + std::strerror(errno)); };
  struct Descriptor {
    int fd;
    ~Descriptor() {
      if (fd >= 0) ::close(fd);
    }
  } file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) {
    if (errno == ENOENT || errno == EACCES)
      return make_error(Errc::not_found, "cannot read the file (missing or not readable)");
    return failed();
  }
  struct stat st{};
  if (::fstat(file.fd, &st) != 0) return failed();
  if (S_ISDIR(st.st_mode)) return refused("this is a directory, not a file");
  if (S_ISFIFO(st.st_mode)) return refused("this is a named pipe (FIFO), not a regular file");
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return refused("this is a device, not a regular file");
  if (S_ISSOCK(st.st_mode)) return refused("this is a socket, not a regular file");
  if (!S_ISREG(st.st_mode)) return refused("not a regular file");
  if (static_cast<std::uintmax_t>(st.st_size) > limit) return refused(too_large_message(limit));

  // One byte past the limit at most, however much the file has grown since fstat.
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size) + 1);
  char chunk[1 << 16];
  while (text.size() <= limit) {
    ssize_t n = ::read(file.fd, chunk, std::min(sizeof chunk, limit + 1 - text.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed();
    if (n == 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  if (text.size() > limit) return refused(too_large_message(limit));
  return text;
}

}  // namespace sextant::plugin
