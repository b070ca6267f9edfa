// Whether an answer's body is JSON at all, checked without building it (or while building it, for
// a plugin that keeps the document): a 200 whose JSON was cut in half (a proxy that gave up, a
// worker that died mid-write) is retried, not handed on.
#pragma once

#include "sextant/http/transport.hpp"
#include "sextant/plugin/error.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace sextant::http {

/// nullopt when `body` is one well-formed JSON text; else what is wrong and where, in words
/// ("incomplete JSON at byte 1200 of 1200").
std::optional<std::string> json_syntax_error(std::string_view body);

/// `body` parsed, all its values in one arena that lives as long as the document (one allocation
/// now and then, not one a value); else what is wrong and where, in the same words. Move it into
/// place (construct, not assign: an assignment copies a document into the target's allocator).
Result<boost::json::value> parse_json_document(std::string_view body);

/// Judges the body of a 2xx answer to a request that expects JSON, and sets `x.json`: not_json
/// when its content type says otherwise (or, without one, when it does not start like JSON); else,
/// unless it is a 204 (No Content) or the request leaves it to its inspector, its syntax, with the
/// document parsed in place into the response when the request keeps it. Needs nothing but the
/// request and the answer, so a transport runs it on its own thread.
void judge_json_body(const plugin::HttpRequest& request, Exchange& x);

}  // namespace sextant::http
