// The suite every tracker plugin passes, on the plan of examples/plan.json (4 priorities, 12
// actions), through the sextant program: what lands in the tracker, exactly which writes an edit
// makes, states read back, dry runs, orphans, faults and crashes. Instantiated by each test
// program with its rigs (tracker_test for the fakes, redmine_test for the real Redmine).
#pragma once

#include "support/process.hpp"
#include "trackers/rig.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace sextant::test {

class TrackerSuite : public ::testing::TestWithParam<RigFactory> {
 protected:
  void SetUp() override;
  ProcessResult sextant(std::vector<std::string> args);
  /// The tracker's items by key; fails the test if a key is carried twice or an item carries none
  /// (every item counts, so a task a crash left without its key is seen).
  std::map<std::string, TrackerItem> items();
  void edit_plan(const std::string& from, const std::string& to);
  void write_config(const boost::json::object& tracker);

  std::unique_ptr<TrackerRig> rig_;
  ScratchDir dir_;
};

std::string rig_name(const ::testing::TestParamInfo<RigFactory>& info);

}  // namespace sextant::test
