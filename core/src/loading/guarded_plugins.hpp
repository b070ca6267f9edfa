// Wrappers that stand between the core and a plugin object: they keep the plugin's library
// loaded for as long as the object lives, and turn any exception into an error value.
#pragma once

#include "sextant/plugin/source.hpp"
#include "sextant/plugin/tracker.hpp"

#include <memory>
#include <string>

namespace sextant::loading::detail {

/// Runs a call into a plugin; an exception becomes Errc::plugin_failed naming the plugin.
template <class F>
auto guard_call(const std::string& plugin, const char* what, F&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    return make_error(Errc::plugin_failed, "plugin \"" + plugin + "\" threw an exception in " + what + ": " + e.what());
  } catch (...) {
    return make_error(Errc::plugin_failed, "plugin \"" + plugin + "\" threw an unknown exception in " + what);
  }
}

class GuardedSource final : public plugin::Source {
 public:
  GuardedSource(std::shared_ptr<const void> library, std::unique_ptr<plugin::Source> inner, std::string name)
      : library_(std::move(library)), inner_(std::move(inner)), name_(std::move(name)) {}
  Result<> check() override { return guard_call(name_, "check()", [&] { return inner_->check(); }); }
  Result<> read(const plugin::ReadRequest& request, plugin::Emitter& out) override {
    return guard_call(name_, "read()", [&] { return inner_->read(request, out); });
  }

 private:
  std::shared_ptr<const void> library_;  // declared first: destroyed after inner_
  std::unique_ptr<plugin::Source> inner_;
  std::string name_;
};

class GuardedTracker final : public plugin::Tracker {
 public:
  GuardedTracker(std::shared_ptr<const void> library, std::unique_ptr<plugin::Tracker> inner, std::string name)
      : library_(std::move(library)), inner_(std::move(inner)), name_(std::move(name)) {}
  Result<> check() override { return guard_call(name_, "check()", [&] { return inner_->check(); }); }
  Result<std::optional<RemoteTask>> find(std::string_view key) override {
    return guard_call(name_, "find()", [&] { return inner_->find(key); });
  }
  [[nodiscard]] std::chrono::seconds find_lag() const override {
    try {
      return inner_->find_lag();
    } catch (...) {
      return std::chrono::minutes{1};  // a plugin that cannot say: wait as for a slow index
    }
  }
  Result<RemoteTask> upsert(const TaskSpec& spec, std::string_view remote_id, std::string_view parent) override {
    return guard_call(name_, "upsert()", [&] { return inner_->upsert(spec, remote_id, parent); });
  }
  Result<std::vector<RemoteTask>> states(std::span<const std::string> ids) override {
    return guard_call(name_, "states()", [&] { return inner_->states(ids); });
  }
  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    return guard_call(name_, "retire()", [&] { return inner_->retire(remote_id, note, close); });
  }
  Result<> set_state(std::string_view remote_id, TaskState state) override {
    return guard_call(name_, "set_state()", [&] { return inner_->set_state(remote_id, state); });
  }

 private:
  std::shared_ptr<const void> library_;
  std::unique_ptr<plugin::Tracker> inner_;
  std::string name_;
};

}  // namespace sextant::loading::detail
