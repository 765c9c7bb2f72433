// main() of the emulated-device tests. umockdev redirects /sys and /dev through its preload
// library, which must be loaded before the process starts; when it is not (ctest, or a direct
// run), the binary runs itself again with it, so `umockdev-wrapper` is not needed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  const char* preload = std::getenv("LD_PRELOAD");
  if (preload == nullptr || std::string(preload).find("libumockdev-preload") == std::string::npos) {
    std::string value = "libumockdev-preload.so.0";
    if (preload != nullptr && *preload != '\0') value += std::string(":") + preload;
    ::setenv("LD_PRELOAD", value.c_str(), 1);
    // Under ASan the preload comes before ASan's runtime, which ASan refuses unless told.
    const char* asan = std::getenv("ASAN_OPTIONS");
    std::string options = asan != nullptr ? asan : "";
    if (options.find("verify_asan_link_order") == std::string::npos) {
      options += std::string(options.empty() ? "" : ":") + "verify_asan_link_order=0";
      ::setenv("ASAN_OPTIONS", options.c_str(), 1);
    }
    ::execv("/proc/self/exe", argv);
    std::perror("cannot run the tests again under libumockdev-preload");
    return 1;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
