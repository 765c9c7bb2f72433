#pragma once
// Runs a program (no shell) with its stdout and stderr captured, for tests of the CLIs.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace rc::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `input`: what the program reads on stdin (a file in the scratch folder); empty: the test's own.
inline ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args,
                                const std::string& scratch_dir, const std::string& input = {}) {
  const std::string out_path = scratch_dir + "/proc.out";
  const std::string err_path = scratch_dir + "/proc.err";
  const std::string in_path = scratch_dir + "/proc.in";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (!input.empty()) {
    std::ofstream(in_path, std::ios::binary) << input;
    posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
  }
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> all{program};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ProcessResult r;
  if (posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  }
  posix_spawn_file_actions_destroy(&fa);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

}  // namespace rc::test
