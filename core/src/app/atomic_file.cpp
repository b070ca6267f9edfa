#include "sextant/app/atomic_file.hpp"

#include <fstream>

namespace sextant::app {

Result<> write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return make_error(Errc::io, "cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return make_error(Errc::io, "cannot replace " + path.string() + ": " + ec.message());
  return {};
}

}  // namespace sextant::app
