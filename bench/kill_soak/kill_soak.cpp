// The kill soak (make kill-soak; not in CI, not in make test): SIGKILL `sextant sync` and
// `sextant push` at random moments, many times, each kill followed by a run that completes, then
// count what was lost or doubled and whether the ledger is still a sound SQLite file.
//
//   sync: a fresh ledger per kill against the fake WooCommerce (tests/fakes/fake_woocommerce.py),
//         compared with one uninterrupted sync: every order present at its last version, every
//         daily fact equal (lower = lost, higher = doubled).
//   push: the local board and the fake GitHub, GitLab, Jira and Trello (the tracker suite's rigs),
//         the kills spread across them. Each round brings a new action (the last round's stays in
//         the tracker, orphaned) and renames another, so every push has a create and updates to
//         interrupt; after the completing push, every item in the tracker is counted, keyed or
//         not: each task ever pushed must be there exactly once.
//
// Usage: kill_soak [--kills N] [--orders N] [--targets LIST] [--seed S]
//   --kills: for sync, and for push (spread over the push targets chosen); 1000 each by default
//   --orders: in the fake shop, 2000 by default (20 pages)
//   --targets: sync, push (all five), or any of push/local, push/github, push/gitlab,
//              push/jira, push/trello, comma-separated (to run parts side by side)
#include "support/fake_server.hpp"
#include "support/process.hpp"
#include "trackers/rig.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace sextant::test {
namespace {

namespace json = boost::json;
using namespace std::chrono;

struct Tally {
  std::string target;
  int kills = 0, lost = 0, doubled = 0, integrity_failures = 0, failed_runs = 0;
  [[nodiscard]] bool clean() const { return lost == 0 && doubled == 0 && integrity_failures == 0 && failed_runs == 0; }
};

bool ledger_sound(const std::filesystem::path& ledger) {
  SQLite::Database db(ledger.string(), SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA integrity_check").getString() == "ok";
}

// Runs `argv` and kills it after a random delay in [0, longest); false when the run ended first
// (then it must have succeeded).
bool kill_at_random(const std::vector<std::string>& argv, const ProcessOptions& options, microseconds longest,
                    std::mt19937& random, Tally& tally) {
  std::uniform_int_distribution<long> delay(0, std::max<long>(1, longest.count()));
  auto outcome = kill_after(argv, options, microseconds{delay(random)});
  if (outcome.killed) {
    if (++tally.kills % 50 == 0)  // progress, for a soak that runs for an hour
      std::cerr << tally.target << ": " << tally.kills << " kills, " << tally.lost << " lost, " << tally.doubled
                << " doubled, " << tally.integrity_failures << " integrity failures so far" << std::endl;
    return true;
  }
  if (outcome.ended.exit_code != 0) {
    ++tally.failed_runs;
    std::cerr << tally.target << ": a run failed: " << outcome.ended.err << "\n";
  }
  return false;
}

// ---- sync ---------------------------------------------------------------------------------

void write_shop_workspace(const std::filesystem::path& dir, const FakeServer& shop) {
  write_file(dir / "plan.json", read_file(source_dir() / "tests/data/valid/plan.json"));
  json::object config{
      {"sources", json::array{json::object{{"name", "woo"},
                                           {"plugin", "woocommerce"},
                                           {"settings", {{"url", shop.url()},
                                                         {"consumer_key", {{"env", "WC_KEY"}}},
                                                         {"consumer_secret", {{"env", "WC_SECRET"}}}}}}}}};
  write_file(dir / "sextant.json", json::serialize(config));
}

// Rows of `query` (a count) comparing the soaked ledger (main) with the reference (ref).
int count(SQLite::Database& db, const std::string& query) { return db.execAndGet(query).getInt(); }

Tally sync_soak(int kills, int orders, std::mt19937& random) {
  Tally tally{"sync"};
  FakeServer shop("fake_woocommerce.py", {"--generate", std::to_string(orders), "--seed", "5"});
  const std::map<std::string, std::string> secrets{{"WC_KEY", "ck_test"}, {"WC_SECRET", "cs_test"}};
  const std::vector<std::string> sync{sextant_program(), "--today", "2026-04-05", "-q", "sync"};

  ScratchDir reference;
  write_shop_workspace(reference.path(), shop);
  auto started = steady_clock::now();
  if (run(sync, {reference.path(), secrets}).exit_code != 0) throw std::runtime_error("the reference sync failed");
  const auto full = duration_cast<microseconds>(steady_clock::now() - started);
  const std::string reference_ledger = (reference / "sextant.db").string();

  while (tally.kills < kills) {
    ScratchDir dir;
    write_shop_workspace(dir.path(), shop);
    if (!kill_at_random(sync, {dir.path(), secrets}, full, random, tally)) continue;  // synced: a new ledger
    auto completed = run(sync, {dir.path(), secrets});
    if (completed.exit_code != 0) {
      ++tally.failed_runs;
      std::cerr << "sync: the run after a kill failed: " << completed.err << "\n";
      continue;
    }
    const auto ledger = dir / "sextant.db";
    if (!ledger_sound(ledger)) {
      ++tally.integrity_failures;
      continue;
    }
    SQLite::Database db(ledger.string(), SQLite::OPEN_READWRITE);
    db.exec("ATTACH DATABASE '" + reference_ledger + "' AS ref");
    tally.lost += count(db, "SELECT count(*) FROM ref.orders r WHERE NOT EXISTS (SELECT 1 FROM main.orders o WHERE "
                            "o.source = r.source AND o.id = r.id AND o.updated_at = r.updated_at)");
    tally.lost += count(db, "SELECT count(*) FROM ref.daily_facts r LEFT JOIN main.daily_facts f USING (source, day, metric) "
                            "WHERE f.value IS NULL OR f.value < r.value");
    tally.doubled += count(db, "SELECT count(*) FROM main.orders o WHERE NOT EXISTS (SELECT 1 FROM ref.orders r WHERE "
                               "o.source = r.source AND o.id = r.id)");
    tally.doubled += count(db, "SELECT count(*) FROM main.daily_facts f LEFT JOIN ref.daily_facts r USING (source, day, metric) "
                               "WHERE r.value IS NULL OR f.value > r.value");
  }
  return tally;
}

// ---- push ---------------------------------------------------------------------------------

// What the soak needs of a tracker: its config, and the key of every item it holds ("" for an
// item without one).
struct Target {
  std::string name;
  json::object tracker;
  std::map<std::string, std::string> env;
  std::function<std::vector<std::string>()> keys;
};

std::vector<std::string> board_keys(const std::filesystem::path& board) {
  std::vector<std::string> keys;
  std::string text = std::filesystem::exists(board) ? read_file(board) : "";
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    auto end = text.find('\n', line_start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(line_start, end - line_start);
    line_start = end + 1;
    if (!line.starts_with("- [")) continue;  // every task line, with or without its marker
    auto marker = line.find("<!-- sextant:");
    keys.push_back(marker == std::string::npos ? "" : line.substr(marker + 13, line.find(" -->", marker) - marker - 13));
  }
  return keys;
}

Target rig_target(const std::string& name, TrackerRig& rig) {
  return {name, rig.tracker_config(), rig.env(), [&rig] {
            std::vector<std::string> keys;
            for (const auto& item : rig.items()) keys.push_back(item.key);
            return keys;
          }};
}

// examples/plan.json with the round's own action (a1001, a1002...) and a1 renamed for the round.
// Each round's action replaces the last one's, which stays in the tracker as an orphan (a comment,
// never deleted): a round costs the same writes however long the soak (a create, its link, the
// orphan's note, the rename), where piling actions up would re-estimate their siblings. The
// actions go under p4 for 90 rounds, then p3, p2, p1: GitHub caps a parent at 100 sub-issues, and
// orphans keep their link, so a GitHub soak holds 360 rounds.
std::string round_plan(const std::string& base, int round) {
  std::string plan = base;
  const std::string priority = "p" + std::to_string(4 - (round / 90) % 4);
  const std::string added = round == 0 ? "" :
      ",\n    { \"id\": \"a" + std::to_string(1000 + round) + "\", \"priority\": \"" + priority + "\", \"what\": \"Soak action " +
      std::to_string(round) +
      "\", \"who\": \"claire\", \"for_whom\": \"everyone\", \"when\": \"2026-04-01\", \"days\": 1, \"how\": \"somehow\" }";
  const std::string last = "\"dashboard + carrier invoices\" }";
  plan.insert(plan.find(last) + last.size(), added);
  const std::string title = "Launch bundles on the 20 best sellers";
  plan.replace(plan.find(title), title.size(), "Launch bundles, round " + std::to_string(round));
  return plan;
}

Tally push_soak(const Target& target, const ScratchDir& dir, int kills, std::mt19937& random) {
  Tally tally{target.name};
  const std::string base = read_file(source_dir() / "examples/plan.json");
  json::object config{{"plan", "plan.json"},
                      {"ledger", "sextant.db"},
                      {"sources", json::array{json::object{{"name", "shop"}, {"plugin", "demo"}}}},
                      {"tracker", target.tracker}};
  write_file(dir / "sextant.json", json::serialize(config));
  const std::vector<std::string> push{sextant_program(), "--today", "2026-03-01", "-q", "push"};
  const ProcessOptions options{dir.path(), target.env};

  // Round 0, uninterrupted: the 16 tasks, and how long a round's push may take.
  write_file(dir / "plan.json", round_plan(base, 0));
  if (run(push, options).exit_code != 0) throw std::runtime_error(target.name + ": the first push failed");
  write_file(dir / "plan.json", round_plan(base, 1));
  auto started = steady_clock::now();
  if (run(push, options).exit_code != 0) throw std::runtime_error(target.name + ": the first round failed");
  const auto round_time = duration_cast<microseconds>(steady_clock::now() - started);

  std::set<std::string> expected;
  for (const char* p : {"p1", "p2", "p3", "p4"}) expected.insert(std::string("maison-dupont/") + p);
  for (int a = 1; a <= 12; ++a) expected.insert("maison-dupont/a" + std::to_string(a));
  expected.insert("maison-dupont/a1001");

  for (int round = 2; tally.kills < kills; ++round) {
    write_file(dir / "plan.json", round_plan(base, round));
    expected.insert("maison-dupont/a" + std::to_string(1000 + round));
    kill_at_random(push, options, round_time, random, tally);  // a push that ended first is checked all the same
    auto completed = run(push, options);
    if (completed.exit_code != 0) {
      ++tally.failed_runs;
      std::cerr << target.name << ": the push after a kill failed: " << completed.err << "\n";
      continue;
    }
    if (!ledger_sound(dir / "sextant.db")) ++tally.integrity_failures;
    std::map<std::string, int> seen;
    for (const auto& key : target.keys()) ++seen[key];
    for (const auto& key : expected)
      if (!seen.contains(key)) ++tally.lost;
    for (const auto& [key, times] : seen) tally.doubled += expected.contains(key) ? times - 1 : times;
  }
  return tally;
}

// ---- driver -------------------------------------------------------------------------------

// The push targets, in the order a full soak runs them.
const std::vector<std::string> kPushTargets{"push/local", "push/github", "push/gitlab", "push/jira", "push/trello"};

std::unique_ptr<TrackerRig> make_rig(const std::string& target) {
  if (target == "push/github") return github_rig_for_soak();
  if (target == "push/gitlab") return gitlab_rig();
  if (target == "push/jira") return jira_rig();
  return trello_rig();
}

struct Options {
  int kills = 1000;
  int orders = 2000;  ///< in the fake shop the sync reads
  std::set<std::string> targets{"sync", "push/local", "push/github", "push/gitlab", "push/jira", "push/trello"};
  unsigned seed = std::random_device{}();
};

[[noreturn]] void usage() {
  std::cerr << "usage: kill_soak [--kills N] [--orders N] [--targets sync,push|push/local,push/github,...] [--seed S]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--kills" && i + 1 < argc) o.kills = std::stoi(argv[++i]);
    else if (arg == "--orders" && i + 1 < argc) o.orders = std::stoi(argv[++i]);
    else if (arg == "--seed" && i + 1 < argc) o.seed = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (arg == "--targets" && i + 1 < argc) {
      o.targets.clear();
      std::string list = std::string(argv[++i]) + ",";
      for (auto at = list.find(','); at != std::string::npos; list.erase(0, at + 1), at = list.find(',')) {
        std::string name = list.substr(0, at);
        if (name == "push") o.targets.insert(kPushTargets.begin(), kPushTargets.end());
        else if (name == "sync" || std::find(kPushTargets.begin(), kPushTargets.end(), name) != kPushTargets.end())
          o.targets.insert(name);
        else usage();
      }
    } else {
      usage();
    }
  }
  return o;
}

}  // namespace
}  // namespace sextant::test

int main(int argc, char** argv) {
  using namespace sextant::test;
  const auto options = parse(argc, argv);
  std::cout << "kill soak: " << options.kills << " kills each for sync and push, seed " << options.seed << std::endl;
  std::mt19937 random(options.seed);
  std::vector<Tally> tallies;
  const auto started = std::chrono::steady_clock::now();
  if (options.targets.contains("sync")) tallies.push_back(sync_soak(options.kills, options.orders, random));
  std::vector<std::string> pushes;
  for (const auto& name : kPushTargets)
    if (options.targets.contains(name)) pushes.push_back(name);
  for (std::size_t i = 0; i < pushes.size(); ++i) {  // the push kills spread over the targets
    const int parts = static_cast<int>(pushes.size());
    const int share = options.kills / parts + (static_cast<int>(i) < options.kills % parts ? 1 : 0);
    ScratchDir dir;
    std::unique_ptr<TrackerRig> rig;
    Target target = pushes[i] == "push/local"
                        ? Target{pushes[i], {{"plugin", "local"}, {"settings", {{"board", "board.md"}}}}, {},
                                 [&dir] { return board_keys(dir / "board.md"); }}
                        : rig_target(pushes[i], *(rig = make_rig(pushes[i])));
    tallies.push_back(push_soak(target, dir, share, random));
  }
  bool clean = true;
  std::printf("%-12s %6s %6s %8s %19s %12s\n", "target", "kills", "lost", "doubled", "integrity failures", "failed runs");
  for (const auto& t : tallies) {
    std::printf("%-12s %6d %6d %8d %19d %12d\n", t.target.c_str(), t.kills, t.lost, t.doubled, t.integrity_failures,
                t.failed_runs);
    clean = clean && t.clean();
  }
  const auto minutes = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / 60;
  std::printf("%s in %.1f min\n", clean ? "clean" : "NOT CLEAN", minutes);
  return clean ? 0 : 1;
}
