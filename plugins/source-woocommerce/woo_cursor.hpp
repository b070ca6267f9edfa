// The WooCommerce source's cursor, opaque to the core. Orders are listed by id with
// modified_after = since, a list whose order holds while orders change (see README.md), so a read
// cut short can be taken up at the page after the last one stored.
#pragma once

#include <sextant/plugin/error.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sextant::woo {

/// One read of "every order modified after `since`", pages numbered from 1.
struct ReadPoint {
  std::optional<std::chrono::sys_seconds> since;  ///< modified_after; none = every order
  std::chrono::sys_seconds watermark{};           ///< when the read began: the since of the read after it
  int per_page = 100;
  int next_page = 1;                               ///< the first page not stored yet
};

/// What a stored cursor says: "" (never read), the watermark of a finished read (the plain
/// instant older versions stored too), or a read to take up at its next page.
struct StoredCursor {
  std::optional<std::chrono::sys_seconds> finished;
  std::optional<ReadPoint> unfinished;
};

Result<StoredCursor> parse_cursor(std::string_view text);

/// The cursor stored with a read's page `stored`: the watermark alone once it is the last page.
std::string cursor_after(const ReadPoint& read, int stored, int pages);

}  // namespace sextant::woo
