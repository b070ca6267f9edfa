#include "plugin_trust.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace sextant::loading::detail {

namespace fs = std::filesystem;

namespace {

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Why the one file or folder at `path` lets someone other than root or us change it ("" if not).
std::string owner_or_mode_problem(const fs::path& path, const std::string& what) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return "cannot read the status of the " + what + " " + path.string() + ": " + std::strerror(errno);
  const uid_t me = ::geteuid();
  if (st.st_uid != 0 && st.st_uid != me)
    return "the " + what + " " + path.string() + " belongs to uid " + std::to_string(st.st_uid) +
           ", neither root nor the user running Sextant (uid " + std::to_string(me) + "); run chown on it";
  const bool sticky_root_folder = S_ISDIR(st.st_mode) && (st.st_mode & S_ISVTX) != 0 && st.st_uid == 0;
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0 && !sticky_root_folder)
    return "the " + what + " " + path.string() + " is writable by group or others (mode " + octal_mode(st.st_mode) +
           "); run chmod go-w on it";
  return {};
}

// `folder` (free of links) and every folder above it up to /.
std::string folders_problem(const fs::path& folder, const std::string& first_what) {
  std::string what = first_what;
  for (fs::path at = folder;; at = at.parent_path()) {
    if (auto p = owner_or_mode_problem(at, what); !p.empty()) return p;
    if (at == at.parent_path()) return {};
    what = "directory above the plugin";
  }
}

Result<fs::path> resolved(const fs::path& path) {
  std::unique_ptr<char, decltype(&std::free)> real(::realpath(path.c_str(), nullptr), &std::free);
  if (!real) return make_error(Errc::incompatible_plugin, "cannot resolve " + path.string() + ": " + std::strerror(errno));
  return fs::path(real.get());
}

}  // namespace

Result<fs::path> trusted_plugin_file(const fs::path& file) {
  auto refuse = [&](const std::string& why) {
    return Result<fs::path>(make_error(Errc::incompatible_plugin, "plugin " + file.string() + " refused: " + why));
  };
  auto target = resolved(file);
  if (!target) return target.error();
  auto link_folder = resolved(file.has_parent_path() ? file.parent_path() : fs::path("."));
  if (!link_folder) return link_folder.error();
  // Whoever can write the link's folder can point the link elsewhere.
  if (*link_folder != target->parent_path())
    if (auto p = folders_problem(*link_folder, "plugin directory"); !p.empty()) return refuse(p);
  const bool linked = *target != *link_folder / file.filename();
  struct stat st{};
  if (::stat(target->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return refuse(target->string() + " is not a regular file");
  if (auto p = owner_or_mode_problem(*target, linked ? "link's target" : "plugin file"); !p.empty())
    return refuse(p);
  if (auto p = folders_problem(target->parent_path(), linked ? "folder of the link's target" : "plugin directory");
      !p.empty())
    return refuse(p);
  return *target;
}

}  // namespace sextant::loading::detail
