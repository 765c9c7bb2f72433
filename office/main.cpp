#include <sys/stat.h>

#include <iostream>

#include "office/cli.h"

int main(int argc, char** argv) {
  // Everything rc-office creates (the ledger and its -wal/-shm, the TLS key, a folder) is
  // private to the office's user: 0600 files, 0700 folders.
  ::umask(077);
  std::vector<std::string> args(argv + 1, argv + argc);
  return rc::office::runOffice(args, std::cout, std::cerr);
}
