#include "drivers/file_printer.h"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "drivers/usb_printer.h"

namespace rc::drivers {
namespace {

constexpr int kMaxJobs = 9999;  // NNNN

// The number of a file named NNNN.escpos, or 0.
int jobNumber(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  if (name.size() != 11 || name.substr(4) != ".escpos") return 0;
  int n = 0;
  const auto [ptr, ec] = std::from_chars(name.data(), name.data() + 4, n);
  return ec == std::errc{} && ptr == name.data() + 4 ? n : 0;
}

}  // namespace

rc::Result<std::unique_ptr<FilePrinter>, std::string> FilePrinter::open(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return rc::err("cannot make the printer folder " + dir + ": " + ec.message());
  }
  int highest = 0;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    highest = std::max(highest, jobNumber(it->path()));
  }
  return std::unique_ptr<FilePrinter>(new FilePrinter(dir, highest + 1));
}

FilePrinter::FilePrinter(std::string dir, int next) : m_dir(std::move(dir)), m_next(next) {
  m_status.state = PrinterState::Ready;
  m_status.device = m_dir;
}

bool FilePrinter::print(std::vector<std::uint8_t> job) {
  std::lock_guard lock(m_mutex);
  auto fail = [&](std::string why) {
    ++m_status.failed;
    m_status.state = PrinterState::Error;
    m_status.detail = std::move(why);
    return false;
  };
  if (m_next > kMaxJobs) return fail("the printer folder holds 9999 jobs");
  char name[32];
  std::snprintf(name, sizeof name, "%04d.escpos", m_next);
  const std::filesystem::path final_path = std::filesystem::path(m_dir) / name;
  const std::filesystem::path tmp = final_path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(job.data()), static_cast<std::streamsize>(job.size()));
    out.close();
    if (!out) return fail("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, final_path, ec);
  if (ec) return fail("cannot write " + final_path.string() + ": " + ec.message());
  ++m_next;
  ++m_status.printed;
  m_status.state = PrinterState::Ready;
  m_status.detail.clear();
  return true;
}

PrinterStatus FilePrinter::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

rc::Result<std::unique_ptr<Printer>, std::string> makePrinter(const PrinterConfig& config,
                                                              const std::string& out_dir) {
  if (!out_dir.empty()) {
    auto made = FilePrinter::open(out_dir);
    if (!made) return rc::err(made.error());
    return std::unique_ptr<Printer>(std::move(made.value()));
  }
  if (config.kind == PrinterKind::None) return std::unique_ptr<Printer>();
  auto usb = std::make_unique<UsbPrinter>(config);
  if (auto started = usb->start(); !started) return rc::err(started.error());
  return std::unique_ptr<Printer>(std::move(usb));
}

}  // namespace rc::drivers
