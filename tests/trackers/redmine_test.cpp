// The tracker suite on a real Redmine 5 from Debian's packages, configured by the CTest fixture
// redmine_setup (tests/redmine/setup.sh) and started for this program by RedmineServer.
#include "trackers/redmine_rig.hpp"
#include "trackers/tracker_suite.hpp"

#include <stdexcept>

namespace sextant::test {

std::filesystem::path RedmineServer::dir() { return SEXTANT_TEST_REDMINE_RUN_DIR; }

void RedmineServer::SetUp() {
  std::filesystem::create_directories(dir());
  auto started = run({(source_dir() / "tests/redmine/start.sh").string(), dir().string(), SEXTANT_TEST_REDMINE_STATE_DIR});
  if (started.exit_code != 0) throw std::runtime_error("Redmine did not start: " + started.out + started.err);
}

void RedmineServer::TearDown() { run({(source_dir() / "tests/redmine/stop.sh").string(), dir().string()}); }

INSTANTIATE_TEST_SUITE_P(Real, TrackerSuite, ::testing::Values(RigFactory{"redmine", redmine_rig}), rig_name);

}  // namespace sextant::test

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sextant::test::RedmineServer);
  return RUN_ALL_TESTS();
}
