#include "sextant/http/request_window.hpp"

namespace sextant::http {

RequestWindow::~RequestWindow() {
  // Answers nobody will take (the plugin stopped early): their transfers end here.
  for (const auto& [ticket, entry] : entries_)
    if (entry.launched) client_.cancel(entry.launched->exchange);
}

std::size_t RequestWindow::add(plugin::HttpRequest request, plugin::ResponseInspector inspect) {
  const std::size_t ticket = next_ticket_++;
  entries_.emplace(ticket, Entry{std::move(request), std::move(inspect), std::nullopt});
  waiting_.push_back(ticket);
  fill();
  return ticket;
}

Result<plugin::HttpResponse> RequestWindow::take(std::size_t ticket) {
  auto it = entries_.find(ticket);
  if (it == entries_.end())
    return make_error(Errc::invalid_input, "HTTP window: request " + std::to_string(ticket) +
                                               " was never added, or its answer was taken already");
  while (!it->second.launched) free_a_place();
  const PolicyClient::Launched launched = *it->second.launched;
  in_flight_.erase(launched.exchange);
  auto answer = client_.land(it->second.request, it->second.inspect, launched);
  entries_.erase(it);
  fill();
  return answer;
}

void RequestWindow::fill() {
  while (!waiting_.empty()) {
    if (in_flight_.size() >= static_cast<std::size_t>(width_)) {
      // An answer that arrived and waits to be taken holds no place: only transfers do.
      auto ended = client_.ended_any();
      if (!ended) return;
      in_flight_.erase(*ended);
      continue;
    }
    const std::size_t ticket = waiting_.front();
    waiting_.pop_front();
    Entry& entry = entries_.at(ticket);
    entry.launched = client_.launch(entry.request);
    in_flight_.emplace(entry.launched->exchange, ticket);
  }
}

void RequestWindow::free_a_place() {
  if (auto ended = client_.wait_any()) in_flight_.erase(*ended);
  else in_flight_.clear();  // nothing is under way any more
  fill();
}

}  // namespace sextant::http
