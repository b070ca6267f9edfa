// The tasks Sextant wrote in a tracker, as a listing of the tracker shows them (a read that sees
// new items at once, unlike a search index): read once per run, kept up to date with the run's
// own writes, and read afresh for states. What find() and states() answer from in trackers
// whose lookup is "list everything labelled sextant and read the key in each".
#pragma once

#include "sextant/plugin/error.hpp"
#include "sextant/plugin/task.hpp"

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace sextant::plugin {

class TaskListing {
 public:
  /// Reads the tracker's listing: (key, task) pairs, oldest first.
  using Reader = std::function<Result<std::vector<std::pair<std::string, RemoteTask>>>()>;
  /// Reads one task the listing lacks (its label was removed, say), by its id.
  using ReadOne = std::function<Result<RemoteTask>(const std::string& remote_id)>;

  explicit TaskListing(Reader read) : read_(std::move(read)) {}

  Result<std::optional<RemoteTask>> find(const std::string& key) {
    if (auto loaded = load(); !loaded) return loaded.error();
    auto it = by_key_->find(key);
    if (it == by_key_->end()) return std::optional<RemoteTask>{};
    return std::optional<RemoteTask>{it->second};
  }

  /// A task this run created or updated.
  void remember(const std::string& key, const RemoteTask& task) {
    if (by_key_) (*by_key_)[key] = task;
  }

  /// The tasks' states, in the order of `ids`, from a fresh listing.
  Result<std::vector<RemoteTask>> states(std::span<const std::string> ids, const ReadOne& read_one) {
    by_key_.reset();
    if (auto loaded = load(); !loaded) return loaded.error();
    std::map<std::string, RemoteTask> by_id;
    for (const auto& [key, task] : *by_key_) by_id[task.remote_id] = task;
    std::vector<RemoteTask> out;
    for (const auto& id : ids) {
      if (auto it = by_id.find(id); it != by_id.end()) {
        out.push_back(it->second);
        continue;
      }
      auto one = read_one(id);
      if (!one) return one.error();
      out.push_back(*one);
    }
    return out;
  }

 private:
  Result<> load() {
    if (by_key_) return {};
    auto listed = read_();
    if (!listed) return listed.error();
    std::map<std::string, RemoteTask> found;
    for (auto& [key, task] : *listed)
      if (!key.empty()) found.emplace(key, std::move(task));  // a key carried twice: the oldest wins
    by_key_ = std::move(found);
    return {};
  }

  Reader read_;
  std::optional<std::map<std::string, RemoteTask>> by_key_;
};

}  // namespace sextant::plugin
