#include "matomo_api.hpp"

#include <boost/json.hpp>

namespace sextant::matomo {

namespace json = boost::json;

Result<json::value> MatomoApi::call(std::string_view method, const plugin::QueryParams& params) {
  plugin::QueryParams form{{"module", "API"},
                           {"method", std::string(method)},
                           {"idSite", std::to_string(a_.site_id)},
                           {"format", "JSON"}};
  form.insert(form.end(), params.begin(), params.end());
  form.emplace_back("token_auth", a_.token);
  plugin::HttpRequest request;
  request.method = "POST";
  request.url = a_.index_url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = plugin::query_string(form);
  request.keep_document = true;  // the core parses the answer to judge it: that parse is the one read here
  // A read, though a POST: idempotent (the default), so the core retries it like a GET.
  auto answer = http_.send(request);
  if (!answer) {
    Error e = answer.error();
    // With module and method in the body, Matomo answers a refused token with its HTML error
    // page, and a token without access to the site with JSON: either way a 401.
    if (e.code == Errc::unauthorized)
      e.message = "Matomo refused the token: " + e.message + " — check token_auth: a token of a user with at least "
                  "\"view\" access to site " + std::to_string(a_.site_id) + " (Matomo > Personal > Security)";
    return e;
  }
  json::value& doc = answer->document;
  if (const auto* o = doc.if_object(); o && o->if_contains("result") && o->at("result") == "error") {
    const auto* message = o->if_contains("message");
    return make_error(Errc::remote_rejected,
                      "Matomo answered " + std::string(method) + " with an error: " +
                          (message && message->is_string() ? std::string(message->get_string()) : "no message"));
  }
  return std::move(doc);
}

}  // namespace sextant::matomo
