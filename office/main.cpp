#include <sys/stat.h>

#include <iostream>

#include "office/cli.h"
#include "office/systemd_service.h"

int main(int argc, char** argv) {
  // Everything rc-office creates (the ledger and its -wal/-shm, the TLS key, a folder) is
  // private to the office's user: 0600 files, 0700 folders.
  ::umask(077);
  // Under systemd with StandardError=journal, each line carries its priority ("<4>…").
  rc::office::service::usePriorityPrefixes(rc::office::service::stderrIsJournal());
  std::vector<std::string> args(argv + 1, argv + argc);
  return rc::office::runOffice(args, std::cout, std::cerr);
}
