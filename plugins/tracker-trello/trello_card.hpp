// Trello cards as Sextant sees them: the task a card is (its key from the description's marker)
// and its state, which is the list it sits in (archived or due-complete cards are done).
#pragma once

#include <sextant/plugin/task.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

namespace sextant::trello {

struct Card {
  std::string key;                  ///< from the marker in the description; "" if Sextant did not write it
  RemoteTask task;                  ///< remote_id is the card's id
  std::vector<std::string> label_ids;
};

/// `list_states`: the board's list ids → the state a card in that list is in.
Card read_card(const boost::json::object& o, const std::map<std::string, TaskState>& list_states);

/// "2026-03-02T12:00:00.000Z": a day as Trello's date fields take it (noon UTC, so that no time
/// zone moves it to another day).
std::string trello_date(std::chrono::sys_days day);

}  // namespace sextant::trello
