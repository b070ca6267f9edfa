#include "sextant/loading/plugin_loader.hpp"

#include "guarded_plugins.hpp"
#include "elf_descriptor.hpp"
#include "plugin_trust.hpp"
#include "sextant/loading/plugin_name.hpp"
#include "sextant/plugin/abi.h"
#include "sextant/plugin/toolchain.hpp"
#include "sextant/text/suggest.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <dlfcn.h>

#include <cstddef>
#include <cstdlib>
#include <map>
#include <mutex>

namespace sextant::loading {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "sextant-";
constexpr std::string_view kSuffix = ".so";

// Loaded libraries, by path. Never erased: unloading a library while anything it made is alive
// (an object, a vtable, an exception) crashes, so libraries stay until the process ends.
struct LibraryRegistry {
  std::mutex mutex;  // dlopen is loaded serially (Boost.DLL limitations)
  std::map<std::string, std::shared_ptr<boost::dll::shared_library>> libraries;
};

LibraryRegistry& registry() {
  static auto* instance = new LibraryRegistry();  // leaked on purpose: outlives static destructors
  return *instance;
}

struct Loaded {
  std::shared_ptr<boost::dll::shared_library> library;
  const sextant_plugin_descriptor* descriptor = nullptr;
};

Result<std::shared_ptr<boost::dll::shared_library>> open_library(const fs::path& path) {
  auto& reg = registry();
  std::lock_guard lock(reg.mutex);
  std::string key = path.lexically_normal().string();
  if (auto it = reg.libraries.find(key); it != reg.libraries.end()) return it->second;
  boost::dll::fs::error_code ec;
  auto library = std::make_shared<boost::dll::shared_library>(path, boost::dll::load_mode::rtld_now, ec);
  if (ec || !library->is_loaded()) {
    const char* why = ::dlerror();
    return make_error(Errc::incompatible_plugin,
                      "cannot load " + path.string() + ": " + (why ? why : ec.message()));
  }
  reg.libraries.emplace(key, library);
  return library;
}

std::string check_descriptor(const sextant_plugin_descriptor& d, std::string_view kind, std::string_view name) {
  constexpr std::size_t needed = offsetof(sextant_plugin_descriptor, version) + sizeof(d.version);
  if (d.size < needed)
    return "its descriptor is " + std::to_string(d.size) + " bytes, smaller than the " + std::to_string(needed) +
           " this Sextant reads: rebuild the plugin against Sextant's headers";
  std::string host = std::to_string(SEXTANT_PLUGIN_ABI_MAJOR) + "." + std::to_string(SEXTANT_PLUGIN_ABI_MINOR);
  std::string plugin = std::to_string(d.abi_major) + "." + std::to_string(d.abi_minor);
  if (d.abi_major != SEXTANT_PLUGIN_ABI_MAJOR)
    return "built for plugin ABI " + plugin + " but this Sextant speaks ABI " + host +
           " (the major versions differ): rebuild the plugin against this Sextant's headers";
  if (d.abi_minor > SEXTANT_PLUGIN_ABI_MINOR)
    return "built for plugin ABI " + plugin + ", newer than this Sextant's ABI " + host +
           ": upgrade Sextant, or rebuild the plugin against this Sextant's headers";
  if (!d.toolchain || std::string_view(d.toolchain) != SEXTANT_TOOLCHAIN)
    return std::string("built with toolchain \"") + (d.toolchain ? d.toolchain : "") +
           "\" but this Sextant was built with \"" SEXTANT_TOOLCHAIN
           "\": rebuild the plugin with the same compiler, standard library and Boost";
  std::string_view got_kind = d.kind ? d.kind : "";
  std::string_view got_name = d.name ? d.name : "";
  if (got_kind != "source" && got_kind != "tracker")
    return "its descriptor declares kind \"" + std::string(got_kind) + "\"; expected \"source\" or \"tracker\"";
  if (got_kind != kind || got_name != name)
    return "its descriptor says " + std::string(got_kind) + " \"" + std::string(got_name) + "\" but the file is named for " +
           std::string(kind) + " \"" + std::string(name) + "\"";
  if (!d.version) return "its descriptor has no version";
  return {};
}

// Splits "sextant-source-demo.so" into {"source", "demo"}.
std::optional<std::pair<std::string, std::string>> parse_file_name(const fs::path& file) {
  std::string n = file.filename().string();
  if (n.size() <= kPrefix.size() + kSuffix.size() || !n.starts_with(kPrefix) || !n.ends_with(kSuffix))
    return std::nullopt;
  std::string stem = n.substr(kPrefix.size(), n.size() - kPrefix.size() - kSuffix.size());
  auto dash = stem.find('-');
  if (dash == std::string::npos || !is_plugin_name(stem.substr(dash + 1))) return std::nullopt;
  return std::pair{stem.substr(0, dash), stem.substr(dash + 1)};
}

// Loads the library and checks its descriptor; the problem text names the file.
Result<Loaded> load_checked(const fs::path& path, std::string_view kind, std::string_view name) {
  auto refuse = [&](const std::string& why) {
    return Result<Loaded>(make_error(Errc::incompatible_plugin, "plugin " + path.string() + " " + why));
  };
  auto trusted = detail::trusted_plugin_file(path);
  if (!trusted) return trusted.error();
  // dlopen runs the library's initialisers: the descriptor is checked in the file first.
  auto in_file = detail::read_descriptor_from_file(*trusted, SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL);
  if (!in_file) return in_file.error();
  if (!*in_file) return refuse("is not a Sextant plugin: it exports no \"" SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL "\" descriptor");
  auto text = [](const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; };
  const auto& f = **in_file;
  const sextant_plugin_descriptor seen{f.size,         f.abi_major,    f.abi_minor,  text(f.toolchain),
                                       text(f.kind),   text(f.name),   text(f.version)};
  if (auto problem = check_descriptor(seen, kind, name); !problem.empty()) return refuse("is incompatible: " + problem);
  auto library = open_library(*trusted);
  if (!library) return library.error();
  if (!(*library)->has(SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL))
    return refuse("is not a Sextant plugin: it exports no \"" SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL "\" descriptor");
  const auto& d = (*library)->get<const sextant_plugin_descriptor>(SEXTANT_PLUGIN_DESCRIPTOR_SYMBOL);
  if (auto problem = check_descriptor(d, kind, name); !problem.empty()) return refuse("is incompatible: " + problem);
  return Loaded{*library, &d};
}

// Imports the factory alias and calls it, keeping the library alive through the returned pointer.
template <class Factory>
Result<std::shared_ptr<const Factory>> import_factory(const fs::path& path, const Loaded& loaded, const char* alias) {
  if (!loaded.library->has(alias))
    return make_error(Errc::incompatible_plugin,
                      "plugin " + path.string() + " exports no factory \"" + alias + "\" for its kind");
  auto& entry = loaded.library->get_alias<const Factory&()>(alias);
  try {
    const Factory& factory = entry();
    return std::shared_ptr<const Factory>(loaded.library, &factory);
  } catch (const std::exception& e) {
    return make_error(Errc::plugin_failed, "plugin " + path.string() + " threw while making its factory: " + e.what());
  } catch (...) {
    return make_error(Errc::plugin_failed, "plugin " + path.string() + " threw while making its factory");
  }
}

template <class Object, class Guarded, class Factory>
Result<std::shared_ptr<Object>> create_guarded(const std::shared_ptr<const Factory>& factory, std::string_view name,
                                               const boost::json::object& settings, plugin::Host& host) {
  std::string who(name);
  auto made = detail::guard_call(who, "create()", [&] { return factory->create(settings, host); });
  if (!made) {
    Error e = made.error();
    if (e.code != Errc::plugin_failed)
      e.message = "plugin \"" + who + "\" rejected its settings: " + e.message;
    return e;
  }
  if (!*made) return make_error(Errc::plugin_failed, "plugin \"" + who + "\" returned no object from create()");
  return std::shared_ptr<Object>(std::make_shared<Guarded>(factory, std::move(*made), who));
}

}  // namespace

PluginLoader::PluginLoader(std::vector<fs::path> directories) : directories_(std::move(directories)) {}

std::vector<fs::path> PluginLoader::default_directories(const std::vector<fs::path>& configured) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("SEXTANT_PLUGIN_PATH")) {
    std::string_view list(env);
    while (!list.empty()) {
      auto colon = list.find(':');
      auto entry = list.substr(0, colon);
      if (!entry.empty()) dirs.emplace_back(entry);
      list = colon == std::string_view::npos ? std::string_view{} : list.substr(colon + 1);
    }
  }
  dirs.insert(dirs.end(), configured.begin(), configured.end());
  dirs.push_back(boost::dll::program_location().parent_path().parent_path() / SEXTANT_PLUGIN_SUBDIR);
  // Inside libsextant.so (loaded by PHP or Python), the plugins are beside the library.
  const auto library = boost::dll::this_line_location();
  if (library != boost::dll::program_location()) dirs.push_back(library.parent_path() / "sextant" / "plugins");
  return dirs;
}

Result<fs::path> PluginLoader::find(std::string_view kind, std::string_view name) const {
  if (!is_plugin_name(name))
    return make_error(Errc::not_found, "\"" + std::string(name) + "\" cannot name a " + std::string(kind) +
                                           " plugin: a plugin's name holds only a-z, 0-9 and _");
  std::string file = std::string(kPrefix) + std::string(kind) + "-" + std::string(name) + std::string(kSuffix);
  for (const auto& dir : directories_) {
    std::error_code ec;
    if (fs::is_regular_file(dir / file, ec)) return dir / file;
  }
  std::string searched;
  std::vector<std::string> available;
  for (const auto& dir : directories_) {
    searched += (searched.empty() ? "" : ", ") + dir.string();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (auto parsed = parse_file_name(entry.path()); parsed && parsed->first == kind) available.push_back(parsed->second);
  }
  return make_error(Errc::not_found,
                    text::with_suggestion("no " + std::string(kind) + " plugin \"" + std::string(name) + "\"",
                                          text::closest(name, available)) +
                        " (looked for " + file + " in " + searched + ")");
}

std::vector<PluginInfo> PluginLoader::list() const {
  std::vector<PluginInfo> out;
  std::map<std::string, bool> seen;  // a plugin found earlier in the search path shadows later ones
  for (const auto& dir : directories_) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (parse_file_name(entry.path())) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      auto [kind, name] = *parse_file_name(path);
      if (seen[kind + "-" + name]) continue;
      seen[kind + "-" + name] = true;
      PluginInfo info{path, kind, name, "", std::nullopt, ""};
      auto loaded = load_checked(path, kind, name);
      if (!loaded) {
        info.problem = loaded.error().message;
        out.push_back(std::move(info));
        continue;
      }
      info.version = loaded->descriptor->version;
      auto read_manifest = [&](const auto& factory) {
        if (!factory) {
          info.problem = factory.error().message;
          return;
        }
        const plugin::Manifest& m = (*factory)->manifest();
        info.manifest = ManifestInfo{std::string(m.summary), std::string(m.config_schema), std::string(m.sample_config),
                                     {m.secret_fields.begin(), m.secret_fields.end()},
                                     {m.counted_statuses.begin(), m.counted_statuses.end()}, {}};
        if (m.facts.orders) info.manifest->facts.emplace_back("orders");
        if (m.facts.sessions) info.manifest->facts.emplace_back("sessions");
      };
      if (kind == "source") read_manifest(import_factory<plugin::SourceFactory>(path, *loaded, SEXTANT_SOURCE_FACTORY_ALIAS));
      else read_manifest(import_factory<plugin::TrackerFactory>(path, *loaded, SEXTANT_TRACKER_FACTORY_ALIAS));
      out.push_back(std::move(info));
    }
  }
  return out;
}

Result<std::shared_ptr<const plugin::SourceFactory>> PluginLoader::source_factory(std::string_view name) const {
  auto path = find("source", name);
  if (!path) return path.error();
  auto loaded = load_checked(*path, "source", name);
  if (!loaded) return loaded.error();
  return import_factory<plugin::SourceFactory>(*path, *loaded, SEXTANT_SOURCE_FACTORY_ALIAS);
}

Result<std::shared_ptr<const plugin::TrackerFactory>> PluginLoader::tracker_factory(std::string_view name) const {
  auto path = find("tracker", name);
  if (!path) return path.error();
  auto loaded = load_checked(*path, "tracker", name);
  if (!loaded) return loaded.error();
  return import_factory<plugin::TrackerFactory>(*path, *loaded, SEXTANT_TRACKER_FACTORY_ALIAS);
}

Result<std::shared_ptr<plugin::Source>> create_source(const std::shared_ptr<const plugin::SourceFactory>& factory,
                                                      std::string_view name, const boost::json::object& settings,
                                                      plugin::Host& host) {
  return create_guarded<plugin::Source, detail::GuardedSource>(factory, name, settings, host);
}

Result<std::shared_ptr<plugin::Tracker>> create_tracker(const std::shared_ptr<const plugin::TrackerFactory>& factory,
                                                        std::string_view name, const boost::json::object& settings,
                                                        plugin::Host& host) {
  return create_guarded<plugin::Tracker, detail::GuardedTracker>(factory, name, settings, host);
}

}  // namespace sextant::loading
