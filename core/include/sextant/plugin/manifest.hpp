// What a plugin says about itself beyond its C descriptor: the schema of its settings, a sample
// that must be accepted, which settings are secrets and, for sources, which facts they bring and
// which statuses count.
#pragma once

#include "sextant/plugin/facts.hpp"

#include <span>
#include <string_view>

namespace sextant::plugin {

struct Manifest {
  std::string_view summary;                            ///< one line for `sextant plugins`
  std::string_view config_schema;                      ///< JSON Schema (text) of the "settings" object
  std::string_view sample_config;                      ///< a "settings" object (JSON text) create() accepts
  std::span<const std::string_view> secret_fields;     ///< JSON pointers in settings that must be {"env"|"file"} references
  std::span<const std::string_view> counted_statuses;  ///< sources: platform statuses that count as sales by default
  FactKinds facts{};                                   ///< sources: the kinds of facts it can bring
};

}  // namespace sextant::plugin
