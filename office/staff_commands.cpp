// staff (add, pin, disable, enable, list), reconcile and export.
// Section index: arguments · PIN entry · staff · reconcile · export · dispatch
#include "office/staff_commands.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "core/csv.h"
#include "core/staff.h"
#include "core/types.h"
#include "db/exports.h"
#include "db/ledger.h"
#include "db/reconcile.h"
#include "db/staff.h"
#include "office/kiosk_export.h"
#include "office/sync_commands.h"

namespace rc::office {
namespace {

using nlohmann::json;

// ---- arguments -----------------------------------------------------------------------------

// ---- staff ---------------------------------------------------------------------------------

json memberJson(const db::StaffMember& m, const std::optional<db::StaffEventRow>& lock) {
  json j = {{"id", m.id},
            {"name", m.name},
            {"role", std::string(core::toString(m.role))},
            {"card_uid", m.card_uid},
            {"pin_set", !m.pin_hash.empty()},
            {"disabled", m.disabled}};
  if (lock) {
    j["last_lockout"] = {{"kiosk", lock->kiosk_id},
                         {"at", core::formatChinaTime(lock->at_ms)},
                         {"at_ms", lock->at_ms},
                         {"failures", lock->failures},
                         {"until", core::formatChinaTime(lock->until_ms)},
                         {"until_ms", lock->until_ms}};
  } else {
    j["last_lockout"] = nullptr;
  }
  return j;
}

std::string roleText(core::StaffRole r) {
  return r == core::StaffRole::Keeper ? "keeper 管理员" : "secretary 书记";
}

void printMember(std::ostream& out, const db::StaffMember& m,
                 const std::optional<db::StaffEventRow>& lock) {
  out << "  " << m.name << "  " << roleText(m.role) << "  card " << m.card_uid << "  "
      << (m.pin_hash.empty() ? "no PIN yet" : "PIN set") << "  "
      << (m.disabled ? "DISABLED" : "active");
  if (lock) {
    out << "\n      last lockout: kiosk " << lock->kiosk_id << " at "
        << core::formatChinaTime(lock->at_ms) << ", " << lock->failures << " wrong PINs, locked until "
        << core::formatChinaTime(lock->until_ms);
  }
  out << "\n";
}

db::StaffMember orFail(db::LedgerResult<db::StaffMember> r) {
  if (!r) {
    if (r.error().code == db::LedgerError::Storage) throw std::runtime_error(r.error().message);
    throw std::invalid_argument(r.error().message);
  }
  return *r;
}

std::string oneName(const Args& p, std::string_view what) {
  if (p.words.size() != 1) {
    throw std::invalid_argument("staff " + std::string(what) + " takes one NAME, e.g. staff " +
                                std::string(what) + " 王秀英");
  }
  if (!core::validStaffName(p.words.front())) {
    throw std::invalid_argument("a staff name is 1 to 32 bytes of text without control characters");
  }
  return p.words.front();
}

int cmdStaff(const StaffCommand& c, std::ostream& out, std::ostream& err) {
  if (c.args.empty()) {
    throw std::invalid_argument("staff needs add, pin, disable, enable or list; see rc-office --help");
  }
  const std::string sub = c.args.front();
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "add") {
    const auto p = parseArgs(rest, {"--card", "--role"}, "staff add");
    const auto name = oneName(p, "add");
    const auto card = p.flag("--card");
    if (!card) throw std::invalid_argument("staff add needs --card UID (the staff card's UID)");
    auto role = core::StaffRole::Keeper;
    if (auto r = p.flag("--role")) {
      const auto parsed = core::staffRoleFromString(*r);
      if (!parsed) throw std::invalid_argument("--role is keeper or secretary, not '" + *r + "'");
      role = *parsed;
    }
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    const auto m = orFail(repo.add(name, *card, role, db::nowMs()));
    if (c.json) {
      out << memberJson(m, std::nullopt).dump(2) << "\n";
    } else {
      out << "Added " << m.name << " (" << roleText(m.role) << ", card " << m.card_uid
          << "). Set a PIN with: rc-office --db " << c.db_path << " staff pin " << m.name << "\n";
    }
    return 0;
  }
  if (sub == "pin") {
    const auto name = oneName(parseArgs(rest, {}, "staff pin"), "pin");
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    if (!repo.byName(name)) throw std::invalid_argument("no staff member " + name);
    const auto first = askSecret("New 6-digit PIN for " + name + ": ", err);
    if (!first || !core::validPin(*first)) {
      throw std::invalid_argument("a PIN is exactly 6 digits; nothing was changed");
    }
    const auto second = askSecret("The same PIN again: ", err);
    if (!second || *second != *first) {
      throw std::invalid_argument("the two PINs differ; nothing was changed");
    }
    const auto hash = db::hashPin(*first, secretCost());
    if (hash.empty()) throw std::runtime_error("the PIN could not be hashed (out of memory?)");
    const auto m = orFail(repo.setPinHash(name, hash, db::nowMs()));
    if (c.json) {
      out << memberJson(m, db::lastLockout(d, m.card_uid)).dump(2) << "\n";
    } else {
      out << "PIN set for " << m.name << "; kiosks receive it (as a hash) with their next pull.\n";
    }
    return 0;
  }
  if (sub == "disable" || sub == "enable") {
    const auto name = oneName(parseArgs(rest, {}, "staff " + sub), sub);
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    if (!repo.byName(name)) throw std::invalid_argument("no staff member " + name);
    const auto m = orFail(repo.setDisabled(name, sub == "disable", db::nowMs()));
    if (c.json) {
      out << memberJson(m, db::lastLockout(d, m.card_uid)).dump(2) << "\n";
    } else {
      out << m.name << (m.disabled ? " is disabled: " : " is enabled: ")
          << (m.disabled ? "kiosks refuse the card after their next pull.\n"
                         : "kiosks accept the card again after their next pull.\n");
    }
    return 0;
  }
  if (sub == "list") {
    if (!rest.empty()) throw std::invalid_argument("staff list takes no argument '" + rest.front() + "'");
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    const auto all = repo.list();
    if (c.json) {
      json list = json::array();
      for (const auto& m : all) list.push_back(memberJson(m, db::lastLockout(d, m.card_uid)));
      out << list.dump(2) << "\n";
      return 0;
    }
    out << "Staff (员工) — " << all.size() << "\n";
    if (all.empty()) out << "  (none; add one with: staff add NAME --card UID)\n";
    for (const auto& m : all) printMember(out, m, db::lastLockout(d, m.card_uid));
    return 0;
  }
  throw std::invalid_argument("staff has no '" + sub + "'; use add, pin, disable, enable or list");
}

// ---- reconcile -----------------------------------------------------------------------------

std::string summaryText(const core::DaySummary& s) {
  return std::to_string(s.entries) + " entries: " + std::to_string(s.redemptions) +
         " redemptions (" + std::to_string(s.redeemed_points) + " points), " +
         std::to_string(s.bookings) + " bookings (" + std::to_string(s.booked_points) +
         " points), " + std::to_string(s.voids) + " voids (" + std::to_string(s.returned_points) +
         " points back)";
}

void printReport(std::ostream& out, const db::ReconcileReport& r) {
  out << "对账 Reconciliation of " << r.day << " (China Standard Time)\n";
  if (r.kiosks.empty()) out << "\n  No kiosk is enrolled, and none sold or closed that day.\n";
  for (const auto& k : r.kiosks) {
    out << "\nKiosk " << k.kiosk_id << (k.enrolled ? "" : " (on the office's own file)") << ": "
        << (k.agrees() ? "agrees" : std::to_string(k.differenceCount()) + " difference(s)") << "\n";
    for (const auto& d : k.differences) out << "  ✗ " << d << "\n";
    for (const auto& c : k.closes) {
      out << "  " << core::dayCloseNumber(c.close.number) << " 日结 by " << c.close.staff_name
          << " at " << core::formatChinaTime(c.close.closed_at_ms) << ", entries "
          << c.close.first_seq << ".." << c.close.last_seq << "\n";
      if (c.kiosk) out << "    kiosk:  " << summaryText(*c.kiosk) << "\n";
      if (c.office) out << "    office: " << summaryText(*c.office) << "\n";
      if (c.differences.empty()) {
        out << "    ✓ figures, entry range and chain head agree\n";
      } else {
        for (const auto& d : c.differences) out << "    ✗ " << d << "\n";
      }
    }
    if (!k.lines.empty()) {
      out << "  On the office's lists that day:\n";
      for (const auto& l : k.lines) {
        out << "    " << core::formatChinaTime(l.at_ms).substr(11) << "  " << std::left
            << std::setw(17) << l.problem << l.subject << "  " << l.text << "\n";
      }
    }
  }
  out << "\n"
      << (r.agrees() ? "All agree.\n"
                     : std::to_string(r.differenceCount()) + " difference(s) to look into.\n");
}

int cmdReconcile(const StaffCommand& c, std::ostream& out) {
  const auto p = parseArgs(c.args, {"--day", "--kiosk"}, "reconcile");
  if (!p.words.empty()) throw std::invalid_argument("reconcile takes no argument '" + p.words.front() + "'");
  const auto day = p.flag("--day");
  if (!day) throw std::invalid_argument("reconcile needs --day YYYY-MM-DD");
  if (!core::chinaDayStartMs(*day)) {
    throw std::invalid_argument("'" + *day + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
  }
  const auto kiosk = p.flag("--kiosk").value_or("");
  auto d = openLedger(c.db_path);
  auto r = db::reconcileDay(d, *day, kiosk);
  if (!r) {
    if (r.error().code == db::ReconcileError::Storage) throw std::runtime_error(r.error().message);
    throw std::invalid_argument(r.error().message);
  }
  if (c.json) {
    out << reconcileJson(*r).dump(2) << "\n";
  } else {
    printReport(out, *r);
  }
  return r->agrees() ? 0 : 1;
}

// ---- export --------------------------------------------------------------------------------

constexpr std::int64_t kProgressEvery = 10'000;

int runExport(const StaffCommand& c, std::ostream& out, std::ostream& err) {
  const auto p =
      parseArgs(c.args, {"--day", "--month", "--kiosk", "--format", "--out"}, "export", {"--force"});
  if (!p.words.empty()) throw std::invalid_argument("export takes no argument '" + p.words.front() + "'");
  const bool force = !p.switches.empty();
  const auto day = p.flag("--day");
  const auto month = p.flag("--month");
  if (day.has_value() == month.has_value()) {
    throw std::invalid_argument("export needs --day YYYY-MM-DD or --month YYYY-MM (one of them)");
  }
  const ExportPeriod period = day ? exportDay(*day) : exportMonth(*month);
  const auto format = p.flag("--format");
  if (!format || (*format != "csv" && *format != "xlsx")) {
    throw std::invalid_argument("export needs --format csv or --format xlsx");
  }
  const auto path = p.flag("--out");
  if (!path || path->empty()) throw std::invalid_argument("export needs --out FILE");
  const auto kiosk = p.flag("--kiosk").value_or("");
  auto d = openLedger(c.db_path);
  if (!kiosk.empty() && kiosk != db::kOfficeKioskId && !db::knownKiosk(d, kiosk)) {
    throw std::invalid_argument("no kiosk named '" + kiosk + "' (see rc-office kiosks)");
  }
  OutputFile file(*path, force);
  auto progress = [&](std::int64_t written, std::int64_t total) {
    if (written % kProgressEvery == 0) {
      err << "  exported " << written << " of " << total << " transactions\n" << std::flush;
    }
  };
  ExportCounts counts;
  if (*format == "csv") {
    std::ofstream f(file.tmp(), std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + file.tmp());
    counts = writeExportCsv(d, period, kiosk, f, progress);
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + file.tmp() + " (disk full?)");
  } else {
    counts = writeExportXlsx(d, period, kiosk, file.tmp(), progress);
  }
  file.commit();
  const std::int64_t written = counts.transactions;
  err << "  exported " << written << " transactions\n" << std::flush;
  if (c.json) {
    out << json{{"out", *path}, {"format", *format}, {"transactions", written},
                {"stock_movements", *format == "xlsx" ? json(counts.stock_movements) : json(nullptr)}}
               .dump(2)
        << "\n";
  } else {
    out << "Wrote " << *path << ": " << written << " transactions"
        << (*format == "xlsx" ? ", totals and " + std::to_string(counts.stock_movements) + " stock movements" : std::string())
        << ".\n";
  }
  return 0;
}

}  // namespace

// ---- dispatch ------------------------------------------------------------------------------

bool isStaffCommand(const std::string& name) noexcept {
  return name == "staff" || name == "reconcile" || name == "export";
}

int runStaffCommand(const StaffCommand& c, const core::Settings&, std::ostream& out,
                    std::ostream& err) {
  if (c.name == "staff") return cmdStaff(c, out, err);
  if (c.name == "reconcile") return cmdReconcile(c, out);
  return runExport(c, out, err);
}

}  // namespace rc::office
