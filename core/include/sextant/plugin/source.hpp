// The source contract: a plugin that reads a shop or an analytics service and emits facts.
// Plugin-implemented: any change here is a MAJOR ABI bump.
#pragma once

#include "sextant/plugin/error.hpp"
#include "sextant/plugin/facts.hpp"
#include "sextant/plugin/host.hpp"
#include "sextant/plugin/manifest.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace sextant::plugin {

/// Receives a source's pages. Host-implemented; called on the thread that called read().
class Emitter {
 public:
  virtual ~Emitter() = default;
  /// Stores the page's facts, then its cursor, in one transaction. An error means nothing of the
  /// page was stored; the source must return it from read() without emitting more.
  virtual Result<> emit(Page page) = 0;
  /// True once the host wants the read to end early (signal, shutdown). The source returns
  /// Errc::cancelled at its next page boundary; everything emitted so far is kept.
  [[nodiscard]] virtual bool stop_requested() const noexcept = 0;
};

struct ReadRequest {
  std::string cursor;                      ///< "" for a full read; else the last emitted Page::cursor
  std::chrono::seconds overlap{0};         ///< re-read this much before the cursor (late updates)
  FactKinds facts{true, true};             ///< the kinds the shop takes from this source: the others
                                           ///< need not be read (the core drops them if emitted)
};

class Source {
 public:
  virtual ~Source() = default;
  /// Checks credentials and reachability, and nothing else. Called by `sextant check`.
  virtual Result<> check() = 0;
  /// Reads everything modified since the request's cursor and emits it page by page, in order.
  /// Must tolerate a replay: the same facts may be emitted again after a crash.
  virtual Result<> read(const ReadRequest& request, Emitter& out) = 0;
};

class SourceFactory {
 public:
  virtual ~SourceFactory() = default;
  [[nodiscard]] virtual const Manifest& manifest() const noexcept = 0;
  /// Validates the settings (an error names the offending field in Error::field, relative to the
  /// settings object) and builds a source. No network access here. The host outlives the source.
  virtual Result<std::unique_ptr<Source>> create(const boost::json::object& settings,
                                                 Host& host) const = 0;
};

}  // namespace sextant::plugin
