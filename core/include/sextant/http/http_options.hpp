// How a plugin's HTTP client behaves: timeouts, TLS, retries, limits. Read from the "http" block
// of a source or tracker in the config (schemas/config.schema.json).
#pragma once

#include "sextant/http/backoff.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace sextant::http {

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds timeout{60'000};           ///< a whole exchange
  std::string ca_file;                                 ///< "" = the system's CA store
  int max_attempts = 6;                                ///< first try included
  std::chrono::milliseconds deadline{300'000};         ///< all the attempts of one request
  BackoffPolicy backoff;
  std::int64_t max_response_bytes = 64 << 20;
  int parallel = 4;                                    ///< requests in flight in send_all
  double requests_per_second = 0;                      ///< per host; 0 = as fast as the server allows
  std::string user_agent = "sextant/0.1 (+https://sextant.dev)";
};

}  // namespace sextant::http
