// The libcurl transport: every exchange in one multi handle, whose connection cache keeps
// connections alive from one request to the next (a share handle for DNS and TLS sessions),
// HTTP/2 when the server offers it, compression, timeouts, TLS verification, proxies from the
// environment (http_proxy, https_proxy, no_proxy), a size cap. One I/O thread a transport moves
// the transfers on and judges each answer's JSON while the caller works.
#pragma once

#include "sextant/http/http_options.hpp"
#include "sextant/http/transport.hpp"

#include <memory>

namespace sextant::http {

std::unique_ptr<Transport> make_curl_transport(const HttpOptions& options);

}  // namespace sextant::http
