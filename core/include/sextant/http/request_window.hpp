// The sliding window PolicyClient lends to plugins: requests start in the order they were added,
// at most `width` in flight, and a place is given again as soon as an answer arrives, not when
// a whole batch has. Each request goes through the same policy as send(): paced once, retried
// when its answer is taken.
#pragma once

#include "sextant/http/policy_client.hpp"
#include "sextant/plugin/http.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

namespace sextant::http {

class RequestWindow final : public plugin::HttpWindow {
 public:
  RequestWindow(PolicyClient& client, int width) : client_(client), width_(width) {}
  ~RequestWindow() override;
  RequestWindow(const RequestWindow&) = delete;
  RequestWindow& operator=(const RequestWindow&) = delete;

  std::size_t add(plugin::HttpRequest request, plugin::ResponseInspector inspect) override;
  Result<plugin::HttpResponse> take(std::size_t ticket) override;
  [[nodiscard]] int width() const noexcept override { return width_; }

 private:
  struct Entry {
    plugin::HttpRequest request;
    plugin::ResponseInspector inspect;
    std::optional<PolicyClient::Launched> launched;  ///< set once its first attempt started
  };
  /// Starts waiting requests, in order, while there is a free place (a place is held from a
  /// request's start to its answer's arrival, not to its taking).
  void fill();
  /// Waits until a request in flight has ended, then gives its place to the next waiting one.
  void free_a_place();

  PolicyClient& client_;
  int width_;
  std::size_t next_ticket_ = 0;
  std::map<std::size_t, Entry> entries_;            // added, not yet taken
  std::deque<std::size_t> waiting_;                 // added, not yet started
  std::map<std::uint64_t, std::size_t> in_flight_;  // started exchange -> ticket, until it is known to have ended
};

}  // namespace sextant::http
