#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "fatal_signal.hpp"
#include "host.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  ax::kernel::install_interrupt_handler();
  ax::kernel::install_terminate_handler();
  ax::kernel::install_fatal_signal_handler();
  std::vector<std::string> args(argv + 1, argv + argc);
  int code = ax::kernel::run_cli(args, std::cout, std::cerr);
  std::cout.flush();
  return code;
}
