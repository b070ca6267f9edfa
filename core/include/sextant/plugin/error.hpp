// Errors as values: what every fallible call across a plugin, network, disk or config boundary
// returns. No exception crosses a plugin boundary; the host converts strays into these.
#pragma once

#include <boost/config.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace sextant {

enum class Errc : std::uint8_t {
  invalid_input = 1,    ///< bad plan, config or argument: the user must fix something (exit 2)
  not_found,            ///< a named thing (file, plugin, task, order) does not exist
  unauthorized,         ///< credentials missing, wrong or without the needed permission
  rate_limited,         ///< the remote asked us to slow down
  transient,            ///< a fault worth retrying: timeout, reset, 5xx
  remote_rejected,      ///< the remote refused the request for good (4xx other than auth)
  bad_response,         ///< the remote answered something we cannot read (HTML, truncated JSON)
  incompatible_plugin,  ///< the plugin's descriptor does not match this host
  plugin_failed,        ///< the plugin misbehaved (threw, returned nonsense)
  io,                   ///< local disk or database failure
  cancelled,            ///< the caller asked to stop
  internal,             ///< a bug
};

struct Error {
  Errc code = Errc::internal;
  std::string message;  ///< for a human; never contains a secret
  std::string field;    ///< JSON pointer of the offending field, relative to the document read, or ""

  [[nodiscard]] bool retryable() const noexcept {
    return code == Errc::rate_limited || code == Errc::transient;
  }
};

inline Error make_error(Errc code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field)};
}

/// Thrown only by Result::value() on an error; callers are expected to test first.
class BOOST_SYMBOL_VISIBLE ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(const Error& e) : std::runtime_error(e.message), error(e) {}
  Error error;
};

// Found by argument-dependent lookup when boost::system::result<T, Error>::value() fails.
[[noreturn]] inline void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw ErrorException(e);
}

template <class T = void>
using Result = boost::system::result<T, Error>;

}  // namespace sextant
