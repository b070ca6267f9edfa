// The real Redmine the redmine test program runs: started before its tests, stopped after.
#pragma once

#include "support/process.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace sextant::test {

/// A GoogleTest environment running tests/redmine/start.sh and stop.sh around the program.
class RedmineServer : public ::testing::Environment {
 public:
  void SetUp() override;
  void TearDown() override;
  /// Where start.sh wrote redmine.json, thin's pid and log, and the database copy.
  static std::filesystem::path dir();
};

}  // namespace sextant::test
