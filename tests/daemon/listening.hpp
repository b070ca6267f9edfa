// The port `sextant serve --listen 127.0.0.1:0` chose, read from its log.
#pragma once

#include "support/process.hpp"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace sextant::test {

/// Waits (up to 15 s) for "listening on http://127.0.0.1:PORT" in the log file; 0 if it never came.
inline int listening_port(const std::filesystem::path& log) {
  static const std::string kMark = "listening on http://127.0.0.1:";
  for (int i = 0; i < 300; ++i) {
    std::string text = read_file(log);
    if (auto at = text.find(kMark); at != std::string::npos) return std::stoi(text.substr(at + kMark.size()));
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  return 0;
}

}  // namespace sextant::test
