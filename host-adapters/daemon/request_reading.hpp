// How the server turns what a client sent into the request its handler sees: Beast's parser with
// the daemon's limits, then the parts the routes read. Apart from the socket code, so that the
// fuzz target (tests/fuzz/daemon_request.cpp) runs exactly this on bytes.
#pragma once

#include "http_server.hpp"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace sextant::daemon {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

/// Sets the parser's limits (a body of 1 MiB: webhooks and API calls are small).
void limit(RequestParser& parser);

/// The status refusing a request the parser failed on: 413 for a body over the limit, else 400.
int refusal_status(const boost::system::error_code& ec);

/// The path without its query, header names in lower case, the body as sent (webhook senders
/// sign its raw bytes).
HttpAsk to_ask(const boost::beast::http::request<boost::beast::http::string_body>& request);

}  // namespace sextant::daemon
