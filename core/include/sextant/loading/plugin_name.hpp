// The one rule for a plugin's short name, shared by the config reader and the loader.
#pragma once

#include <algorithm>
#include <string_view>

namespace sextant::loading {

/// True for a name a plugin may carry: ^[a-z0-9_]+$, as config.schema.json has it. The name
/// becomes part of a file name, so "../x" or "a/b" never build a path.
inline bool is_plugin_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace sextant::loading
