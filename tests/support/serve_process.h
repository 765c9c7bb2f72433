#pragma once
// `rc-office serve` as a real background process for the CLI tests: started on an ephemeral
// port of 127.0.0.1, its first stdout lines read back (it prints them once it listens), and
// stopped with SIGTERM.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/run_process.h"

namespace rc::test {

// Starts `office_bin --db DB serve --listen 127.0.0.1:0` with its output in `scratch_dir`
// (serve.out, serve.err) and waits up to 5 s for `wanted` lines of stdout, left in `lines`.
inline pid_t startServe(const std::string& office_bin, const std::string& db, const std::string& scratch_dir,
                        std::vector<std::string>& lines, std::size_t wanted) {
  const std::string out_path = scratch_dir + "/serve.out";
  const std::string err_path = scratch_dir + "/serve.err";
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = {office_bin, "--db", db, "serve", "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, office_bin.c_str(), &fa, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
  for (int i = 0; pid > 0 && i < 500 && lines.size() < wanted; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string out = slurp(out_path);
    lines.clear();
    for (std::size_t at = 0, nl = 0;
         lines.size() < wanted && (nl = out.find('\n', at)) != std::string::npos; at = nl + 1) {
      lines.push_back(out.substr(at, nl - at));
    }
  }
  return pid;
}

// SIGTERM, and the exit status once it stopped (-1: it had to be killed).
inline int stopServe(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

}  // namespace rc::test
