// source-file: a shop's orders, refunds and sessions from one JSON file (an export, or a worked
// example), or sessions alone from a CSV. Each sync reads the whole file again unless it is
// unchanged since the last one.
#include "sessions_csv.hpp"
#include "shop_file.hpp"
#include "source_file_embedded.hpp"

#include <sextant/plugin/export.hpp>
#include <sextant/plugin/regular_file.hpp>
#include <sextant/plugin/settings.hpp>

#include <algorithm>
#include <array>
#include <filesystem>

namespace {

using sextant::Errc;
using sextant::Result;
using sextant::make_error;

constexpr std::array<std::string_view, 4> kCounted{"completed", "processing", "refunded", "paid"};
constexpr std::size_t kOrdersPerPage = 500;
// A year of 100 000 orders is about 40 MiB; more is a wrong file (a disk image, /dev/zero).
constexpr std::size_t kMaxShopFileBytes = std::size_t{256} << 20;

// FNV-1a: a stable fingerprint of the file's bytes, used as the cursor.
std::string fingerprint(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return "fnv1a:" + std::to_string(h);
}

class FileSource final : public sextant::plugin::Source {
 public:
  explicit FileSource(std::string path) : path_(std::move(path)) {}

  Result<> check() override {
    auto text = read();
    if (!text) return text.error();
    auto parsed = parse(*text);
    if (!parsed) return parsed.error();
    return {};
  }

  Result<> read(const sextant::plugin::ReadRequest& request, sextant::plugin::Emitter& out) override {
    auto text = read();
    if (!text) return text.error();
    std::string cursor = fingerprint(*text);
    if (cursor == request.cursor) return {};  // unchanged since the last sync
    auto parsed = parse(*text);
    if (!parsed) return parsed.error();
    auto& shop = *parsed;
    // Orders in pages; refunds and sessions with the last page, so that its cursor, which says
    // "this file is in", is stored with the last of the file's facts.
    std::size_t pages = std::max<std::size_t>(1, (shop.orders.size() + kOrdersPerPage - 1) / kOrdersPerPage);
    for (std::size_t p = 0; p < pages; ++p) {
      if (out.stop_requested()) return make_error(Errc::cancelled, "sync stopped");
      sextant::Page page;
      page.currency = shop.currency;
      page.total_hint = static_cast<std::int64_t>(pages);
      auto begin = shop.orders.begin() + static_cast<std::ptrdiff_t>(std::min(shop.orders.size(), p * kOrdersPerPage));
      auto end = shop.orders.begin() + static_cast<std::ptrdiff_t>(std::min(shop.orders.size(), (p + 1) * kOrdersPerPage));
      page.orders.assign(begin, end);
      if (p + 1 == pages) {
        page.refunds = shop.refunds;
        page.daily = shop.daily;
        page.cursor = cursor;
      }
      if (auto ok = out.emit(std::move(page)); !ok) return ok;
    }
    return {};
  }

 private:
  // A shop file (JSON), or a sessions CSV (sessions only) when the name ends in .csv.
  Result<sextant::file::ShopFile> parse(std::string_view text) const {
    std::string extension = std::filesystem::path(path_).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension != ".csv") return sextant::file::parse_shop_file(text, path_);
    auto rows = sextant::file::read_sessions_csv(text, path_);
    if (!rows) return rows.error();
    auto daily = sextant::file::sessions_over_span(std::move(*rows), path_);
    if (!daily) return daily.error();
    sextant::file::ShopFile sessions_only;
    sessions_only.daily = std::move(*daily);
    return sessions_only;
  }

  Result<std::string> read() const {
    auto text = sextant::plugin::read_regular_file(path_, kMaxShopFileBytes);
    if (!text) return make_error(text.error().code, "the shop file " + path_ + ": " + text.error().message);
    return text;
  }

  std::string path_;
};

class FileFactory final : public sextant::plugin::SourceFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{"Orders, refunds and sessions from a JSON file, or sessions from a CSV (exports, worked examples)",
                                             sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, {},
                                             kCounted, {.orders = true, .sessions = true}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Source>> create(const boost::json::object& settings,
                                                          sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"path"}); !ok) return ok.error();
    auto path = s.string("path");
    if (!path) return path.error();
    return std::unique_ptr<sextant::plugin::Source>(std::make_unique<FileSource>(host.resolve_path(*path)));
  }
};

}  // namespace

SEXTANT_SOURCE_PLUGIN(FileFactory, "file", "1.0.0")
