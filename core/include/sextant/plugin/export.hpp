// The two lines a plugin ends with: its C descriptor and its factory under a stable alias.
//   SEXTANT_SOURCE_PLUGIN(DemoFactory, "demo", "1.0.0")
#pragma once

#include "sextant/plugin/abi.h"
#include "sextant/plugin/source.hpp"
#include "sextant/plugin/toolchain.hpp"
#include "sextant/plugin/tracker.hpp"

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#define SEXTANT_PLUGIN_DESCRIPTOR_(kind_text, plugin_name, plugin_version)                    \
  extern "C" BOOST_SYMBOL_EXPORT const sextant_plugin_descriptor sextant_plugin = {          \
      sizeof(sextant_plugin_descriptor), SEXTANT_PLUGIN_ABI_MAJOR, SEXTANT_PLUGIN_ABI_MINOR, \
      SEXTANT_TOOLCHAIN, kind_text, plugin_name, plugin_version};

/// Declares a source plugin whose factory is FactoryClass (default-constructible).
#define SEXTANT_SOURCE_PLUGIN(FactoryClass, plugin_name, plugin_version)   \
  SEXTANT_PLUGIN_DESCRIPTOR_("source", plugin_name, plugin_version)        \
  namespace sextant_plugin_entry {                                         \
  const ::sextant::plugin::SourceFactory& source_factory() {               \
    static const FactoryClass factory;                                     \
    return factory;                                                        \
  }                                                                        \
  }                                                                        \
  BOOST_DLL_ALIAS(sextant_plugin_entry::source_factory, sextant_source_factory)

/// Declares a tracker plugin whose factory is FactoryClass (default-constructible).
#define SEXTANT_TRACKER_PLUGIN(FactoryClass, plugin_name, plugin_version)  \
  SEXTANT_PLUGIN_DESCRIPTOR_("tracker", plugin_name, plugin_version)       \
  namespace sextant_plugin_entry {                                         \
  const ::sextant::plugin::TrackerFactory& tracker_factory() {             \
    static const FactoryClass factory;                                     \
    return factory;                                                        \
  }                                                                        \
  }                                                                        \
  BOOST_DLL_ALIAS(sextant_plugin_entry::tracker_factory, sextant_tracker_factory)
