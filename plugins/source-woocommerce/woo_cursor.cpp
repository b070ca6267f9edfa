#include "woo_cursor.hpp"

#include <sextant/plugin/calendar.hpp>

#include <boost/json.hpp>

namespace sextant::woo {

namespace {

Error not_ours(std::string_view text, const std::string& why) {
  return make_error(Errc::invalid_input, "the stored cursor \"" + std::string(text) + "\" " + why +
                                             ": run `sextant sync --full` to read everything again");
}

}  // namespace

Result<StoredCursor> parse_cursor(std::string_view text) {
  if (text.empty()) return StoredCursor{};
  if (text.front() != '{') {
    auto at = parse_instant(text);
    if (!at) return not_ours(text, "is not a time");
    return StoredCursor{*at, std::nullopt};
  }
  boost::system::error_code ec;
  auto doc = boost::json::parse(text, ec);
  const auto* o = ec ? nullptr : doc.if_object();
  if (!o) return not_ours(text, "is not JSON");
  ReadPoint read;
  auto instant = [&](const char* key) -> std::optional<std::chrono::sys_seconds> {
    const auto* v = o->if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    auto at = parse_instant(std::string_view(v->get_string()));
    return at ? std::optional(*at) : std::nullopt;
  };
  auto count = [&](const char* key) -> int {
    const auto* v = o->if_contains(key);
    return v && v->is_int64() && v->get_int64() >= 1 && v->get_int64() <= 1'000'000 ? static_cast<int>(v->get_int64())
                                                                                      : 0;
  };
  const auto* since = o->if_contains("since");
  auto watermark = instant("watermark");
  read.since = instant("since");
  read.per_page = count("per_page");
  read.next_page = count("next_page");
  if (!since || (!since->is_null() && !read.since) || !watermark || read.per_page == 0 || read.next_page == 0)
    return not_ours(text, "is not one this plugin wrote");
  read.watermark = *watermark;
  return StoredCursor{std::nullopt, read};
}

std::string cursor_after(const ReadPoint& read, int stored, int pages) {
  if (stored >= pages) return format_instant(read.watermark);
  boost::json::object o;
  o["since"] = read.since ? boost::json::value(format_instant(*read.since)) : boost::json::value(nullptr);
  o["watermark"] = format_instant(read.watermark);
  o["per_page"] = read.per_page;
  o["next_page"] = stored + 1;
  return boost::json::serialize(o);
}

}  // namespace sextant::woo
