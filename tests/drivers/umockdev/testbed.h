#pragma once
// RAII for umockdev's test bed and a few helpers shared by the emulated-device tests. The test
// binary runs under libumockdev-preload (umockdev_main.cpp sees to it), which redirects /sys and
// /dev of this process into the test bed.

#include <umockdev.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace rc::test {

struct GObjectDeleter {
  void operator()(void* p) const noexcept { g_object_unref(p); }
};
using TestbedPtr = std::unique_ptr<UMockdevTestbed, GObjectDeleter>;
using IoctlBasePtr = std::unique_ptr<UMockdevIoctlBase, GObjectDeleter>;

// A fresh, empty /sys and /dev for one test; removed with everything in it on destruction.
class Testbed {
 public:
  Testbed() : m_tb(umockdev_testbed_new()) {}
  UMockdevTestbed* get() const noexcept { return m_tb.get(); }

  // Adds devices described in umockdev-record's text format; fails the test on a parse error.
  bool add(const std::string& description) {
    GError* error = nullptr;
    const bool ok = umockdev_testbed_add_from_string(m_tb.get(), description.c_str(), &error);
    if (error != nullptr) {
      m_last_error = error->message;
      g_error_free(error);
    }
    return ok;
  }
  const std::string& lastError() const noexcept { return m_last_error; }

 private:
  TestbedPtr m_tb;
  std::string m_last_error;
};

// Polls `done` every millisecond until it holds or `timeout` passes; true if it held.
inline bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace rc::test
