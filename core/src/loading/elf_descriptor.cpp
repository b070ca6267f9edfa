#include "elf_descriptor.hpp"

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <span>
#include <vector>

namespace sextant::loading::detail {

namespace {

#if defined(__x86_64__)
constexpr std::uint16_t kMachine = EM_X86_64;
constexpr std::uint32_t kRelative = R_X86_64_RELATIVE;
#elif defined(__aarch64__)
constexpr std::uint16_t kMachine = EM_AARCH64;
constexpr std::uint32_t kRelative = R_AARCH64_RELATIVE;
#else
#error "read_descriptor_from_file knows x86-64 and AArch64 only"
#endif

// The file's bytes, read with bounds checks: a truncated or hostile file is an error, never a crash.
class Image {
 public:
  explicit Image(std::vector<char> bytes) : bytes_(std::move(bytes)) {}

  template <class T>
  bool read(std::uint64_t offset, T& out) const {
    if (offset > bytes_.size() || bytes_.size() - offset < sizeof(T)) return false;
    std::memcpy(&out, bytes_.data() + offset, sizeof(T));
    return true;
  }
  std::optional<std::string> c_string(std::uint64_t offset) const {
    if (offset >= bytes_.size()) return std::nullopt;
    const char* start = bytes_.data() + offset;
    const void* end = std::memchr(start, '\0', bytes_.size() - offset);
    if (!end) return std::nullopt;
    return std::string(start, static_cast<const char*>(end));
  }

 private:
  std::vector<char> bytes_;
};

struct Layout {
  std::vector<Elf64_Phdr> loads;     // PT_LOAD segments: virtual address -> file offset
  std::vector<Elf64_Shdr> sections;
};

std::optional<std::uint64_t> file_offset(const Layout& layout, std::uint64_t address, std::uint64_t length) {
  for (const auto& p : layout.loads)
    if (address >= p.p_vaddr && address - p.p_vaddr <= p.p_filesz && p.p_filesz - (address - p.p_vaddr) >= length)
      return p.p_offset + (address - p.p_vaddr);
  return std::nullopt;
}

// The value the dynamic linker would store at `address`: a relative relocation's addend (the
// load base is taken as 0), else the bytes in the file.
std::optional<std::uint64_t> pointer_at(const Image& image, const Layout& layout, std::uint64_t address) {
  for (const auto& s : layout.sections) {
    if (s.sh_type != SHT_RELA || s.sh_entsize != sizeof(Elf64_Rela)) continue;
    for (std::uint64_t i = 0; i < s.sh_size / sizeof(Elf64_Rela); ++i) {
      Elf64_Rela r{};
      if (!image.read(s.sh_offset + i * sizeof(Elf64_Rela), r)) return std::nullopt;
      if (r.r_offset == address) {
        if (ELF64_R_TYPE(r.r_info) != kRelative) return std::nullopt;  // a symbol's address: not followed
        return static_cast<std::uint64_t>(r.r_addend);
      }
    }
  }
  auto at = file_offset(layout, address, sizeof(std::uint64_t));
  std::uint64_t value = 0;
  if (!at || !image.read(*at, value)) return std::nullopt;
  return value;
}

}  // namespace

Result<std::optional<FileDescriptor>> read_descriptor_from_file(const std::filesystem::path& path, std::string_view symbol) {
  auto bad = [&](const std::string& why) {
    return Result<std::optional<FileDescriptor>>(
        make_error(Errc::incompatible_plugin, "plugin " + path.string() + " is not a plugin this Sextant can read: " + why));
  };
  std::ifstream in(path, std::ios::binary);
  if (!in) return bad("cannot open it");
  Image image(std::vector<char>(std::istreambuf_iterator<char>(in), {}));

  Elf64_Ehdr header{};
  if (!image.read(0, header) || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0) return bad("it is not an ELF file");
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_ident[EI_DATA] != ELFDATA2LSB || header.e_type != ET_DYN ||
      header.e_machine != kMachine)
    return bad("it is not a 64-bit shared object for this machine");

  Layout layout;
  for (std::uint16_t i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr p{};
    if (!image.read(header.e_phoff + std::uint64_t{i} * sizeof p, p)) return bad("its program headers are cut short");
    if (p.p_type == PT_LOAD) layout.loads.push_back(p);
  }
  for (std::uint16_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr s{};
    if (!image.read(header.e_shoff + std::uint64_t{i} * sizeof s, s)) return bad("its section headers are cut short");
    layout.sections.push_back(s);
  }

  for (const auto& table : layout.sections) {
    if (table.sh_type != SHT_DYNSYM || table.sh_link >= layout.sections.size()) continue;
    const auto& names = layout.sections[table.sh_link];
    for (std::uint64_t i = 0; i < table.sh_size / sizeof(Elf64_Sym); ++i) {
      Elf64_Sym sym{};
      if (!image.read(table.sh_offset + i * sizeof sym, sym)) return bad("its symbol table is cut short");
      if (sym.st_shndx == SHN_UNDEF || ELF64_ST_TYPE(sym.st_info) != STT_OBJECT) continue;
      if (image.c_string(names.sh_offset + sym.st_name) != symbol) continue;

      FileDescriptor d;
      auto at = file_offset(layout, sym.st_value, 8);
      if (!at || !image.read(*at, d.size) || !image.read(*at + 4, d.abi_major) || !image.read(*at + 6, d.abi_minor))
        return bad("its descriptor lies outside the file");
      std::optional<std::string>* strings[] = {&d.toolchain, &d.kind, &d.name, &d.version};
      for (std::size_t f = 0; f < std::size(strings); ++f) {
        const std::uint64_t field = sym.st_value + 8 + 8 * f;
        if (field + 8 > sym.st_value + sym.st_size) break;  // an older, shorter descriptor
        auto target = pointer_at(image, layout, field);
        if (!target) return bad("a pointer in its descriptor cannot be followed");
        if (*target == 0) continue;
        auto text_at = file_offset(layout, *target, 1);
        if (!text_at) return bad("a string of its descriptor lies outside the file");
        *strings[f] = image.c_string(*text_at);
        if (!*strings[f]) return bad("a string of its descriptor is not terminated");
      }
      return std::optional<FileDescriptor>(std::move(d));
    }
  }
  return std::optional<FileDescriptor>{};
}

}  // namespace sextant::loading::detail
