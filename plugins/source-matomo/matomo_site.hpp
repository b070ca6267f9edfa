// The site as SitesManager.getSiteFromId describes it: the time zone its reports use, when it was
// created (ts_created, UTC, as Matomo stores it), its currency.
#pragma once

#include <sextant/plugin/error.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace sextant::matomo {

struct MatomoSite {
  std::string timezone;
  std::chrono::sys_seconds created{};
  std::string currency;
};

/// Reads getSiteFromId's answer: an object (a one-element list before Matomo 3), whose integer
/// columns may be numbers or strings (PHP's database drivers differ); it must be site `site_id`.
Result<MatomoSite> read_site(const boost::json::value& answer, std::int64_t site_id);

}  // namespace sextant::matomo
