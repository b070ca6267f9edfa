// plan.json as `sextant validate` reads it (plan::load_plan on a file): every input ends in a plan
// or in located diagnostics.
#include "fuzz_check.hpp"
#include "scratch_file.hpp"

#include <sextant/plan/plan_reader.hpp>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ScratchFile file("plan.json");
  const auto& path = file.write({reinterpret_cast<const char*>(data), size});
  sextant::json::Diagnostics diagnostics;
  auto plan = sextant::plan::load_plan(path, diagnostics);
  // A refused plan says why; an accepted one has nothing to say.
  FUZZ_CHECK(plan.has_value() == diagnostics.empty());
  for (const auto& d : diagnostics) {
    FUZZ_CHECK(d.position.line >= 1 && d.position.column >= 1);
    FUZZ_CHECK(!d.message.empty());
    (void)d.to_string();
  }
  return 0;
}
