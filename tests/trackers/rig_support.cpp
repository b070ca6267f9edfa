#include "trackers/rig_support.hpp"

#include <cstdlib>

namespace sextant::test {

std::string text_detail(const std::string& text, const std::string& name) {
  const std::string prefix = "- " + name + ": ";
  auto at = text.find(prefix);
  if (at == std::string::npos) return {};
  auto start = at + prefix.size();
  return text.substr(start, text.find('\n', start) - start);
}

std::optional<double> hours_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  return std::strtod(text.c_str(), nullptr);
}

void resolve_parents(std::vector<TrackerItem>& items, const std::map<std::string, std::string>& parent_remote_of) {
  std::map<std::string, std::string> key_of;
  for (const auto& i : items) key_of[i.remote_id] = i.key;
  for (auto& i : items) {
    auto parent = parent_remote_of.find(i.remote_id);
    if (parent != parent_remote_of.end() && key_of.contains(parent->second)) i.parent_key = key_of[parent->second];
  }
}

boost::json::object rig_owners(const std::string& alice, const std::string& bob) {
  return {{"claire", alice}, {"sophie", alice}, {"malik", bob}};
}

}  // namespace sextant::test
