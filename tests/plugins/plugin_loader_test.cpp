// The loader reads the C descriptor first and refuses, with a message that says what differs,
// every plugin built wrong; it keeps a plugin's library loaded while anything it made lives.
#include "support/process.hpp"
#include "support/test_host.hpp"

#include <sextant/loading/plugin_loader.hpp>
#include <sextant/plugin/toolchain.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

namespace sextant::test {
namespace {

namespace fs = std::filesystem;
using loading::PluginLoader;

const fs::path kBad = fs::weakly_canonical(SEXTANT_TEST_BAD_PLUGIN_DIR);
const fs::path kBuilt = fs::weakly_canonical(SEXTANT_TEST_PLUGIN_DIR);

std::string error_of(const Result<std::shared_ptr<const plugin::SourceFactory>>& r) {
  return r ? std::string("loaded") : r.error().message;
}

TEST(PluginLoader, RefusesAWrongAbiMajor) {
  PluginLoader loader({kBad});
  EXPECT_EQ(error_of(loader.source_factory("wrongmajor")),
            "plugin " + (kBad / "sextant-source-wrongmajor.so").string() +
                " is incompatible: built for plugin ABI 7.1 but this Sextant speaks ABI 6.1 (the major versions "
                "differ): rebuild the plugin against this Sextant's headers");
}

TEST(PluginLoader, RefusesAnIncompatiblePluginWithoutRunningAnyOfItsCode) {
  ::unsetenv("SEXTANT_BAD_PLUGIN_RAN");  // the plugin's initialiser would set it
  PluginLoader loader({kBad});
  EXPECT_NE(error_of(loader.source_factory("wrongmajor")).find("the major versions differ"), std::string::npos);
  EXPECT_EQ(std::getenv("SEXTANT_BAD_PLUGIN_RAN"), nullptr);
}

TEST(PluginLoader, RefusesAFileThatIsNotASharedObject) {
  ScratchDir dir;
  write_file(dir / "sextant-source-text.so", "#!/bin/sh\necho not a library\n");
  PluginLoader loader({dir.path()});
  EXPECT_EQ(error_of(loader.source_factory("text")),
            "plugin " + (dir / "sextant-source-text.so").string() +
                " is not a plugin this Sextant can read: it is not an ELF file");
}

TEST(PluginLoader, RefusesANewerAbiMinor) {
  PluginLoader loader({kBad});
  EXPECT_EQ(error_of(loader.source_factory("newerminor")),
            "plugin " + (kBad / "sextant-source-newerminor.so").string() +
                " is incompatible: built for plugin ABI 6.2, newer than this Sextant's ABI 6.1: upgrade Sextant, or "
                "rebuild the plugin against this Sextant's headers");
}

TEST(PluginLoader, RefusesAnotherToolchain) {
  PluginLoader loader({kBad});
  EXPECT_EQ(error_of(loader.source_factory("othertoolchain")),
            "plugin " + (kBad / "sextant-source-othertoolchain.so").string() +
                " is incompatible: built with toolchain \"clang-99.0.0;libc++-990000;boost-109900\" but this Sextant "
                "was built with \"" +
                std::string(SEXTANT_TOOLCHAIN) + "\": rebuild the plugin with the same compiler, standard library and Boost");
}

TEST(PluginLoader, RefusesALibraryWithoutDescriptor) {
  PluginLoader loader({kBad});
  EXPECT_EQ(error_of(loader.source_factory("nodescriptor")),
            "plugin " + (kBad / "sextant-source-nodescriptor.so").string() +
                " is not a Sextant plugin: it exports no \"sextant_plugin\" descriptor");
}

TEST(PluginLoader, TurnsAThrowingFactoryIntoAnError) {
  PluginLoader loader({kBad});
  auto factory = loader.source_factory("throwing");
  ASSERT_TRUE(factory) << factory.error().message;
  TestHost host;
  auto source = loading::create_source(*factory, "throwing", {}, host);
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().code, Errc::plugin_failed);
  EXPECT_EQ(source.error().message, "plugin \"throwing\" threw an exception in create(): the factory exploded");
}

TEST(PluginLoader, ReportsAFactoryThatRejectsItsSettings) {
  PluginLoader loader({kBad});
  auto factory = loader.source_factory("rejecting");
  ASSERT_TRUE(factory) << factory.error().message;
  TestHost host;
  auto source = loading::create_source(*factory, "rejecting", {}, host);
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().code, Errc::invalid_input);
  EXPECT_EQ(source.error().field, "/api_key");
  EXPECT_EQ(source.error().message, "plugin \"rejecting\" rejected its settings: an api_key is required");
  EXPECT_TRUE(loading::create_source(*factory, "rejecting", {{"api_key", "k"}}, host));
}

TEST(PluginLoader, NamesTheMissingPluginAndWhereItLooked) {
  PluginLoader loader({kBuilt});
  EXPECT_EQ(error_of(loader.source_factory("woo")),
            "no source plugin \"woo\" (looked for sextant-source-woo.so in " + kBuilt.string() + ")");
}

TEST(PluginLoader, RefusesAGroupWritableDirectory) {
  ScratchDir dir;
  fs::copy_file(kBuilt / "sextant-source-demo.so", dir / "sextant-source-demo.so");
  fs::permissions(dir.path(), fs::perms::group_write, fs::perm_options::add);
  PluginLoader loader({dir.path()});
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (dir / "sextant-source-demo.so").string() + " refused: the plugin directory " +
                dir.path().string() + " is writable by group or others (mode 0775); run chmod go-w on it");
}

TEST(PluginLoader, RefusesAGroupWritableFile) {
  ScratchDir dir;
  fs::copy_file(kBuilt / "sextant-source-demo.so", dir / "sextant-source-demo.so");
  fs::permissions(dir / "sextant-source-demo.so", fs::perms::group_write, fs::perm_options::add);
  const auto mode = fs::status(dir / "sextant-source-demo.so").permissions();
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
  PluginLoader loader({dir.path()});
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (dir / "sextant-source-demo.so").string() + " refused: the plugin file " +
                (dir / "sextant-source-demo.so").string() + " is writable by group or others (mode " + octal +
                "); run chmod go-w on it");
}

TEST(PluginLoader, RefusesAFolderAboveThePluginDirectoryThatOthersCanWrite) {
  ScratchDir top;
  fs::create_directories(top / "lib/plugins");
  fs::copy_file(kBuilt / "sextant-source-demo.so", top / "lib/plugins/sextant-source-demo.so");
  fs::permissions(top / "lib", fs::perms::others_write, fs::perm_options::add);
  PluginLoader loader({top / "lib/plugins"});
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (top / "lib/plugins/sextant-source-demo.so").string() +
                " refused: the directory above the plugin " + (top / "lib").string() +
                " is writable by group or others (mode 0757); run chmod go-w on it");
}

TEST(PluginLoader, RefusesAFileOwnedByAnotherUser) {
  ASSERT_EQ(::geteuid(), 0u) << "chown to another user needs root, as on CI";
  ScratchDir dir;
  fs::copy_file(kBuilt / "sextant-source-demo.so", dir / "sextant-source-demo.so");
  ASSERT_EQ(::chown((dir / "sextant-source-demo.so").c_str(), 65534, 65534), 0);  // nobody
  PluginLoader loader({dir.path()});
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (dir / "sextant-source-demo.so").string() + " refused: the plugin file " +
                (dir / "sextant-source-demo.so").string() +
                " belongs to uid 65534, neither root nor the user running Sextant (uid 0); run chown on it");
}

TEST(PluginLoader, ChecksWhereALinkPoints) {
  ScratchDir safe, open_to_all;
  fs::copy_file(kBuilt / "sextant-source-demo.so", open_to_all / "sextant-source-demo.so");
  fs::permissions(open_to_all.path(), fs::perms::group_write | fs::perms::others_write, fs::perm_options::add);
  fs::create_symlink(open_to_all / "sextant-source-demo.so", safe / "sextant-source-demo.so");
  PluginLoader loader({safe.path()});
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (safe / "sextant-source-demo.so").string() + " refused: the folder of the link's target " +
                open_to_all.path().string() + " is writable by group or others (mode 0777); run chmod go-w on it");
  // The same link to a file in a safe folder loads.
  fs::permissions(open_to_all.path(), fs::perms::group_write | fs::perms::others_write, fs::perm_options::remove);
  EXPECT_EQ(error_of(loader.source_factory("demo")), "loaded");
}

TEST(PluginLoader, RefusesANameThatIsNotAPlainWordBeforeLookingForIt) {
  ScratchDir dir;
  fs::create_directories(dir / "sub");
  fs::copy_file(kBuilt / "sextant-source-demo.so", dir / "sub/sextant-source-x.so");
  PluginLoader loader({dir / "sub"});
  // Each would be spliced into a file name, and so into a path.
  for (std::string name : {"../x", "a/b", "Demo", "", "x.so"})
    EXPECT_EQ(error_of(loader.source_factory(name)),
              "\"" + name + "\" cannot name a source plugin: a plugin's name holds only a-z, 0-9 and _")
        << name;
}

TEST(PluginLoader, ListsEveryPluginWithItsStatus) {
  PluginLoader loader({kBad});
  auto found = loader.list();
  std::map<std::string, loading::PluginInfo> by_name;
  for (auto& p : found) by_name[p.name] = p;
  ASSERT_EQ(by_name.size(), 6u);
  EXPECT_EQ(by_name["throwing"].problem, "");  // its factory only throws when it creates
  EXPECT_EQ(by_name["throwing"].version, "0.0.1");
  ASSERT_TRUE(by_name["throwing"].manifest.has_value());
  EXPECT_EQ(by_name["throwing"].manifest->summary, "a deliberately bad plugin");
  EXPECT_NE(by_name["wrongmajor"].problem.find("the major versions differ"), std::string::npos);
  EXPECT_EQ(by_name["wrongmajor"].version, "");
  EXPECT_FALSE(by_name["wrongmajor"].manifest.has_value());
  EXPECT_NE(by_name["nodescriptor"].problem.find("is not a Sextant plugin"), std::string::npos);
}

TEST(PluginLoader, AnEarlierDirectoryShadowsALaterOne) {
  ScratchDir dir;
  fs::copy_file(kBad / "sextant-source-rejecting.so", dir / "sextant-source-demo.so");
  PluginLoader loader({dir.path(), kBuilt});
  // The copy declares itself "rejecting": found first, and refused for its name.
  EXPECT_EQ(error_of(loader.source_factory("demo")),
            "plugin " + (dir / "sextant-source-demo.so").string() +
                " is incompatible: its descriptor says source \"rejecting\" but the file is named for source \"demo\"");
}

TEST(PluginLoader, KeepsTheLibraryWhileItsObjectsLive) {
  std::shared_ptr<plugin::Source> source;
  TestHost host;
  {
    PluginLoader loader({kBuilt});
    auto factory = loader.source_factory("demo");
    ASSERT_TRUE(factory) << factory.error().message;
    auto made = loading::create_source(*factory, "demo", {{"opening", "2025-02-27"}}, host);
    ASSERT_TRUE(made) << made.error().message;
    source = *made;
  }  // the loader and the factory handle are gone; the source still holds its library
  CollectingEmitter out;
  ASSERT_TRUE(source->read({}, out));
  EXPECT_EQ(out.pages.size(), 3u);  // 2025-02-27, 02-28 and 03-01 (today, until midnight UTC)
}

TEST(PluginLoader, ThePluginsCommandShowsNameKindVersionPathAndStatus) {
  auto r = run({sextant_program(), "plugins"}, {{}, {{"SEXTANT_PLUGIN_PATH", kBad.string()}}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("source throwing 0.0.1  ok  " + (kBad / "sextant-source-throwing.so").string() + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("source wrongmajor ?  REFUSED  " + (kBad / "sextant-source-wrongmajor.so").string() + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("source demo 1.0.0  ok  "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tracker local 1.0.0  ok  "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace sextant::test
