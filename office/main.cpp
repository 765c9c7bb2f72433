#include <iostream>

#include "office/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return rc::office::runOffice(args, std::cout, std::cerr);
}
