// A plugin's descriptor read from its file, before the library is opened: dlopen runs the
// library's initialisers, so an incompatible (or foreign) library is refused without running
// any of its code. Reads the ELF dynamic symbol table for the descriptor symbol, then its fields,
// following the relative relocations that the dynamic linker would apply to its pointers.
#pragma once

#include "sextant/plugin/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace sextant::loading::detail {

struct FileDescriptor {
  std::uint32_t size = 0;
  std::uint16_t abi_major = 0;
  std::uint16_t abi_minor = 0;
  std::optional<std::string> toolchain, kind, name, version;  ///< nullopt for a null pointer
};

/// The descriptor named `symbol` in the 64-bit ELF shared object at `path` (of this machine),
/// or nullopt when it exports no such symbol. Errc::incompatible_plugin when the file is not such
/// a shared object or its descriptor cannot be followed.
Result<std::optional<FileDescriptor>> read_descriptor_from_file(const std::filesystem::path& path, std::string_view symbol);

}  // namespace sextant::loading::detail
