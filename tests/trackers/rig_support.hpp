// Small helpers the rigs share: reading the details Sextant writes in a task's text, and the
// owners map of the suite.
#pragma once

#include "trackers/rig.hpp"

#include <optional>
#include <string>

namespace sextant::test {

/// The value of a "- Name: value" line Sextant writes in a task's text, or "".
std::string text_detail(const std::string& text, const std::string& name);

/// "40 h" → 40; "" → nullopt.
std::optional<double> hours_of(const std::string& text);

/// Resolves each item's parent reference (the tracker's id of the parent) into the parent's key.
void resolve_parents(std::vector<TrackerItem>& items, const std::map<std::string, std::string>& parent_remote_of);

}  // namespace sextant::test
