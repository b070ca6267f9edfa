// How the server turns what a client sent into the request its handler sees: Beast's parser with
// the daemon's limits, the answer to a request it cannot read, then the parts the routes read.
// Apart from the socket code, so that the fuzz target (tests/fuzz/daemon_request.cpp) runs
// exactly this on bytes.
#pragma once

#include "http_server.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>

namespace sextant::daemon {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using RequestParser = boost::beast::http::request_parser<Request::body_type>;

/// Sets the parser's header and body limits.
void limit(RequestParser& parser, const ServerLimits& limits);

/// The answer to a request the parser failed on: 413 for a body over the limit, 431 for headers
/// over theirs, 400 for anything unreadable; nullopt when nobody is left to answer (the client
/// closed, reset, or was too slow to deserve one).
std::optional<HttpReply> refusal(const boost::system::error_code& ec);

/// The path without its query, header names in lower case (repeated ones kept), HEAD as GET (the
/// server drops the body), the body as sent (webhook senders sign its raw bytes).
HttpAsk to_ask(const Request& request);

}  // namespace sextant::daemon
