#include "board.hpp"

#include <sextant/plugin/calendar.hpp>
#include <sextant/plugin/task_text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

namespace sextant::local {

namespace {

struct Section {
  TaskState state;
  std::string_view heading;
};
constexpr std::array<Section, 3> kSections{{{TaskState::open, "Open"},
                                            {TaskState::in_progress, "In progress"},
                                            {TaskState::done, "Done"}}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<TaskState> section_state(std::string_view heading) {
  std::string h = lower(trim(heading));
  if (h == "open" || h == "to do" || h == "todo") return TaskState::open;
  if (h == "in progress" || h == "doing") return TaskState::in_progress;
  if (h == "done") return TaskState::done;
  return std::nullopt;
}

}  // namespace

Board Board::parse(std::string_view markdown) {
  Board board;
  TaskState section = TaskState::open;
  while (!markdown.empty()) {
    auto newline = markdown.find('\n');
    std::string_view line = markdown.substr(0, newline);
    markdown = newline == std::string_view::npos ? std::string_view{} : markdown.substr(newline + 1);
    if (line.starts_with("## ")) {
      section = section_state(line.substr(3)).value_or(section);
      continue;
    }
    BoardEntry entry;
    entry.key = plugin::marked_key(line);
    if (entry.key.empty()) continue;
    auto marker = line.rfind(plugin::kTaskMarkerOpen);
    std::string_view body = trim(line.substr(0, marker));
    if (body.starts_with("- ") || body.starts_with("* ")) body = trim(body.substr(2));
    bool ticked = false;
    if (body.size() >= 3 && body[0] == '[' && body[2] == ']') {
      ticked = body[1] == 'x' || body[1] == 'X';
      body = trim(body.substr(3));
    }
    entry.text = std::string(body);
    entry.state = ticked ? TaskState::done : section;
    if (!board.find(entry.key)) board.entries_.push_back(std::move(entry));
  }
  return board;
}

std::string Board::render(std::string_view title) const {
  std::string out = "# " + std::string(title) + "\n\n";
  out +=
      "Tasks written by `sextant push`. Move a line to another section, or tick its box, to change\n"
      "its state; keep the marker at the end of each line. Sextant rewrites the lines' text.\n";
  for (const auto& section : kSections) {
    out += "\n## " + std::string(section.heading) + "\n\n";
    for (const auto& e : entries_) {
      if (e.state != section.state) continue;
      out += std::string("- [") + (e.state == TaskState::done ? "x" : " ") + "] " + e.text + " " +
             plugin::task_marker(e.key) + "\n";
    }
  }
  return out;
}

const BoardEntry* Board::find(std::string_view key) const {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

void Board::upsert(std::string key, std::string text) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.key == key; });
  if (it != entries_.end()) it->text = std::move(text);
  else entries_.push_back({std::move(key), TaskState::open, std::move(text)});
}

bool Board::set_state(std::string_view key, TaskState state) {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const auto& e) { return e.key == key; });
  if (it == entries_.end()) return false;
  it->state = state;
  return true;
}

std::string describe(const TaskSpec& spec) {
  // The marker, not the text, identifies a line: keep text on one line.
  std::string title = spec.title;
  std::replace(title.begin(), title.end(), '\n', ' ');
  std::string out = spec.parent_key.empty() ? "**" + title + "**" : title;
  if (!spec.assignee.empty()) out += " — " + spec.assignee;
  if (spec.start && spec.due) out += " · " + format_date(*spec.start) + " → " + format_date(*spec.due);
  else if (spec.due) out += " · due " + format_date(*spec.due);
  for (const auto& label : spec.labels) out += " `" + label + "`";
  return out;
}

}  // namespace sextant::local
