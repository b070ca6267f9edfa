// A sessions CSV, the way any analytics tool exports visits per day: a header naming a `day`
// and a `sessions` column (other columns are ignored), then a row a day. RFC 4180 quoting is
// understood ("1,234" is one field, but not a number: write 1234).
#pragma once

#include "sessions_span.hpp"

#include <string_view>

namespace sextant::file {

/// The rows of the CSV; an error names the file, the line and the column.
Result<std::vector<ListedSessions>> read_sessions_csv(std::string_view text, const std::string& file);

}  // namespace sextant::file
