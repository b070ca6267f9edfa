// The Markdown board of tracker-local: a file with an "Open", an "In progress" and a "Done"
// section, one line a task, each ending with a hidden <!-- sextant:KEY --> marker. People change
// a task's state by moving its line or ticking its box; Sextant rewrites the lines' text.
#pragma once

#include <sextant/plugin/task.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sextant::local {

struct BoardEntry {
  std::string key;
  TaskState state = TaskState::open;
  std::string text;  ///< the line without its box and marker
};

class Board {
 public:
  /// Reads a board from its Markdown text. Lines without a marker are not tasks and are dropped.
  static Board parse(std::string_view markdown);
  /// The whole file: a short header, then the three sections.
  [[nodiscard]] std::string render(std::string_view title) const;

  [[nodiscard]] const BoardEntry* find(std::string_view key) const;
  /// Adds the task, or replaces its text keeping the state people gave it.
  void upsert(std::string key, std::string text);
  /// False when no task has this key.
  bool set_state(std::string_view key, TaskState state);
  [[nodiscard]] const std::vector<BoardEntry>& entries() const { return entries_; }

 private:
  std::vector<BoardEntry> entries_;
};

/// One task's line text from its spec: "Title — who · 2026-03-02 → 2026-03-12 · labels".
std::string describe(const TaskSpec& spec);

}  // namespace sextant::local
