#include "matomo_site.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>

#include <boost/json.hpp>

namespace sextant::matomo {

namespace json = boost::json;
using plugin::json_text;

Result<MatomoSite> read_site(const json::value& answer, std::int64_t site_id) {
  const json::value* site = &answer;
  if (const auto* list = answer.if_array(); list && list->size() == 1) site = &(*list)[0];
  const auto* o = site->if_object();
  const std::string which = "site " + std::to_string(site_id);
  if (!o) return make_error(Errc::bad_response, "Matomo sent something other than a site for " + which);
  if (json_text(*o, "idsite") != std::to_string(site_id))
    return make_error(Errc::bad_response, "Matomo sent site \"" + json_text(*o, "idsite") + "\" when asked for " + which);
  MatomoSite s{json_text(*o, "timezone"), {}, json_text(*o, "currency")};
  if (s.timezone.empty()) return make_error(Errc::bad_response, "Matomo sent " + which + " without its timezone");
  auto created = parse_instant(json_text(*o, "ts_created"));
  if (!created)
    return make_error(Errc::bad_response, "Matomo sent " + which + " with a ts_created that is not a time: " + created.error().message);
  s.created = *created;  // "2020-01-01 00:00:00", UTC without an offset: parse_instant takes it as UTC
  return s;
}

}  // namespace sextant::matomo
