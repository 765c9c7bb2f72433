#pragma once
// rc-office as an installer or clerk runs it: the real binary on the demo village, built once
// per suite (init-demo, seed 7, up to 2026-11), with a scratch folder per test.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/run_process.h"
#include "support/temp_dir.h"

namespace rc::office {

class DemoCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_dir = new test::TempDir();
    s_db = s_dir->file("village.db");
    const auto r = test::runProcess(RC_OFFICE_BIN,
                                    {"--db", s_db, "init-demo", "--seed", "7", "--month", "2026-11"},
                                    s_dir->path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete s_dir;
    s_dir = nullptr;
  }

  // `input`: what rc-office reads on stdin.
  test::ProcessResult office(const std::vector<std::string>& args, const std::string& input = {}) {
    return test::runProcess(RC_OFFICE_BIN, args, m_scratch.path().string(), input);
  }
  // A private copy of the demo ledger, for tests that change it.
  std::string copyOfDemo() {
    const auto path = m_scratch.file("copy.db");
    std::filesystem::copy_file(s_db, path);
    return path;
  }

  static inline test::TempDir* s_dir = nullptr;
  static inline std::string s_db;
  test::TempDir m_scratch;
};

}  // namespace rc::office
