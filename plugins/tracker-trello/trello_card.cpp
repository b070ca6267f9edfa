#include "trello_card.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/json_fields.hpp>
#include <sextant/plugin/task_text.hpp>

#include <boost/json.hpp>

namespace sextant::trello {

using plugin::json_array;
using plugin::json_object;
using plugin::json_text;

Card read_card(const boost::json::object& o, const std::map<std::string, TaskState>& list_states) {
  Card card;
  card.key = plugin::marked_key(json_text(o, "desc"));
  card.task.remote_id = json_text(o, "id");
  card.task.url = json_text(o, "url");
  if (const auto* labels = json_array(o, "idLabels"))
    for (const auto& l : *labels)
      if (l.is_string()) card.label_ids.emplace_back(l.get_string());
  auto in_list = list_states.find(json_text(o, "idList"));
  TaskState state = in_list == list_states.end() ? TaskState::open : in_list->second;
  if (json_text(o, "closed") == "true" || json_text(o, "dueComplete") == "true") state = TaskState::done;
  int percent = state == TaskState::done ? 100 : 0;
  if (const auto* badges = json_object(o, "badges"); badges && state != TaskState::done) {
    int items = std::atoi(json_text(*badges, "checkItems").c_str());
    int checked = std::atoi(json_text(*badges, "checkItemsChecked").c_str());
    if (items > 0) percent = checked * 100 / items;
  }
  card.task.state = state;
  card.task.percent_done = percent;
  return card;
}

std::string trello_date(std::chrono::sys_days day) { return format_date(day) + "T12:00:00.000Z"; }

}  // namespace sextant::trello
