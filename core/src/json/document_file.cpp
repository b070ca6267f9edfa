#include "document_file.hpp"

#include "sextant/json/limits.hpp"
#include "text_problems.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sextant::json::detail {

namespace {

Error refused(std::string message) { return make_error(Errc::invalid_input, std::move(message)); }

// Why a file that opened is not one we read, or "" when it is a regular file.
std::string not_a_regular_file(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "this is a directory, not a file";
  if (S_ISFIFO(mode)) return "this is a named pipe (FIFO), not a regular file";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "this is a device, not a regular file";
  if (S_ISSOCK(mode)) return "this is a socket, not a regular file";
  return "not a regular file";
}

struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::string> read_document_file(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for a regular file.
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) {
    if (errno == ENOENT || errno == EACCES) return refused("cannot read the file (missing or not readable)");
    return refused(std::string("cannot read the file: ") + std::strerror(errno));
  }
  struct stat st{};
  if (::fstat(file.fd, &st) != 0) return refused(std::string("cannot read the file: ") + std::strerror(errno));
  if (auto why = not_a_regular_file(st.st_mode); !why.empty()) return refused(why);
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxDocumentBytes) return refused(too_large_message());

  // Read one byte past the limit, however large the file has grown since fstat.
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size) + 1);
  char chunk[1 << 16];
  while (text.size() <= kMaxDocumentBytes) {
    std::size_t wanted = std::min(sizeof chunk, kMaxDocumentBytes + 1 - text.size());
    ssize_t n = ::read(file.fd, chunk, wanted);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return refused(std::string("cannot read the file: ") + std::strerror(errno));
    if (n == 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  if (text.size() > kMaxDocumentBytes) return refused(too_large_message());
  return text;
}

}  // namespace sextant::json::detail
