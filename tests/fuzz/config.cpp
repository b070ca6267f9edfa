// sextant.json as every command reads it (config::load_config on a file): every input ends in a
// config or in located diagnostics.
#include "fuzz_check.hpp"
#include "scratch_file.hpp"

#include <sextant/config/config_reader.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ScratchFile file("sextant.json");
  const auto& path = file.write({reinterpret_cast<const char*>(data), size});
  sextant::json::Diagnostics diagnostics;
  auto config = sextant::config::load_config(path, diagnostics);
  FUZZ_CHECK(config.has_value() == diagnostics.empty());
  for (const auto& d : diagnostics) {
    FUZZ_CHECK(d.position.line >= 1 && d.position.column >= 1);
    FUZZ_CHECK(!d.message.empty());
    (void)d.to_string();
  }
  if (config) FUZZ_CHECK(config->serve.port >= 1 && config->serve.port <= 65535);
  return 0;
}
