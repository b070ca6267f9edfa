// Deliberately broken plugins for the loader's tests, one per BAD_* definition. The descriptor
// is written by hand (not with SEXTANT_SOURCE_PLUGIN) so that its fields can be wrong.
#include <sextant/plugin/abi.h>
#include <sextant/plugin/source.hpp>
#include <sextant/plugin/toolchain.hpp>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include <stdexcept>

#ifndef BAD_NAME
#error "BAD_NAME must name the plugin"
#endif

#if defined(BAD_WRONG_MAJOR)
#define DESCRIPTOR_MAJOR (SEXTANT_PLUGIN_ABI_MAJOR + 1)
#else
#define DESCRIPTOR_MAJOR SEXTANT_PLUGIN_ABI_MAJOR
#endif
#if defined(BAD_NEWER_MINOR)
#define DESCRIPTOR_MINOR (SEXTANT_PLUGIN_ABI_MINOR + 1)
#else
#define DESCRIPTOR_MINOR SEXTANT_PLUGIN_ABI_MINOR
#endif
#if defined(BAD_OTHER_TOOLCHAIN)
#define DESCRIPTOR_TOOLCHAIN "clang-99.0.0;libc++-990000;boost-109900"
#else
#define DESCRIPTOR_TOOLCHAIN SEXTANT_TOOLCHAIN
#endif

#if defined(BAD_WRONG_MAJOR)
#include <cstdlib>
// Must never run: the loader reads this plugin's descriptor from the file and refuses it unopened.
__attribute__((constructor)) static void announce_initialiser() { ::setenv("SEXTANT_BAD_PLUGIN_RAN", "1", 1); }
#endif

namespace {

class NoSource final : public sextant::plugin::Source {
 public:
  sextant::Result<> check() override { return {}; }
  sextant::Result<> read(const sextant::plugin::ReadRequest&, sextant::plugin::Emitter&) override { return {}; }
};

class BadFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"a deliberately bad plugin", "{}", "{}", {}, {}};
    return m;
  }
  sextant::Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                                   sextant::plugin::Host&) const override {
#if defined(BAD_THROWS)
    throw std::runtime_error("the factory exploded");
#elif defined(BAD_REJECTS)
    if (!settings.contains("api_key"))
      return sextant::make_error(sextant::Errc::invalid_input, "an api_key is required", "/api_key");
#endif
    (void)settings;
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<NoSource>());
  }
};

}  // namespace

#if !defined(BAD_NO_DESCRIPTOR)
extern "C" BOOST_SYMBOL_EXPORT const sextant_plugin_descriptor sextant_plugin = {
    sizeof(sextant_plugin_descriptor), DESCRIPTOR_MAJOR, DESCRIPTOR_MINOR, DESCRIPTOR_TOOLCHAIN, "source", BAD_NAME,
    "0.0.1"};

namespace bad_entry {
const sextant::plugin::SourceFactory& source_factory() {
  static const BadFactory factory;
  return factory;
}
}  // namespace bad_entry
BOOST_DLL_ALIAS(bad_entry::source_factory, sextant_source_factory)
#else
extern "C" BOOST_SYMBOL_EXPORT int not_a_sextant_plugin() { return 42; }
#endif
