// Finds plugins on disk and loads them through Boost.DLL: the C descriptor is read and checked
// (ABI major/minor, toolchain, kind, name) before any C++ symbol is touched. Libraries are never
// unloaded; every object a plugin makes also holds its library.
//
// Before a library is opened (dlopen runs its initialisers), its name, owner and modes, and those
// of every folder above it, links resolved, are checked (plugin_trust.hpp), and its descriptor is
// read from the file and checked (elf_descriptor.hpp): only a compatible library that root or the
// running user controls is ever opened.
#pragma once

#include "sextant/plugin/error.hpp"
#include "sextant/plugin/source.hpp"
#include "sextant/plugin/tracker.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::loading {

/// A plugin's manifest (plugin::Manifest), copied out of its library.
struct ManifestInfo {
  std::string summary;
  std::string config_schema;  ///< JSON text
  std::string sample_config;  ///< JSON text
  std::vector<std::string> secret_fields;
  std::vector<std::string> counted_statuses;
  std::vector<std::string> facts;  ///< sources: "orders", "sessions"
};

/// What `sextant plugins` shows for each file found.
struct PluginInfo {
  std::filesystem::path path;
  std::string kind;     ///< from the descriptor, else from the file name
  std::string name;
  std::string version;  ///< "" when the descriptor could not be read
  std::optional<ManifestInfo> manifest;  ///< when the plugin loads
  std::string problem;  ///< "" when the plugin can be used; else why it is refused
};

class PluginLoader {
 public:
  /// Searches `directories` in order; the first file named sextant-<kind>-<name>.so wins.
  explicit PluginLoader(std::vector<std::filesystem::path> directories);

  /// SEXTANT_PLUGIN_PATH (colon-separated), then `configured`, then the install's plugin
  /// directory (<prefix>/lib/sextant/plugins, found from the running program's location).
  static std::vector<std::filesystem::path> default_directories(
      const std::vector<std::filesystem::path>& configured);

  [[nodiscard]] const std::vector<std::filesystem::path>& directories() const { return directories_; }

  /// Every plugin file found, each checked, in search order.
  std::vector<PluginInfo> list() const;

  /// The factory of a source or tracker plugin, by short name. The factory holds its library.
  Result<std::shared_ptr<const plugin::SourceFactory>> source_factory(std::string_view name) const;
  Result<std::shared_ptr<const plugin::TrackerFactory>> tracker_factory(std::string_view name) const;

 private:
  Result<std::filesystem::path> find(std::string_view kind, std::string_view name) const;
  std::vector<std::filesystem::path> directories_;
};

/// Builds a source with its factory, turning a throwing factory into an error. The source
/// returned holds the plugin's library and converts any exception its methods throw.
Result<std::shared_ptr<plugin::Source>> create_source(const std::shared_ptr<const plugin::SourceFactory>& factory,
                                                      std::string_view name, const boost::json::object& settings,
                                                      plugin::Host& host);
Result<std::shared_ptr<plugin::Tracker>> create_tracker(const std::shared_ptr<const plugin::TrackerFactory>& factory,
                                                        std::string_view name, const boost::json::object& settings,
                                                        plugin::Host& host);

}  // namespace sextant::loading
