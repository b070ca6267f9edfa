// The Plausible source: visits by day from the Stats API v2, as the shop's sessions.
#pragma once

#include "hour_budget.hpp"

#include <sextant/plugin/source.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace sextant::plausible {

struct PlausibleSettings {
  std::string url;       ///< Plausible Cloud or a self-hosted instance, without a trailing slash
  std::string site_id;   ///< the site's domain, as Plausible lists it
  std::string api_key;   ///< a Stats API key
  std::chrono::sys_days since{};
  int restate_days = 3;
  int requests_per_hour = 600;
  int page_size = 10000;
};

class PlausibleSource final : public plugin::Source {
 public:
  PlausibleSource(PlausibleSettings s, plugin::Host& host);

  Result<> check() override;
  Result<> read(const plugin::ReadRequest& request, plugin::Emitter& out) override;

 private:
  /// The first day to read: `since` on a full read, else the restate window before the cursor.
  [[nodiscard]] Result<std::chrono::sys_days> first_day(const std::string& cursor) const;
  /// One query under the hour's budget; `stored`, the last day a read kept so far, for the words
  /// when the budget is spent (nullopt for check).
  Result<boost::json::value> query(std::string body, std::optional<std::chrono::sys_days> stored);

  PlausibleSettings s_;
  plugin::Host& host_;
  HourBudget budget_;
};

}  // namespace sextant::plausible
