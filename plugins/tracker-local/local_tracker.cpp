// tracker-local: the action plan as a Markdown board file beside the ledger. The file is the
// tracker: its marker lines carry the task keys, its sections the states people set.
#include "board.hpp"
#include "tracker_local_embedded.hpp"

#include <sextant/plugin/export.hpp>
#include <sextant/plugin/safe_file.hpp>
#include <sextant/plugin/settings.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

using sextant::Errc;
using sextant::Result;
using sextant::make_error;
using sextant::RemoteTask;
using sextant::TaskState;
using sextant::local::Board;

int percent_for(TaskState state) {
  switch (state) {
    case TaskState::open: return 0;
    case TaskState::in_progress: return 50;
    case TaskState::done: return 100;
  }
  return 0;
}

class LocalTracker final : public sextant::plugin::Tracker {
 public:
  LocalTracker(std::filesystem::path path, std::string title) : path_(std::move(path)), title_(std::move(title)) {}

  Result<> check() override {
    auto dir = path_.parent_path();
    if (!std::filesystem::is_directory(dir))
      return make_error(Errc::not_found, "the board's folder " + dir.string() + " does not exist");
    return {};
  }

  Result<std::optional<RemoteTask>> find(std::string_view key) override {
    auto board = load();
    if (!board) return board.error();
    const auto* entry = board->find(key);
    if (!entry) return std::optional<RemoteTask>{};
    return std::optional<RemoteTask>{remote(*entry)};
  }

  Result<RemoteTask> upsert(const sextant::TaskSpec& spec, std::string_view, std::string_view) override {
    auto board = load();
    if (!board) return board.error();
    board->upsert(spec.key, sextant::local::describe(spec));
    if (auto ok = save(*board); !ok) return ok.error();
    return remote(*board->find(spec.key));
  }

  Result<std::vector<RemoteTask>> states(std::span<const std::string> remote_ids) override {
    auto board = load();
    if (!board) return board.error();
    std::vector<RemoteTask> out;
    for (const auto& id : remote_ids) {
      const auto* entry = board->find(id);
      // A line someone deleted comes back without an id: the next push writes it back.
      out.push_back(entry ? remote(*entry) : RemoteTask{"", url(), TaskState::open, 0});
    }
    return out;
  }

  Result<> retire(std::string_view remote_id, std::string_view note, bool close) override {
    auto board = load();
    if (!board) return board.error();
    const auto* entry = board->find(remote_id);
    if (!entry) return {};
    if (entry->text.find(note) == std::string::npos) board->upsert(std::string(remote_id), entry->text + " — " + std::string(note));
    if (close) board->set_state(remote_id, TaskState::done);
    return save(*board);
  }

  Result<> set_state(std::string_view remote_id, TaskState state) override {
    auto board = load();
    if (!board) return board.error();
    if (!board->set_state(remote_id, state))
      return make_error(Errc::not_found, "no task " + std::string(remote_id) + " on the board " + path_.string());
    return save(*board);
  }

 private:
  [[nodiscard]] std::string url() const { return "file://" + path_.string(); }

  [[nodiscard]] RemoteTask remote(const sextant::local::BoardEntry& e) const {
    return RemoteTask{e.key, url(), e.state, percent_for(e.state)};
  }

  Result<Board> load() const {
    std::ifstream in(path_);
    if (!in) return Board{};  // no board yet: an empty one
    std::ostringstream text;
    text << in.rdbuf();
    return Board::parse(text.str());
  }

  // Replaced whole (safe_file.hpp), so the board is never seen half-written.
  Result<> save(const Board& board) const { return sextant::plugin::replace_file(path_, board.render(title_)); }

  std::filesystem::path path_;
  std::string title_;
};

class LocalFactory final : public sextant::plugin::TrackerFactory {
 public:
  [[nodiscard]] const sextant::plugin::Manifest& manifest() const noexcept override {
    static const sextant::plugin::Manifest m{
        "Tasks on a Markdown board file: edit the file, or run `sextant task set`, to move them",
        sextant_embedded::kConfigSchema, sextant_embedded::kSampleConfig, {}, {}};
    return m;
  }

  Result<std::unique_ptr<sextant::plugin::Tracker>> create(const boost::json::object& settings,
                                                           sextant::plugin::Host& host) const override {
    sextant::plugin::Settings s(settings);
    if (auto ok = s.only({"board", "title"}); !ok) return ok.error();
    auto board = s.string("board", "board.md");
    if (!board) return board.error();
    auto title = s.string("title", "Sextant board");
    if (!title) return title.error();
    return std::unique_ptr<sextant::plugin::Tracker>(
        std::make_unique<LocalTracker>(host.resolve_path(*board), *title));
  }
};

}  // namespace

SEXTANT_TRACKER_PLUGIN(LocalFactory, "local", "1.0.0")
