// Reads plan.json into a Plan, reporting every problem (wrong types, unknown fields, missing
// fields, bad dates, unknown currency or zone, a quadrant taken twice...) as a located diagnostic.
#pragma once

#include "sextant/json/document.hpp"
#include "sextant/plan/plan.hpp"

#include <filesystem>
#include <optional>

namespace sextant::plan {

/// The plan, or nullopt with at least one diagnostic appended.
std::optional<Plan> read_plan(const json::Document& document, json::Diagnostics& out);
std::optional<Plan> load_plan(const std::filesystem::path& path, json::Diagnostics& out);

}  // namespace sextant::plan
