// A file of this process's own in the temporary folder, rewritten with each input: the plan and
// config targets read their input through the same load_* entry the CLI uses.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

class ScratchFile {
 public:
  explicit ScratchFile(std::string_view name) {
    const char* tmp = std::getenv("TMPDIR");
    folder_ = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("sextant-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder_);
    path_ = folder_ / name;
  }
  ~ScratchFile() {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const std::filesystem::path& write(std::string_view text) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
    return path_;
  }

 private:
  std::filesystem::path folder_;
  std::filesystem::path path_;
};
